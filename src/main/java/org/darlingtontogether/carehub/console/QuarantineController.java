package org.darlingtontogether.carehub.console;

import java.security.Principal;
import java.util.List;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.InboxEntryView;
import org.darlingtontogether.carehub.ops.InboxOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Messages waiting in quarantine for a traced NHS number: where they came from and why, never their content; and
 * their release with the number the IG lead traced. The number is checked before anything is changed, and never shown
 * back or logged.
 */
@Controller
class QuarantineController {

    static final int PAGE_SIZE = 50;
    private static final Logger log = LoggerFactory.getLogger(QuarantineController.class);

    private final InboxOperations operations;
    private final InboxRepository inbox;
    private final CarehubProperties properties;

    QuarantineController(InboxOperations operations, InboxRepository inbox, CarehubProperties properties) {
        this.operations = operations;
        this.inbox = inbox;
        this.properties = properties;
    }

    @GetMapping("/console/quarantine")
    String list(@RequestParam(required = false) String partner, @RequestParam(defaultValue = "0") long after, Model model) {
        String chosen = knownPartner(partner);
        List<InboxEntryView> page = operations.list(InboxState.QUARANTINED, chosen, Math.max(0, after), PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Row> rows = page.stream().limit(PAGE_SIZE).map(Row::of).toList();

        model.addAttribute("partners", properties.getPartners().keySet());
        model.addAttribute("partner", chosen);
        model.addAttribute("after", Math.max(0, after));
        model.addAttribute("rows", rows);
        model.addAttribute("waiting", waiting(chosen));
        model.addAttribute("nextPage", more ? pageLink(chosen, rows.get(rows.size() - 1).id()) : null);
        model.addAttribute("firstPage", after > 0 ? pageLink(chosen, 0) : null);
        model.addAttribute("page", "quarantine");
        return "console/quarantine";
    }

    @PostMapping("/console/quarantine/{id}/release")
    String release(@PathVariable long id, @RequestParam(name = "nhsNumber", required = false) String tracedNhsNumber,
            @RequestParam(required = false) String partner, @RequestParam(defaultValue = "0") long after,
            Principal user, RedirectAttributes flash) {
        String back = "redirect:" + pageLink(knownPartner(partner), Math.max(0, after));
        String problem = NhsNumber.problemWith(tracedNhsNumber);
        if (problem != null) {
            flash.addFlashAttribute("failure", "Entry " + id + " was not released: " + problem + ".");
            return back;
        }
        try {
            operations.release(id, tracedNhsNumber);
        } catch (InboxOperations.HandoffFailedException e) {
            flash.addFlashAttribute("failure", "Entry " + id + ": " + e.getMessage() + ".");
            return back;
        } catch (InboxOperations.EntryNotFoundException | InboxOperations.WrongStateException e) {
            flash.addFlashAttribute("failure", "Entry " + id + " was not released: " + e.getMessage() + ".");
            return back;
        }
        log.info("console: inbox {} released from quarantine by {}", id, user.getName());
        flash.addFlashAttribute("success", "Entry " + id + " released with the traced NHS number; it is queued for processing.");
        return back;
    }

    /** Counted now (not the overview's few-seconds-old statistics), so the count agrees with the list beside it. */
    private long waiting(String partner) {
        if (partner != null) {
            return inbox.countInState(partner, InboxState.QUARANTINED);
        }
        return properties.getPartners().keySet().stream().mapToLong(p -> inbox.countInState(p, InboxState.QUARANTINED)).sum();
    }

    /** The partner filter, only ever one of the configured partners (anything else means all). */
    private String knownPartner(String partner) {
        return partner != null && properties.getPartners().containsKey(partner) ? partner : null;
    }

    private static String pageLink(String partner, long after) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/console/quarantine");
        if (partner != null) {
            link.queryParam("partner", partner);
        }
        if (after > 0) {
            link.queryParam("after", after);
        }
        return link.build().encode().toUriString();
    }

    record Row(long id, String partner, String messageType, String received, String reason) {
        static Row of(InboxEntryView entry) {
            return new Row(entry.id(), entry.partner(), entry.messageType(), ConsoleFormat.time(entry.receivedAt()), entry.reason());
        }
    }
}
