package org.darlingtontogether.carehub.ops;

import java.util.List;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API over the inbox: list and inspect entries (never their content), release quarantined messages
 * with a traced NHS number, replay failed ones. Access is restricted to operations clients by the security
 * configuration, not here.
 */
@RestController
@RequestMapping(path = "/api/ops", produces = "application/json")
public class InboxOpsController {

    private final InboxOperations operations;

    public InboxOpsController(InboxOperations operations) {
        this.operations = operations;
    }

    /** Entries oldest first; page on with {@code after} set to the last id seen. */
    @GetMapping("/inbox")
    public List<InboxEntryView> list(@RequestParam(required = false) InboxState state,
                                     @RequestParam(required = false) String partner,
                                     @RequestParam(defaultValue = "0") long after,
                                     @RequestParam(defaultValue = "100") int limit) {
        return operations.list(state, partner, after, limit);
    }

    @GetMapping("/inbox/{id}")
    public InboxEntryView get(@PathVariable long id) {
        return operations.get(id);
    }

    @PostMapping(path = "/quarantine/{id}/release", consumes = "application/json")
    public ResponseEntity<InboxEntryView> release(@PathVariable long id, @RequestBody ReleaseRequest request) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.release(id, request.nhsNumber()));
    }

    @PostMapping("/inbox/{id}/replay")
    public ResponseEntity<InboxEntryView> replay(@PathVariable long id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.replay(id));
    }

    /** The NHS number found by tracing (e.g. on the Personal Demographics Service); spaces and dashes allowed. */
    public record ReleaseRequest(String nhsNumber) {
    }
}
