package org.darlingtontogether.carehub.govern;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * When what a consumer may see shrinks (a person objects or withdraws consent, an agreement version ends), the API
 * answers change at once because every read is decided afresh; what consumers were already shown or sent is found
 * in the decision log (their SHARE decisions), decided again now, and every resource now withheld is recorded as a
 * retraction due, with the reason and the rule.
 */
@Component
public class Retractions {

    private static final Logger log = LoggerFactory.getLogger(Retractions.class);

    private final DecisionLog decisions;
    private final RetractionLog due;
    private final SharedRecordStore store;
    private final FhirContext fhir;
    private final ConsumerAccess access;

    public Retractions(DecisionLog decisions, RetractionLog due, SharedRecordStore store, FhirContext fhir, ConsumerAccess access) {
        this.decisions = decisions;
        this.due = due;
        this.store = store;
        this.fhir = fhir;
        this.access = access;
    }

    /** A person's directives changed ({@code reason} names the Consent): returns how many retractions became due. */
    public int personChanged(String nhsNumber, String reason) {
        return recheck(decisions.shownAbout(nhsNumber), reason);
    }

    /** An agreement version ended: everything shared under it is decided again under what is in force now. */
    public int agreementEnded(Agreement ended) {
        return recheck(decisions.shownUnder(ended.id(), ended.version()), "agreement " + ended.label() + " ended on " + ended.validTo());
    }

    private int recheck(List<DecisionLog.Shown> shown, String reason) {
        // by consumer, so each consumer's recheck is one batch of decisions
        Map<String, List<DecisionLog.Shown>> byConsumer = new LinkedHashMap<>();
        for (DecisionLog.Shown s : shown) {
            byConsumer.computeIfAbsent(s.consumer() + "\u0000" + s.purpose(), k -> new ArrayList<>()).add(s);
        }
        int added = 0;
        for (List<DecisionLog.Shown> group : byConsumer.values()) {
            String consumer = group.get(0).consumer();
            String purpose = group.get(0).purpose();
            List<GovernedRecord> records = new ArrayList<>(group.size());
            for (DecisionLog.Shown s : group) {
                Optional<StoredResource> current = store.read(s.resourceType(), s.resourceId()).filter(r -> !r.deleted());
                current.ifPresent(stored -> {
                    IBaseResource parsed = fhir.newJsonParser().parseResource(stored.content());
                    records.add(GovernedRecord.of(stored, parsed));
                });
            }
            List<Decision> now = access.decide(consumer, purpose, records, DecisionLog.Stage.RECHECK);
            for (int i = 0; i < records.size(); i++) {
                if (!now.get(i).shared() && due.add(consumer, records.get(i).resourceType(), records.get(i).id(), reason, now.get(i).rule())) {
                    decisions.retractionDue(consumer, purpose, records.get(i), now.get(i), reason);
                    added++;
                }
            }
        }
        if (added > 0) {
            log.info("{} retractions due ({})", added, reason.startsWith("agreement") ? reason : "a consent directive changed");
        }
        return added;
    }
}
