package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The FHIR API over HTTP as a consumer sees it: authentication first, then the shared record (written straight
 * into the store here) by NHS number, by id, by person and as $everything, and errors as OperationOutcome.
 */
@HubTest
@DirtiesContext // frees the MLLP port for the next test class (HubTestBase shares one port)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirApiTest extends HubTestBase {

    static final String NHS_NUMBER = "9990000018";
    static final String OTHER_NHS_NUMBER = "9990000026";
    static final String NOT_AN_NHS_NUMBER = "9990000019"; // fails the Modulus 11 check

    @LocalServerPort
    int port;
    @Autowired
    SharedRecordStore store;
    @Autowired
    ResourceIds ids;
    @Autowired
    FhirContext fhir;

    ApiClient api;
    String consumerToken;
    String operatorToken;
    String patientId;
    String encounterId;
    String otherPatientId;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @BeforeAll
    void recordAndTokens() {
        api = new ApiClient(port);
        consumerToken = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
        operatorToken = api.token("hub-ops", "hub-ops-demo-secret");

        patientId = ids.idFor("cddft", "Patient", "RXX-100001");
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(NHS_NUMBER);
        patient.addName().setFamily("Testpatient").addGiven("Alpha");
        patient.setGender(AdministrativeGender.FEMALE);
        write(patient, NHS_NUMBER, "demographics");

        Reference subject = new Reference("Patient/" + patientId);
        encounterId = ids.idFor("cddft", "Encounter", "V-1");
        Encounter encounter = new Encounter();
        encounter.setId(encounterId);
        encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
        encounter.setSubject(subject);
        write(encounter, NHS_NUMBER, "encounters");

        Condition condition = new Condition();
        condition.setId(ids.idFor("cddft", "Condition", "V-1|DG1|1"));
        condition.setSubject(subject);
        condition.getCode().setText("Test condition");
        write(condition, NHS_NUMBER, "conditions");

        AllergyIntolerance allergy = new AllergyIntolerance();
        allergy.setId(ids.idFor("cddft", "AllergyIntolerance", "AL1|1"));
        allergy.setPatient(subject);
        write(allergy, NHS_NUMBER, "allergies");

        Observation observation = new Observation();
        observation.setId(ids.idFor("cddft", "Observation", "ORU-1|1"));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(subject);
        observation.getCode().setText("Test result");
        observation.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation");
        observation.setValue(new Quantity().setValueElement(new DecimalType("142.50")).setUnit("mm[Hg]"));
        observation.getValueQuantity().getValueElement().addExtension("https://example.org/precision-note", new StringType("as measured"));
        write(observation, NHS_NUMBER, "observations");

        otherPatientId = ids.idFor("cddft", "Patient", "RXX-100002");
        Patient other = new Patient();
        other.setId(otherPatientId);
        other.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(OTHER_NHS_NUMBER);
        write(other, OTHER_NHS_NUMBER, "demographics");
        Encounter othersEncounter = new Encounter();
        othersEncounter.setId(ids.idFor("cddft", "Encounter", "V-2"));
        othersEncounter.setStatus(Encounter.EncounterStatus.FINISHED);
        othersEncounter.setSubject(new Reference("Patient/" + otherPatientId));
        write(othersEncounter, OTHER_NHS_NUMBER, "encounters");
    }

    // --- authentication -------------------------------------------------------------------------------------

    @Test
    void noTokenIsA401WithAnOperationOutcome() {
        HttpResponse<String> response = api.get("/fhir/metadata", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(h -> assertThat(h).startsWith("application/fhir+json"));
        OperationOutcome outcome = parse(response, OperationOutcome.class);
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
    }

    @Test
    void aGarbageTokenIsA401() {
        HttpResponse<String> response = api.get("/fhir/Patient/" + patientId, "not.a.jwt");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
        assertThat(parse(response, OperationOutcome.class).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
    }

    @Test
    void aConsumerTokenGetsTheCapabilityStatement() {
        HttpResponse<String> response = api.get("/fhir/metadata", consumerToken);

        assertThat(response.statusCode()).isEqualTo(200);
        CapabilityStatement statement = parse(response, CapabilityStatement.class);
        assertThat(statement.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("Patient", "Encounter", "Condition", "AllergyIntolerance", "RelatedPerson", "Observation", "DiagnosticReport");
        assertThat(statement.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("OAuth");
    }

    @Test
    void anOperatorTokenIsNotAConsumerToken() {
        HttpResponse<String> response = api.get("/fhir/metadata", operatorToken);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(parse(response, OperationOutcome.class).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
    }

    @Test
    void actuatorBeyondHealthNeedsTheOpsScope() {
        // open without a token (its status code is the hub's health, UP 200 or DOWN 503, not the caller's)
        HttpResponse<String> health = api.get("/actuator/health", null);
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(ApiClient.json(health.body()).has("status")).isTrue();
        assertThat(api.get("/actuator/info", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/actuator/metrics", consumerToken).statusCode()).isEqualTo(403);
        assertThat(api.get("/actuator/metrics", operatorToken).statusCode()).isEqualTo(200);
    }

    // --- the shared record ----------------------------------------------------------------------------------

    @Test
    void findsThePatientByNhsNumber() {
        Bundle bundle = search("/fhir/Patient?identifier=" + token(NHS_NUMBER));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(idsOf(bundle)).containsExactly("Patient/" + patientId);
        Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
        assertThat(patient.getMeta().getLastUpdated()).isNotNull();
    }

    @Test
    void findsThePatientByNhsNumberWrittenWithSpaces() {
        assertThat(idsOf(search("/fhir/Patient?identifier=" + token("999 000 0018")))).containsExactly("Patient/" + patientId);
    }

    @Test
    void readsAndVreadsThePatient() {
        HttpResponse<String> read = api.get("/fhir/Patient/" + patientId, consumerToken);
        assertThat(read.statusCode()).isEqualTo(200);
        Patient patient = parse(read, Patient.class);
        assertThat(patient.getIdElement().getIdPart()).isEqualTo(patientId);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(NHS_NUMBER);
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");

        HttpResponse<String> vread = api.get("/fhir/Patient/" + patientId + "/_history/1", consumerToken);
        assertThat(vread.statusCode()).isEqualTo(200);
        assertThat(parse(vread, Patient.class).getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void keepsEarlierVersionsReadable() {
        String id = ids.idFor("cddft", "Encounter", "V-versions");
        Encounter encounter = new Encounter();
        encounter.setId(id);
        encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
        encounter.setSubject(new Reference("Patient/" + otherPatientId));
        write(encounter, OTHER_NHS_NUMBER, "encounters");
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        write(encounter, OTHER_NHS_NUMBER, "encounters");

        Encounter current = parse(api.get("/fhir/Encounter/" + id, consumerToken), Encounter.class);
        assertThat(current.getMeta().getVersionId()).isEqualTo("2");
        assertThat(current.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        Encounter first = parse(api.get("/fhir/Encounter/" + id + "/_history/1", consumerToken), Encounter.class);
        assertThat(first.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(api.get("/fhir/Encounter/" + id + "/_history/3", consumerToken).statusCode()).isEqualTo(404);
    }

    @Test
    void everythingHoldsAllOfThePersonsRecordAndNothingElse() {
        HttpResponse<String> response = api.get("/fhir/Patient/" + patientId + "/$everything", consumerToken);

        assertThat(response.statusCode()).isEqualTo(200);
        Bundle bundle = parse(response, Bundle.class);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        List<String> found = idsOf(bundle);
        assertThat(found.get(0)).isEqualTo("Patient/" + patientId);
        assertThat(found).containsExactlyInAnyOrder("Patient/" + patientId, "Encounter/" + encounterId,
                "Condition/" + ids.idFor("cddft", "Condition", "V-1|DG1|1"),
                "AllergyIntolerance/" + ids.idFor("cddft", "AllergyIntolerance", "AL1|1"),
                "Observation/" + ids.idFor("cddft", "Observation", "ORU-1|1"));
    }

    @Test
    void everythingAsPlainJsonIsTheBundleHapiWouldEncode() throws Exception {
        String path = "/fhir/Patient/" + patientId + "/$everything";
        HttpResponse<String> plain = api.get(path, consumerToken);
        // any parameter but _format (here _pretty) has HAPI build and encode the Bundle, as before the plain JSON path existed
        HttpResponse<String> encoded = api.get(path + "?_pretty=true", consumerToken);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(encoded.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/fhir+json"));

        ObjectNode fromStored = (ObjectNode) ApiClient.json(plain.body());
        ObjectNode fromHapi = (ObjectNode) ApiClient.json(encoded.body());
        assertThat(fromStored.path("link").get(0).path("url").asText()).endsWith(":" + port + path);
        assertThat(fromStored.path("meta").path("lastUpdated").asText()).isNotBlank();
        for (ObjectNode bundle : List.of(fromStored, fromHapi)) {
            bundle.remove(List.of("id", "meta", "link")); // each answer's own
        }
        assertThat(fromStored).isEqualTo(fromHapi);
        assertThat(plain.body()).as("a decimal keeps its written precision").contains("142.50").doesNotContain("\n");

        // gzip when the client accepts it, the same Bundle
        HttpResponse<byte[]> zipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + consumerToken).header("Accept-Encoding", "gzip").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(idsOf(fhir.newJsonParser().parseResource(Bundle.class, unzipped))).isEqualTo(idsOf(parse(plain, Bundle.class)));
        }

        // XML when asked for
        HttpResponse<String> xml = api.get(path + "?_format=xml", consumerToken);
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(idsOf(fhir.newXmlParser().parseResource(Bundle.class, xml.body()))).isEqualTo(idsOf(parse(plain, Bundle.class)));
    }

    @Test
    void searchesEachTypeByThePerson() {
        assertThat(idsOf(search("/fhir/Encounter?patient=Patient/" + patientId))).containsExactly("Encounter/" + encounterId);
        assertThat(idsOf(search("/fhir/Encounter?subject=" + patientId))).containsExactly("Encounter/" + encounterId);
        assertThat(idsOf(search("/fhir/Encounter?subject.identifier=" + token(NHS_NUMBER)))).containsExactly("Encounter/" + encounterId);
        assertThat(idsOf(search("/fhir/Condition?subject=Patient/" + patientId))).hasSize(1);
        assertThat(idsOf(search("/fhir/AllergyIntolerance?patient=Patient/" + patientId))).hasSize(1);
        assertThat(idsOf(search("/fhir/Observation?patient.identifier=" + token(NHS_NUMBER)))).hasSize(1);
        assertThat(idsOf(search("/fhir/DiagnosticReport?patient=Patient/" + patientId))).isEmpty();
        assertThat(idsOf(search("/fhir/RelatedPerson?patient=Patient/" + patientId))).isEmpty();
        assertThat(idsOf(search("/fhir/Encounter?patient=Patient/unknown-patient"))).isEmpty();
    }

    @Test
    void anInvalidNhsNumberIsA400NamingTheProblem() {
        HttpResponse<String> response = api.get("/fhir/Patient?identifier=" + token(NOT_AN_NHS_NUMBER), consumerToken);

        assertThat(response.statusCode()).isEqualTo(400);
        OperationOutcome outcome = parse(response, OperationOutcome.class);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Modulus 11").doesNotContain(NOT_AN_NHS_NUMBER);

        HttpResponse<String> chained = api.get("/fhir/Encounter?patient.identifier=" + token("12345"), consumerToken);
        assertThat(chained.statusCode()).isEqualTo(400);
        assertThat(parse(chained, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("5 digits, not 10");
    }

    @Test
    void anUnknownIdIsA404OperationOutcome() {
        HttpResponse<String> patient = api.get("/fhir/Patient/cddft-00000000000000000000000000000000", consumerToken);
        assertThat(patient.statusCode()).isEqualTo(404);
        assertThat(parse(patient, OperationOutcome.class).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);

        assertThat(api.get("/fhir/Patient/cddft-00000000000000000000000000000000/$everything", consumerToken).statusCode()).isEqualTo(404);
        assertThat(api.get("/fhir/Condition/nothing-here", consumerToken).statusCode()).isEqualTo(404);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void write(IBaseResource resource, String nhsNumber, String category) {
        store.write(new RecordWrite(resource, nhsNumber, "cddft", 1L, category));
    }

    private static String token(String nhsNumber) {
        return URLEncoder.encode(NhsNumber.SYSTEM + "|" + nhsNumber, StandardCharsets.UTF_8);
    }

    private Bundle search(String path) {
        HttpResponse<String> response = api.get(path, consumerToken);
        assertThat(response.statusCode()).as("%s answered %s", path, response.body()).isEqualTo(200);
        return parse(response, Bundle.class);
    }

    private static List<String> idsOf(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue()).toList();
    }

    private <T extends IBaseResource> T parse(HttpResponse<String> response, Class<T> type) {
        return fhir.newJsonParser().parseResource(type, response.body());
    }
}
