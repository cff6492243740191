package org.darlingtontogether.carehub.record;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxReceipt;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the inbox and the shared record must do on every database the hub supports. */
abstract class StorageContract {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String SURVIVOR = "9434765919";
    static final String RETIRED = "9434765870";

    abstract DataSource dataSource();

    JdbcClient jdbc() {
        return JdbcClient.create(dataSource());
    }

    InboxRepository inbox() {
        return new InboxRepository(jdbc());
    }

    ResourceIds ids() {
        return new ResourceIds(new CarehubProperties(), jdbc());
    }

    SharedRecordStore store() {
        return new SharedRecordStore(new org.springframework.jdbc.core.JdbcTemplate(dataSource()), FHIR);
    }

    @Test
    void aMessageIsStoredOnceAndARepeatPointsAtTheOriginal() {
        InboxRepository inbox = inbox();
        InboxReceipt first = inbox.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|^~\\&|Ordóñez – ’");
        InboxReceipt repeat = inbox.store("cddft", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|again");
        InboxReceipt otherPartner = inbox.store("ccg", "MSG-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|ccg");

        assertThat(first.duplicate()).isFalse();
        assertThat(repeat.duplicate()).isTrue();
        assertThat(repeat.id()).isEqualTo(first.id());
        assertThat(otherPartner.duplicate()).isFalse();
        assertThat(inbox.find(first.id()).orElseThrow().payload()).isEqualTo("MSH|^~\\&|Ordóñez – ’");
    }

    @Test
    void aFeedLearnsWhichOfAPagesKeysItAlreadySentAndNoOtherPartners() {
        InboxRepository inbox = inbox();
        inbox.store("phd", "Observation/1/_history/1", "FHIR", "Observation", InboxState.RECEIVED, null, "{}");
        inbox.store("phd", "Observation/2/_history/1", "FHIR", "Observation", InboxState.PROCESSED, null, "{}");
        inbox.store("tewv", "Observation/3/_history/1", "FHIR", "Observation", InboxState.RECEIVED, null, "{}");

        assertThat(inbox.existingKeys("phd", List.of("Observation/1/_history/1", "Observation/2/_history/1", "Observation/3/_history/1",
                "Observation/1/_history/2"))).containsExactlyInAnyOrder("Observation/1/_history/1", "Observation/2/_history/1");
        assertThat(inbox.existingKeys("tewv", List.of("Observation/3/_history/1"))).containsExactly("Observation/3/_history/1");
        assertThat(inbox.existingKeys("phd", List.of())).isEmpty();
    }

    @Test
    void aFailedMessageKeepsItsReasonAndOriginal() {
        InboxRepository inbox = inbox();
        InboxReceipt bad = inbox.store("cddft", "BAD-1", "HL7V2", null, InboxState.FAILED, "message does not start with an MSH segment", "garbage");
        InboxReceipt repeat = inbox.store("cddft", "BAD-1", "HL7V2", null, InboxState.FAILED, "x", "garbage");

        assertThat(repeat.state()).isEqualTo(InboxState.FAILED);
        assertThat(repeat.reason()).isEqualTo("message does not start with an MSH segment");
        assertThat(inbox.find(bad.id()).orElseThrow().payload()).isEqualTo("garbage");
    }

    @Test
    void onlyAQuarantinedMessageCanBeReleasedAndTheOriginalStays() {
        InboxRepository inbox = inbox();
        long id = inbox.store("cddft", "Q-1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "original").id();
        assertThat(inbox.release(id, SURVIVOR)).isFalse();

        inbox.markOutcome(id, InboxState.QUARANTINED, "no NHS number in PID-3");
        assertThat(inbox.findByState(InboxState.QUARANTINED, 10)).extracting(e -> e.id()).containsExactly(id);
        assertThat(inbox.release(id, SURVIVOR)).isTrue();

        var released = inbox.find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(InboxState.RECEIVED);
        assertThat(released.nhsNumberOverride()).isEqualTo(SURVIVOR);
        assertThat(released.payload()).isEqualTo("original");
        assertThat(inbox.idsInState(InboxState.RECEIVED)).containsExactly(id);
    }

    @Test
    void writingTheSameContentTwiceChangesNothingAndAChangeMakesANewVersion() {
        SharedRecordStore store = store();
        String id = ids().idFor("cddft", "Patient", SURVIVOR);
        Patient patient = patient(id, SURVIVOR, "Smith");

        assertThat(store.write(new RecordWrite(patient, SURVIVOR, "cddft", 1, "demographics"))).isEqualTo(WriteOutcome.CREATED);
        assertThat(store.write(new RecordWrite(patient(id, SURVIVOR, "Smith"), SURVIVOR, "cddft", 2, "demographics")))
                .isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(store.read("Patient", id).orElseThrow().version()).isEqualTo(1);

        assertThat(store.write(new RecordWrite(patient(id, SURVIVOR, "Smyth"), SURVIVOR, "cddft", 3, "demographics")))
                .isEqualTo(WriteOutcome.UPDATED);
        StoredResource current = store.read("Patient", id).orElseThrow();
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.sourceMessage()).isEqualTo(3L);
        assertThat(current.content()).contains("Smyth");
        assertThat(store.readVersion("Patient", id, 1).orElseThrow().content()).contains("Smith").doesNotContain("Smyth");
    }

    @Test
    void aBatchOfWritesGivesTheSameVersionsAsWritingOneAfterAnother() {
        SharedRecordStore store = store();
        ResourceIds ids = ids();
        String stored = ids.idFor("cddft", "Patient", SURVIVOR);
        store.write(new RecordWrite(patient(stored, SURVIVOR, "Smith"), SURVIVOR, "cddft", 1, "demographics"));
        String fresh = ids.idFor("cddft", "Patient", RETIRED);

        List<WriteOutcome> outcomes = store.writeAll(List.of(
                new RecordWrite(patient(stored, SURVIVOR, "Smith"), SURVIVOR, "cddft", 2, "demographics"),
                new RecordWrite(patient(fresh, RETIRED, "Jones"), RETIRED, "cddft", 2, "demographics"),
                new RecordWrite(patient(stored, SURVIVOR, "Smyth"), SURVIVOR, "cddft", 3, "demographics"),
                new RecordWrite(patient(fresh, RETIRED, "Jonas"), RETIRED, "cddft", 3, "demographics"),
                new RecordWrite(patient(stored, SURVIVOR, "Smythe"), SURVIVOR, "cddft", 4, "demographics")));

        assertThat(outcomes).containsExactly(WriteOutcome.UNCHANGED, WriteOutcome.CREATED, WriteOutcome.UPDATED,
                WriteOutcome.UPDATED, WriteOutcome.UPDATED);
        assertThat(store.read("Patient", stored).orElseThrow().version()).isEqualTo(3);
        assertThat(store.read("Patient", stored).orElseThrow().sourceMessage()).isEqualTo(4L);
        assertThat(store.readVersion("Patient", stored, 1).orElseThrow().content()).contains("Smith");
        assertThat(store.readVersion("Patient", stored, 2).orElseThrow().content()).contains("Smyth").doesNotContain("Smythe");
        assertThat(store.readVersion("Patient", stored, 3).orElseThrow().content()).contains("Smythe");
        assertThat(store.read("Patient", fresh).orElseThrow().version()).isEqualTo(2);
        assertThat(store.readVersion("Patient", fresh, 1).orElseThrow().content()).contains("Jones");
        assertThat(store.read("Patient", fresh).orElseThrow().content()).contains("Jonas");
        assertThat(store.writeAll(List.of())).isEmpty();
    }

    @Test
    void resourcesAreFoundByThePersonTheyAreAbout() {
        SharedRecordStore store = store();
        ResourceIds ids = ids();
        String patientId = ids.idFor("cddft", "Patient", SURVIVOR);
        store.write(new RecordWrite(patient(patientId, SURVIVOR, "Smith"), SURVIVOR, "cddft", 1, "demographics"));
        store.write(new RecordWrite(encounter(ids.idFor("cddft", "Encounter", "V1"), patientId, SURVIVOR), SURVIVOR, "cddft", 1, "encounters"));
        store.write(new RecordWrite(patient(ids.idFor("cddft", "Patient", RETIRED), RETIRED, "Jones"), RETIRED, "cddft", 2, "demographics"));

        assertThat(store.forPerson(SURVIVOR, null)).extracting(StoredResource::resourceType).containsExactly("Encounter", "Patient");
        assertThat(store.forPerson(SURVIVOR, "Encounter")).hasSize(1);
        assertThat(store.forPerson(RETIRED, null)).extracting(StoredResource::resourceType).containsExactly("Patient");
    }

    @Test
    void aMergeMovesEverythingUnderTheSurvivorAndRetiresTheOldPatient() {
        SharedRecordStore store = store();
        ResourceIds ids = ids();
        String retiredPatient = ids.idFor("cddft", "Patient", RETIRED);
        String survivorPatient = ids.idFor("cddft", "Patient", SURVIVOR);
        store.write(new RecordWrite(patient(survivorPatient, SURVIVOR, "Smith"), SURVIVOR, "cddft", 1, "demographics"));
        store.write(new RecordWrite(patient(retiredPatient, RETIRED, "Smith"), RETIRED, "cddft", 2, "demographics"));
        String encounterId = ids.idFor("cddft", "Encounter", "V9");
        store.write(new RecordWrite(encounter(encounterId, retiredPatient, RETIRED), RETIRED, "cddft", 2, "encounters"));

        int moved = new IdentityMerge(store, ids, FHIR).merge(NhsNumber.of(RETIRED), NhsNumber.of(SURVIVOR), 3);

        assertThat(moved).isEqualTo(2);
        assertThat(store.forPerson(RETIRED, null)).isEmpty();
        List<StoredResource> survivor = store.forPerson(SURVIVOR, null);
        assertThat(survivor).hasSize(3);
        Encounter encounter = FHIR.newJsonParser().parseResource(Encounter.class, store.read("Encounter", encounterId).orElseThrow().content());
        assertThat(encounter.getSubject().getReference()).isEqualTo("Patient/" + survivorPatient);
        assertThat(encounter.getSubject().getIdentifier().getValue()).isEqualTo(SURVIVOR);
        Patient retired = FHIR.newJsonParser().parseResource(Patient.class, store.read("Patient", retiredPatient).orElseThrow().content());
        assertThat(retired.getActive()).isFalse();
        assertThat(retired.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
        assertThat(retired.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + survivorPatient);
        assertThat(store.read("Patient", retiredPatient).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void resourceIdsAreStableForTheSameDatabaseAndRevealNothing() {
        String first = ids().idFor("cddft", "Patient", SURVIVOR);
        assertThat(ids().idFor("cddft", "Patient", SURVIVOR)).isEqualTo(first);
        assertThat(ids().idFor("phd", "Patient", SURVIVOR)).isNotEqualTo(first);
        assertThat(first).startsWith("cddft-").doesNotContain(SURVIVOR).hasSizeLessThanOrEqualTo(64);
    }

    static Patient patient(String id, String nhs, String family) {
        Patient p = new Patient();
        p.setId(id);
        p.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhs);
        p.addName().setFamily(family).addGiven("Ann");
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        return p;
    }

    static Encounter encounter(String id, String patientId, String nhs) {
        Encounter e = new Encounter();
        e.setId(id);
        e.setStatus(Encounter.EncounterStatus.INPROGRESS);
        Reference subject = new Reference("Patient/" + patientId);
        subject.getIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhs);
        e.setSubject(subject);
        return e;
    }
}
