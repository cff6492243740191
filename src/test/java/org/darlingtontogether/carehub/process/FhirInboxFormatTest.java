package org.darlingtontogether.carehub.process;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.FhirPatientIdentifier;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.identify.PartnerPatientIndex;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.FhirResourceMapper;
import org.darlingtontogether.carehub.map.MappedMessage;
import org.darlingtontogether.carehub.parse.FhirParser;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Partners' FHIR resources, as stored in the inbox, through parse, identify and the mappings in {@code mappings/fhir}. */
class FhirInboxFormatTest {

    static final String NHS = "9434765919";
    static final String OTHER_NHS = "9990000018";
    static final FhirContext FHIR = FhirContext.forR4Cached();

    FhirInboxFormat format;
    ResourceIds ids;
    final AtomicLong inboxIds = new AtomicLong(100);

    @BeforeEach
    void setUp() {
        CarehubProperties properties = new CarehubProperties();
        properties.getRecord().setIdSecret("test-secret-for-mapping-tests");
        properties.getMappings().setLocation(Path.of("mappings"));
        ids = new ResourceIds(properties, null);
        DataSource ds = TestDatabases.h2();
        PartnerPatientIndex index = new PartnerPatientIndex(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
        format = new FhirInboxFormat(new FhirParser(FHIR), new FhirPatientIdentifier(FHIR, index),
                new FhirResourceMapper(properties, ids, FHIR, index), index);
    }

    static final String PATIENT = """
            {"resourceType":"Patient","id":"p123","meta":{"versionId":"3","lastUpdated":"2024-03-01T10:00:00Z",
              "profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},
             "identifier":[{"system":"urn:oid:2.16.840.1.113883.2.1.4.1","value":"943 476 5919",
               "extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus",
                 "valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland","code":"01"}]}}]},
              {"system":"https://phd.example/practice-id","value":"L123"}],
             "name":[{"family":"Smith","given":["Jane"]}],"gender":"female","birthDate":"1945-06-12",
             "extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory",
               "valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland","code":"A"}]}}]}
            """;

    @Test
    void patientIsFiledUnderItsNhsNumberWithUkCoreExtensionsKept() {
        Prepared prepared = prepare("phd", "Patient/p123/_history/3", PATIENT);

        assertThat(prepared.state()).as(prepared.reason()).isEqualTo(InboxState.PROCESSED);
        assertThat(prepared.mapped().writes()).hasSize(1);
        RecordWrite write = prepared.mapped().writes().get(0);
        Patient patient = (Patient) write.resource();
        assertThat(write.nhsNumber()).isEqualTo(NHS);
        assertThat(write.category()).isEqualTo("demographics");
        assertThat(patient.getIdPart()).isEqualTo(ids.idFor("phd", "Patient", NHS));
        assertThat(patient.getIdentifier()).hasSize(2);
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo(NhsNumber.SYSTEM);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(NHS);
        assertThat(patient.getIdentifierFirstRep().getExtension()).hasSize(1);
        assertThat(patient.getExtension()).extracting(e -> e.getUrl()).containsExactly(
                "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory");
        assertThat(patient.getMeta().getSource()).isEqualTo(RecordMeta.source("phd", "Patient/p123/_history/3"));
        assertThat(patient.getMeta().getTag()).extracting(Coding::getCode).containsExactly("demographics");
        assertThat(patient.getMeta().getProfile()).hasSize(1);
        assertThat(patient.getMeta().getVersionId()).isNull();
    }

    @Test
    void conditionNamingThePartnersPatientIsFiledUnderThatPersonWithReferencesRewritten() {
        prepare("phd", "Patient/p123/_history/3", PATIENT);
        Prepared prepared = prepare("phd", "Condition/c1/_history/1", """
                {"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p123","display":"Jane Smith"},
                 "encounter":{"reference":"Encounter/e9"},"recorder":{"reference":"Practitioner/g1","display":"Dr Hardy"},
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}]}}
                """);

        assertThat(prepared.state()).as(prepared.reason()).isEqualTo(InboxState.PROCESSED);
        RecordWrite write = prepared.mapped().writes().get(0);
        Condition condition = (Condition) write.resource();
        assertThat(write.nhsNumber()).isEqualTo(NHS);
        assertThat(write.category()).isEqualTo("conditions");
        assertThat(condition.getIdPart()).isEqualTo(ids.idFor("phd", "Condition", "c1"));
        assertThat(condition.getSubject().getReference()).isEqualTo("Patient/" + ids.idFor("phd", "Patient", NHS));
        assertThat(condition.getSubject().getIdentifier().getValue()).isEqualTo(NHS);
        assertThat(condition.getEncounter().getReference()).isEqualTo("Encounter/" + ids.idFor("phd", "Encounter", "e9"));
        assertThat(condition.getRecorder().getReference()).isNull();
        assertThat(condition.getRecorder().getType()).isEqualTo("Practitioner");
        assertThat(condition.getRecorder().getIdentifier().getSystem()).isEqualTo("https://fhir.darlingtontogether.org.uk/Id/phd-practitioner");
        assertThat(condition.getRecorder().getIdentifier().getValue()).isEqualTo("g1");
        assertThat(condition.getRecorder().getDisplay()).isEqualTo("Dr Hardy");
    }

    @Test
    void containedPatientIdentifiesAndIsReplacedByThePersonOtherContainedResourcesStay() {
        Prepared prepared = prepare("phd", "MedicationStatement/m1/_history/2", """
                {"resourceType":"MedicationStatement","id":"m1","status":"active",
                 "contained":[{"resourceType":"Patient","id":"pat","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"943-476-5919"}]},
                   {"resourceType":"Medication","id":"med","code":{"text":"Amoxicillin 500mg capsules"}}],
                 "medicationReference":{"reference":"#med"},"subject":{"reference":"#pat"}}
                """);

        assertThat(prepared.state()).as(prepared.reason()).isEqualTo(InboxState.PROCESSED);
        MedicationStatement statement = (MedicationStatement) prepared.mapped().writes().get(0).resource();
        assertThat(prepared.mapped().writes().get(0).category()).isEqualTo("medications");
        assertThat(statement.getContained()).hasSize(1);
        assertThat(statement.getContained().get(0).fhirType()).isEqualTo("Medication");
        assertThat(statement.getSubject().getReference()).isEqualTo("Patient/" + ids.idFor("phd", "Patient", NHS));
        String json = FHIR.newJsonParser().encodeResourceToString(statement);
        assertThat(json).contains("Amoxicillin").contains("\"reference\":\"#med\"");
    }

    @Test
    void subjectIdentifierIsEnoughAndMentalHealthTrustLabelsAreKept() {
        Prepared prepared = prepare("tewv", "Observation/o1/_history/1", """
                {"resourceType":"Observation","id":"o1","status":"final",
                 "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}],
                   "tag":[{"system":"https://fhir.darlingtontogether.org.uk/CodeSystem/data-category","code":"demographics"}]},
                 "code":{"text":"PHQ-9 score"},"valueInteger":14,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}}}
                """);

        assertThat(prepared.state()).as(prepared.reason()).isEqualTo(InboxState.PROCESSED);
        RecordWrite write = prepared.mapped().writes().get(0);
        Observation observation = (Observation) write.resource();
        assertThat(write.category()).isEqualTo("mental-health");
        assertThat(observation.getMeta().getTag()).extracting(Coding::getCode).containsExactly("observations", "mental-health");
        assertThat(observation.getMeta().getSecurity()).extracting(Coding::getCode).containsExactly("R");
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + ids.idFor("tewv", "Patient", NHS));
    }

