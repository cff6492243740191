package org.darlingtontogether.carehub.govern;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.darlingtontogether.carehub.map.MappedMessage;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The governance step between mapping and the shared record: labels each mapped resource with its partner's
 * sensitive categories ({@link PartnerLabels}), then asks the decision point whether the source may share every
 * resource's categories at all under the agreements in force today. One resource it may not share withholds the
 * whole message (the inbox row becomes WITHHELD with the rule; the original is kept).
 */
@Component
public class EntryGate {

    /** The first withholding decision, or the admitting one, about one message. */
    public record Admission(Decision decision, String category, String nhsNumber) {
    }

    private final Agreements agreements;
    private final PartnerLabels partnerLabels;
    private final DecisionLog log;
    private final Retractions retractions;
    private final Clock clock;

    @Autowired
    public EntryGate(Agreements agreements, PartnerLabels partnerLabels, DecisionLog log, Retractions retractions) {
        this(agreements, partnerLabels, log, retractions, Clock.system(ConsumerAccess.LOCAL));
    }

    public EntryGate(Agreements agreements, PartnerLabels partnerLabels, DecisionLog log, Retractions retractions, Clock clock) {
        this.agreements = agreements;
        this.partnerLabels = partnerLabels;
        this.log = log;
        this.retractions = retractions;
        this.clock = clock;
    }

    public Admission admit(String partner, MappedMessage mapped) {
        List<Agreement> inForce = agreements.inForceOn(LocalDate.now(clock));
        List<String> extra = partnerLabels.labelsFor(partner);
        Admission admitted = null;
        for (RecordWrite write : mapped.writes()) {
            Set<String> labels = Set.of();
            if (write.resource() instanceof Resource resource) {
                for (String label : extra) {
                    RecordMeta.label(resource, label);
                }
                labels = SecurityLabels.categories(resource.getMeta().getSecurity());
            }
            Decision decision = DecisionPoint.admit(partner, new RecordFacts(partner, write.category(), labels).categories(), inForce);
            if (!decision.shared()) {
                return new Admission(decision, write.category(), write.nhsNumber());
            }
            if (admitted == null) {
                admitted = new Admission(decision, write.category(), write.nhsNumber());
            }
        }
        return admitted != null ? admitted
                : new Admission(new Decision(Decision.Outcome.SHARE, "identity-merge", null, null), "demographics", null);
    }

    /** How an entry decision about one inbox message is logged: the message as the resource, no content. */
    public static DecisionLog.Entry logEntry(long inboxId, String partner, Admission admission) {
        return new DecisionLog.Entry(DecisionLog.Stage.ENTRY, null, null, "InboxMessage", String.valueOf(inboxId), null,
                admission.nhsNumber(), partner, admission.category(), admission.decision());
    }

    /** Entry decisions, in one batch (inside the processing transaction, so they commit with the outcome). */
    public void record(List<DecisionLog.Entry> entries) {
        log.record(entries);
    }

    /**
     * After records are stored (same transaction): a Consent from a partner's feed (a tewv Consent, a council
     * objection) may take away what consumers were shown, so their retractions are worked out now.
     */
    public void stored(List<RecordWrite> writes) {
        for (RecordWrite write : writes) {
            if (Vocabulary.CONSENT_CATEGORY.equals(write.category())) {
                retractions.personChanged(write.nhsNumber(), "Consent/" + write.resource().getIdElement().getIdPart() + " from " + write.partner());
            }
        }
    }
}
