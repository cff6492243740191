package org.darlingtontogether.carehub.ops;

import java.util.List;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditActor;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What operators may do to the inbox: look at where messages are, release a quarantined message with a traced NHS
 * number, replay a failed one. A release or replay is a committed state change back to RECEIVED followed by a
 * hand-off, audited (RELEASED, REPLAYED) in the same transaction; if the hand-off is lost, the row stays RECEIVED and recovery at the next start processes it.
 */
@Service
public class InboxOperations {

    public static final int MAX_LIMIT = 1000;
    private static final Logger log = LoggerFactory.getLogger(InboxOperations.class);

    private final InboxRepository inbox;
    private final InboxHandoff handoff;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;

    public InboxOperations(InboxRepository inbox, InboxHandoff handoff, AuditTrail audit, TransactionTemplate transaction) {
        this.inbox = inbox;
        this.handoff = handoff;
        this.audit = audit;
        this.transaction = transaction;
    }

    public List<InboxEntryView> list(InboxState state, String partner, long afterId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return inbox.listWithoutPayload(state, partner, afterId, limit).stream().map(InboxEntryView::of).toList();
    }

    public InboxEntryView get(long id) {
        return InboxEntryView.of(find(id));
    }

    /** Records the traced NHS number for a quarantined message and reprocesses the stored original with it. */
    public InboxEntryView release(long id, String tracedNhsNumber) {
        NhsNumber nhs = NhsNumber.of(tracedNhsNumber);
        String actor = AuditActor.current();
        boolean released = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!inbox.release(id, nhs.value())) {
                return false;
            }
            audit.append(AuditEntry.of(AuditAction.RELEASED).actor(actor).partner(find(id).partner()).person(nhs.value())
                    .entity("InboxMessage", String.valueOf(id), null).outcome(AuditEntry.SUCCESS, null));
            return true;
        }));
        if (!released) {
            throw wrongState(id, InboxState.QUARANTINED, "released");
        }
        log.info("inbox {} released from quarantine with a traced NHS number", id);
        return handOff(id);
    }

    /** Processes a FAILED message again from its stored original. */
    public InboxEntryView replay(long id) {
        String actor = AuditActor.current();
        boolean requeued = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!inbox.requeue(id, InboxState.FAILED)) {
                return false;
            }
            audit.append(AuditEntry.of(AuditAction.REPLAYED).actor(actor).partner(find(id).partner())
                    .entity("InboxMessage", String.valueOf(id), null).outcome(AuditEntry.SUCCESS, null));
            return true;
        }));
        if (!requeued) {
            throw wrongState(id, InboxState.FAILED, "replayed");
        }
        log.info("inbox {} queued for replay", id);
        return handOff(id);
    }

    private InboxEntryView handOff(long id) {
        InboxEntryView queued = get(id);
        try {
            handoff.handOff(id);
        } catch (RuntimeException e) {
            log.warn("inbox {} is RECEIVED but the hand-off to processing failed ({}); recovery will process it at the next start",
                    id, e.getClass().getSimpleName());
            throw new HandoffFailedException(id, e);
        }
        return queued;
    }

    private InboxEntry find(long id) {
        return inbox.find(id).orElseThrow(() -> new EntryNotFoundException(id));
    }

    private RuntimeException wrongState(long id, InboxState required, String verb) {
        InboxEntry entry = find(id);
        return new WrongStateException(id, entry.state(), required, verb);
    }

    /** No inbox row with this id. */
    public static class EntryNotFoundException extends RuntimeException {
        public EntryNotFoundException(long id) {
            super("no inbox entry " + id);
        }
    }

    /** The row is not in the state the operation needs (e.g. releasing a message that is not quarantined). */
    public static class WrongStateException extends RuntimeException {
        private final InboxState actual;

        public WrongStateException(long id, InboxState actual, InboxState required, String verb) {
            super("inbox entry " + id + " is " + actual + ", not " + required + ": only a " + required
                    + " entry can be " + verb);
            this.actual = actual;
        }

        public InboxState actual() {
            return actual;
        }
    }

    /** The row was set back to RECEIVED but could not be handed to processing now. */
    public static class HandoffFailedException extends RuntimeException {
        public HandoffFailedException(long id, Throwable cause) {
            super("inbox entry " + id + " is queued (RECEIVED) but could not be handed to processing now;"
                    + " it will be processed when the hub next starts", cause);
        }
    }
}