    @Test
    void consentIsKeptAsSentUnderTheConsentCategory() {
        Prepared prepared = prepare("tewv", "Consent/k1/_history/1", """
                {"resourceType":"Consent","id":"k1","status":"active",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
                 "patient":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}},
                 "provision":{"type":"deny","period":{"start":"2024-01-01"},
                   "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
                     "reference":{"reference":"Organization/navigator","display":"Navigator service"}}]}}
                """);

        assertThat(prepared.state()).as(prepared.reason()).isEqualTo(InboxState.PROCESSED);
        RecordWrite write = prepared.mapped().writes().get(0);
        Consent consent = (Consent) write.resource();
        assertThat(write.category()).isEqualTo("consent");
        assertThat(consent.getMeta().getTag()).extracting(Coding::getCode).containsExactly("consent");
        assertThat(consent.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(consent.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        assertThat(consent.getProvision().getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-01-01");
        assertThat(consent.getProvision().getActorFirstRep().getReference().getDisplay()).isEqualTo("Navigator service");
        assertThat(consent.getPatient().getIdentifier().getSystem()).isEqualTo(NhsNumber.SYSTEM);
        assertThat(consent.getPatient().getIdentifier().getValue()).isEqualTo(NHS);
        assertThat(consent.getPatient().getReference()).isEqualTo("Patient/" + ids.idFor("tewv", "Patient", NHS));
    }

    @Test
    void enteredInErrorReachesTheRecordAsSent() {
        prepare("phd", "Patient/p123/_history/3", PATIENT);
        Prepared prepared = prepare("phd", "Condition/c1/_history/2", """
                {"resourceType":"Condition","id":"c1","verificationStatus":{"coding":[{"system":
                 "http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"entered-in-error"}]},
                 "subject":{"reference":"Patient/p123"}}
                """);

        Condition condition = (Condition) prepared.mapped().writes().get(0).resource();
        assertThat(condition.getIdPart()).isEqualTo(ids.idFor("phd", "Condition", "c1"));
        assertThat(condition.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("entered-in-error");
    }

    @Test
    void xmlIsReadToo() {
        Prepared prepared = prepare("phd", "Patient/x1/_history/1", """
                <Patient xmlns="http://hl7.org/fhir"><id value="x1"/>
                  <identifier><system value="https://fhir.nhs.uk/Id/nhs-number"/><value value="9990000018"/></identifier>
                </Patient>
                """);

        assertThat(prepared.state()).as(prepared.reason()).isEqualTo(InboxState.PROCESSED);
        assertThat(prepared.mapped().writes().get(0).nhsNumber()).isEqualTo(OTHER_NHS);
    }

    @Test
    void noValidNhsNumberIsQuarantinedAndSoAreTheResourcesNamingThatPatient() {
        Prepared patient = prepare("phd", "Patient/bad/_history/1", """
                {"resourceType":"Patient","id":"bad","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765918"}]}
                """);
        Prepared condition = prepare("phd", "Condition/c2/_history/1", """
                {"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/bad"}}
                """);
        Prepared unknown = prepare("phd", "Condition/c3/_history/1", """
                {"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/never-seen"}}
                """);
        Prepared none = prepare("phd", "Patient/none/_history/1", """
                {"resourceType":"Patient","id":"none","identifier":[{"system":"https://phd.example/practice-id","value":"L9"}]}
                """);

        assertThat(patient.state()).isEqualTo(InboxState.QUARANTINED);
        assertThat(patient.reason()).contains("Modulus 11");
        assertThat(condition.state()).isEqualTo(InboxState.QUARANTINED);
        assertThat(condition.reason()).contains("Patient/bad has no valid NHS number").contains("Modulus 11");
        assertThat(unknown.state()).isEqualTo(InboxState.QUARANTINED);
        assertThat(unknown.reason()).contains("Patient/never-seen has not been taken in");
        assertThat(none.state()).isEqualTo(InboxState.QUARANTINED);
        assertThat(none.reason()).contains("has no NHS number");
    }

    @Test
    void releasedWithATracedNhsNumberTheRecordSaysWhichNumber() {
        InboxEntry entry = new InboxEntry(7, "phd", "Patient/none/_history/1", "FHIR", "Patient", Instant.now(), InboxState.RECEIVED,
                null, OTHER_NHS, 1, Instant.now(), """
                {"resourceType":"Patient","id":"none","identifier":[{"system":"https://phd.example/practice-id","value":"L9"}]}
                """);

        Prepared prepared = format.prepare(entry);

        Patient patient = (Patient) prepared.mapped().writes().get(0).resource();
        assertThat(patient.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .contains(NhsNumber.SYSTEM + "|" + OTHER_NHS);
    }

    @Test
    void unreadableOrUntakenResourcesFailWithASpecificReason() {
        Prepared malformed = prepare("phd", "Condition/m/_history/1", "{\"resourceType\":\"Condition\",\"id\":\"m\",");
        Prepared badDate = prepare("phd", "Condition/d/_history/1",
                "{\"resourceType\":\"Condition\",\"id\":\"d\",\"onsetDateTime\":\"2024-13-45\",\"subject\":{\"reference\":\"Patient/p123\"}}");
        Prepared bundle = prepare("phd", "Bundle/b/_history/1", "{\"resourceType\":\"Bundle\",\"id\":\"b\",\"type\":\"collection\"}");
        Prepared organization = prepare("phd", "Organization/o/_history/1", "{\"resourceType\":\"Organization\",\"id\":\"o\"}");
        Prepared noId = prepare("phd", "Patient/?/_history/1", """
                {"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]}
                """);

        assertThat(malformed.state()).isEqualTo(InboxState.FAILED);
        assertThat(malformed.reason()).startsWith("cannot read FHIR JSON");
        assertThat(malformed.loggable()).doesNotContain("Condition");
        assertThat(badDate.state()).isEqualTo(InboxState.FAILED);
        assertThat(badDate.reason()).contains("invalid value");
        assertThat(bundle.state()).isEqualTo(InboxState.FAILED);
        assertThat(bundle.reason()).contains("Bundle is not taken");
        assertThat(organization.state()).isEqualTo(InboxState.FAILED);
        assertThat(organization.reason()).contains("Organization is not taken from FHIR feeds");
        assertThat(noId.state()).isEqualTo(InboxState.FAILED);
        assertThat(noId.reason()).contains("has no id");
    }

    @Test
    void aBatchPreparedTogetherFindsEachPersonAsOneAtATimeWould() {
        prepare("phd", "Patient/p123/_history/3", PATIENT);
        format.flushPrepared();

        List<Prepared> batch = format.prepareAll(List.of(
                entry("phd", "Condition/c1/_history/1", "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p123\"}}"),
                entry("phd", "Patient/p9/_history/1", """
                        {"resourceType":"Patient","id":"p9","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000018"}]}
                        """),
                entry("phd", "Observation/o1/_history/1", """
                        {"resourceType":"Observation","id":"o1","status":"final","code":{"text":"BP"},"subject":{"reference":"Patient/p9"}}
                        """),
                entry("phd", "Condition/c2/_history/1", "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/never-seen\"}}"),
                entry("tewv", "Condition/c3/_history/1", "{\"resourceType\":\"Condition\",\"id\":\"c3\",\"subject\":{\"reference\":\"Patient/p123\"}}"),
                entry("phd", "Condition/m/_history/1", "{\"resourceType\":\"Condition\",\"id\":\"m\","),
                entry("phd", "Patient/p9/_history/2", "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/p9/_history/2\"}}")));

        assertThat(batch).extracting(Prepared::state).containsExactly(InboxState.PROCESSED, InboxState.PROCESSED, InboxState.PROCESSED,
                InboxState.QUARANTINED, InboxState.QUARANTINED, InboxState.FAILED, InboxState.PROCESSED);
        assertThat(batch.get(0).mapped().writes().get(0).nhsNumber()).isEqualTo(NHS);
        assertThat(batch.get(2).mapped().writes().get(0).nhsNumber()).isEqualTo(OTHER_NHS);
        assertThat(batch.get(3).reason()).contains("Patient/never-seen has not been taken in");
        // the same partner id at another partner is another Patient
        assertThat(batch.get(4).reason()).contains("Patient/p123 has not been taken in");
        assertThat(batch.get(5).reason()).startsWith("cannot read FHIR JSON");
        // the partner deleted the Patient it sent earlier in the batch: found as it was remembered
        assertThat(batch.get(6).mapped().deletions()).extracting(MappedMessage.Deletion::id)
                .containsExactly(ids.idFor("phd", "Patient", OTHER_NHS));
    }

    private Prepared prepare(String partner, String key, String payload) {
        return format.prepare(entry(partner, key, payload));
    }

    private InboxEntry entry(String partner, String key, String payload) {
        String type = key.substring(0, key.indexOf('/'));
        return new InboxEntry(inboxIds.incrementAndGet(), partner, key, "FHIR", type, Instant.now(), InboxState.RECEIVED,
                null, null, 0, Instant.now(), payload);
    }
}
