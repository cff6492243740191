package org.darlingtontogether.carehub.process;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.Hl7v2Mapper;
import org.darlingtontogether.carehub.map.MappedMessage;
import org.darlingtontogether.carehub.map.MappingContext;
import org.darlingtontogether.carehub.map.MappingException;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.parse.Hl7ParseException;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.record.IdentityMerge;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes one committed inbox message through parse, identify and map into the shared record, and moves the inbox
 * row to its outcome in the same transaction as the record changes: a crash at any point leaves the row RECEIVED,
 * and processing it again changes nothing that was already done.
 */
@Component("inboxProcessor")
public class InboxProcessor {

    public static final String INBOX_ID = "CareHubInboxId";
    private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);

    private final InboxRepository inbox;
    private final Hl7Parser parser;
    private final Hl7PatientIdentifier identifier;
    private final Hl7v2Mapper mapper;
    private final SharedRecordStore record;
    private final IdentityMerge merges;
    private final FeedMetrics metrics;
    private final TransactionTemplate transaction;

    public InboxProcessor(InboxRepository inbox, Hl7Parser parser, Hl7PatientIdentifier identifier, Hl7v2Mapper mapper,
                          SharedRecordStore record, IdentityMerge merges, FeedMetrics metrics, TransactionTemplate transaction) {
        this.inbox = inbox;
        this.parser = parser;
        this.identifier = identifier;
        this.mapper = mapper;
        this.record = record;
        this.merges = merges;
        this.metrics = metrics;
        this.transaction = transaction;
    }

    /** Processes the inbox row; a row already past RECEIVED is left alone (a repeat hand-off does nothing). */
    public InboxState process(@Header(INBOX_ID) long inboxId) {
        InboxEntry entry = inbox.find(inboxId).orElse(null);
        if (entry == null || entry.state() != InboxState.RECEIVED) {
            return entry == null ? null : entry.state();
        }
        ParsedHl7 message;
        try {
            message = parser.parse(entry.payload());
        } catch (Hl7ParseException e) {
            return park(entry, InboxState.FAILED, e.getMessage());
        }
        Identification who = entry.nhsNumberOverride() != null
                ? Identification.of(NhsNumber.of(entry.nhsNumberOverride()))
                : identifier.identify(message);
        if (!who.identified()) {
            return park(entry, InboxState.QUARANTINED, who.problem());
        }
        MappedMessage mapped;
        try {
            mapped = mapper.map(message, new MappingContext(entry.partner(), inboxId, who.nhsNumber()));
        } catch (MappingException e) {
            return park(entry, InboxState.FAILED, e.getMessage());
        }
        transaction.executeWithoutResult(status -> {
            for (MappedMessage.Merge merge : mapped.merges()) {
                merges.merge(merge.from(), merge.to(), inboxId);
            }
            for (RecordWrite write : mapped.writes()) {
                record.write(write);
            }
            inbox.markOutcome(inboxId, InboxState.PROCESSED, null);
        });
        metrics.count(entry.partner(), FeedMetrics.Outcome.PROCESSED);
        log.debug("inbox {} ({} {}) processed: {} resources", inboxId, entry.partner(), entry.messageKey(), mapped.writes().size());
        return InboxState.PROCESSED;
    }

    /**
     * Marks a message FAILED after processing threw (retries spent, or a fault no retry would mend). The cause is
     * recorded by type and message; the stored original stays for replay.
     */
    public void failed(Exchange exchange) {
        Long inboxId = exchange.getMessage().getHeader(INBOX_ID, Long.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = "processing error: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        if (inboxId == null) {
            log.error("hand-off without an inbox id failed: {}", cause == null ? "unknown" : cause.getClass().getName());
            return;
        }
        // a driver's message can quote column values, so the log gets the exception type only
        inbox.find(inboxId).ifPresent(entry -> park(entry, InboxState.FAILED, reason,
                "processing error: " + (cause == null ? "unknown" : cause.getClass().getName())));
    }

    /** Parks a message that needs a person (quarantine) or a fix (failed), with the reason; it is kept for replay. */
    private InboxState park(InboxEntry entry, InboxState state, String reason) {
        return park(entry, state, reason, reason);
    }

    private InboxState park(InboxEntry entry, InboxState state, String reason, String loggable) {
        inbox.markOutcome(entry.id(), state, reason);
        metrics.count(entry.partner(), state == InboxState.QUARANTINED ? FeedMetrics.Outcome.QUARANTINED : FeedMetrics.Outcome.FAILED);
        log.info("inbox {} ({} {}) {}: {}", entry.id(), entry.partner(), entry.messageKey(), state, loggable);
        return state;
    }
}
