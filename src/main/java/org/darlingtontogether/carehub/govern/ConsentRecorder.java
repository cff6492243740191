package org.darlingtontogether.carehub.govern;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.inbox.InboxReceipt;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.r4.model.Consent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a consent directive given to the hub's own API by an IG lead: checked against the Consent profile, kept in
 * the inbox as received (partner {@code hub}, PROCESSED) and written to the shared record under the person's NHS
 * number with category {@code consent}, in one transaction with the retractions it makes due. From then on every
 * decision reads it. An update (a withdrawal is {@code status: inactive}) makes a new version of a Consent the hub
 * recorded; Consents from partners' feeds are changed at their source.
 */
@Component
public class ConsentRecorder {

    /** The partner id under which the hub's own API records Consents (inbox and {@code meta.source}). */
    public static final String HUB = "hub";

    private static final Logger log = LoggerFactory.getLogger(ConsentRecorder.class);

    /** What was recorded. */
    public record Recorded(String id, int version) {
    }

    private final InboxRepository inbox;
    private final SharedRecordStore store;
    private final ResourceIds ids;
    private final FhirContext fhir;
    private final ConsentReader reader;
    private final Retractions retractions;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;

    public ConsentRecorder(InboxRepository inbox, SharedRecordStore store, ResourceIds ids, FhirContext fhir, CarehubProperties properties,
                           Retractions retractions, TransactionTemplate transaction, AuditTrail audit) {
        this.audit = audit;
        this.inbox = inbox;
        this.store = store;
        this.ids = ids;
        this.fhir = fhir;
        this.reader = new ConsentReader(Vocabulary.of(properties));
        this.retractions = retractions;
        this.transaction = transaction;
    }

    public Recorded create(Consent consent, String recordedBy) {
        String nhsNumber = check(consent);
        String key = "consent-" + UUID.randomUUID();
        return record(consent, nhsNumber, ids.idFor(HUB, "Consent", key), key, recordedBy);
    }

    public Recorded update(String id, Consent consent, String recordedBy) {
        Optional<StoredResource> existing = store.read("Consent", id).filter(c -> !c.deleted());
        if (existing.isEmpty()) {
            throw new ConsentRefusedException(List.of("Consent/" + id + " does not exist: record a new one with POST /fhir/Consent"), true);
        }
        String nhsNumber = check(consent);
        List<String> problems = new ArrayList<>();
        if (!HUB.equals(existing.get().sourcePartner())) {
            problems.add("Consent/" + id + " came from " + existing.get().sourcePartner() + "'s feed: change it at its source");
        }
        if (!existing.get().nhsNumber().equals(nhsNumber)) {
            problems.add("Consent.patient must stay the same person: record a new Consent for another person");
        }
        if (!problems.isEmpty()) {
            throw new ConsentRefusedException(problems, false);
        }
        return record(consent, nhsNumber, id, "consent-" + UUID.randomUUID(), recordedBy);
    }

    private Recorded record(Consent consent, String nhsNumber, String id, String key, String recordedBy) {
        consent.setId(id);
        consent.getMeta().setVersionId(null);
        consent.getMeta().setLastUpdated(null);
        consent.getMeta().getTag().removeIf(t -> RecordMeta.CATEGORY_SYSTEM.equals(t.getSystem()));
        RecordMeta.stamp(consent, RecordMeta.source(HUB, key), Vocabulary.CONSENT_CATEGORY);
        String json = fhir.newJsonParser().encodeResourceToString(consent);
        Recorded recorded = transaction.execute(status -> {
            InboxReceipt receipt = inbox.store(HUB, key, "FHIR", "Consent", InboxState.PROCESSED, null, json);
            store.write(new RecordWrite(consent, nhsNumber, HUB, receipt.id(), Vocabulary.CONSENT_CATEGORY));
            retractions.personChanged(nhsNumber, "Consent/" + id + " recorded by " + recordedBy);
            int version = store.read("Consent", id).orElseThrow().version();
            audit.append(AuditEntry.of(AuditAction.CONSENT_RECORDED).actor(recordedBy).partner(HUB).person(nhsNumber)
                    .entity("Consent", id, version).category(Vocabulary.CONSENT_CATEGORY)
                    .outcome(AuditEntry.SUCCESS, null).detail("status " + (consent.getStatus() == null ? "none" : consent.getStatus().toCode())));
            return new Recorded(id, version);
        });
        log.info("Consent/{} version {} recorded by {} ({})", id, recorded.version(), recordedBy, consent.getStatus());
        return recorded;
    }

    /** The profile's problems, and the person: refused unless it is a whole, valid directive about one NHS number. */
    private String check(Consent consent) {
        List<String> problems = new ArrayList<>(reader.read(consent, "Consent").problems());
        Consent.ConsentState status = consent.getStatus();
        if (status != null && status != Consent.ConsentState.ACTIVE && status != Consent.ConsentState.INACTIVE
                && status != Consent.ConsentState.REJECTED) {
            problems.add("Consent.status must be active, or inactive/rejected for a withdrawal, not " + status.toCode());
        }
        String nhsNumber = ConsentReader.nhsNumber(consent);
        if (nhsNumber == null) {
            problems.add("Consent.patient.identifier must be a valid NHS number (system https://fhir.nhs.uk/Id/nhs-number)");
        }
        if (!problems.isEmpty()) {
            throw new ConsentRefusedException(problems, false);
        }
        return nhsNumber;
    }
}
