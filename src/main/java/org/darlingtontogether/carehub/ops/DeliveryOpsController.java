package org.darlingtontogether.carehub.ops;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.deliver.DeliveryRepository;
import org.darlingtontogether.carehub.deliver.DeliveryState;
import org.darlingtontogether.carehub.deliver.OutboxRow;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API over push deliveries: list the outbox by state (the dead-letter list is {@code state=DEAD}),
 * inspect one, replay a dead one (back to PENDING, attempts reset, due now). Rows are shown without patient data:
 * no NHS number, no content. Access is restricted to operations clients by the security configuration.
 */
@RestController
@RequestMapping(path = "/api/ops/deliveries", produces = "application/json")
public class DeliveryOpsController {

    private static final int MAX_LIMIT = 1000;

    private final DeliveryRepository deliveries;

    public DeliveryOpsController(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    @GetMapping
    public List<DeliveryView> list(@RequestParam(required = false) DeliveryState state,
                                   @RequestParam(required = false) String consumer,
                                   @RequestParam(defaultValue = "0") long after,
                                   @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw problem(HttpStatus.BAD_REQUEST, "bad-request", "limit must be between 1 and " + MAX_LIMIT);
        }
        return deliveries.list(state, consumer, after, limit).stream().map(DeliveryView::of).toList();
    }

    @GetMapping("/counts")
    public Map<DeliveryState, Long> counts() {
        return deliveries.counts();
    }

    @GetMapping("/{id}")
    public DeliveryView get(@PathVariable long id) {
        return DeliveryView.of(deliveries.find(id).orElseThrow(() -> notFound(id)));
    }

    /** A dead-lettered delivery tried again from the start (202); 404 when unknown, 409 when it is not DEAD. */
    @PostMapping("/{id}/replay")
    public ResponseEntity<DeliveryView> replay(@PathVariable long id) {
        OutboxRow row = deliveries.find(id).orElseThrow(() -> notFound(id));
        if (!deliveries.replay(id, Instant.now())) {
            throw problem(HttpStatus.CONFLICT, "wrong-delivery-state", "delivery " + id + " is " + row.state()
                    + ": only a DEAD delivery can be replayed");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(DeliveryView.of(deliveries.find(id).orElseThrow()));
    }

    private static ErrorResponseException notFound(long id) {
        return problem(HttpStatus.NOT_FOUND, "delivery-not-found", "no delivery " + id);
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:carehub:problem:" + type));
        return new ErrorResponseException(status, problem, null);
    }

    /** One outbox row for operators: references and outcome, never patient data. */
    public record DeliveryView(long id, String consumer, String destination, long sequence, String resource, int version,
                               String kind, DeliveryState state, int attempts, Instant nextAttemptAt, String lastError,
                               Instant createdAt, Instant updatedAt) {
        static DeliveryView of(OutboxRow row) {
            return new DeliveryView(row.id(), row.consumer(), row.destination(), row.sequence(), row.reference(), row.resourceVersion(),
                    row.kind().name(), row.state(), row.attempts(), row.nextAttemptAt(), row.lastError(), row.createdAt(), row.updatedAt());
        }
    }
}
