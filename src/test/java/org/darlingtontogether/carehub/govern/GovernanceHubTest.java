package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Governance through the whole hub, as consumers and the IG lead see it: hospital data over MLLP reaches the MDTs
 * under the partnership's agreement; an objection recorded with POST /fhir/Consent removes the person from a
 * consumer's $everything at once and makes retractions due for what it had been shown; a mental-health record
 * reaches the high-impact MDT only with explicit consent, and nobody else; a sexual-health record reaches nobody.
 */
@HubTest
@DirtiesContext // frees the MLLP port for the next test class (HubTestBase shares one port)
class GovernanceHubTest extends HubTestBase {

    static final String SYSTEM = NhsNumber.SYSTEM + "%7C";
    static final List<String> CONSUMERS = List.of("mdt-frail-elderly", "mdt-high-impact", "ltc-collaborative", "care-hub", "navigator", "planning");

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;
    @Autowired SharedRecordStore store;
    @Autowired ResourceIds ids;
    @Autowired FhirContext fhir;
    @Autowired JdbcClient jdbc;

    ApiClient api;
    String igLead;

    @BeforeEach
    void clients() {
        api = new ApiClient(port);
        igLead = api.token("ig-lead", "ig-lead-demo-secret");
    }

    @Test
    void anObjectionRecordedThroughTheApiRemovesThePersonFromEverythingAndMakesRetractionsDue() throws IOException {
        String nhs = "9990002010";
        send(adt("A01", "GOV-OBJ-1", nhs, "V-9001", "WARD1", "", "OBJECTOR"));
        awaitProcessed("GOV-OBJ-1");
        String careHub = token("care-hub");
        String patientId = search("/fhir/Patient?identifier=" + SYSTEM + nhs, careHub).path("entry").get(0).path("resource").path("id").asText();
        JsonNode before = ApiClient.json(api.get("/fhir/Patient/" + patientId + "/$everything", careHub).body());
        assertThat(types(before)).contains("Patient", "Encounter");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ENTRY' and entity_id = ? and outcome = 'SHARE'")
                .param(String.valueOf(inbox.findByKey("cddft", "GOV-OBJ-1").orElseThrow().id())).query(Long.class).single()).isEqualTo(1);

        HttpResponse<String> recorded = api.post("/fhir/Consent", igLead, "application/fhir+json", json(Consents.objection(nhs)));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/Consent/"));

        // at once: the person is not found by care-hub, nor by any other consumer
        for (String consumer : CONSUMERS) {
            String token = token(consumer);
            assertThat(api.get("/fhir/Patient/" + patientId + "/$everything", token).statusCode()).as(consumer).isEqualTo(404);
            assertThat(search("/fhir/Patient?identifier=" + SYSTEM + nhs, token).path("total").asInt()).as(consumer).isZero();
            assertThat(search("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs, token).path("total").asInt()).as(consumer).isZero();
        }
        // what care-hub had been shown is due for retraction, naming the rule; nobody else had been shown anything
        List<RetractionLog.Due> due = new RetractionLog(jdbc).pending("care-hub");
        assertThat(due).extracting(RetractionLog.Due::resourceType).contains("Patient", "Encounter");
        assertThat(due).allSatisfy(d -> assertThat(d.rule()).startsWith("objection:Consent/"));
        assertThat(new RetractionLog(jdbc).pending("mdt-frail-elderly")).isEmpty();

        // a withdrawal of the objection (status inactive, PUT) shares the record again
        Consent withdrawn = Consents.objection(nhs);
        withdrawn.setStatus(Consent.ConsentState.INACTIVE);
        String consentId = recorded.headers().firstValue("Location").orElseThrow().replaceAll(".*/Consent/([^/]+).*", "$1");
        HttpResponse<String> updated = api.put("/fhir/Consent/" + consentId, igLead, "application/fhir+json", json(withId(withdrawn, consentId)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(types(ApiClient.json(api.get("/fhir/Patient/" + patientId + "/$everything", careHub).body()))).contains("Patient", "Encounter");
    }

    @Test
    void onlyTheIgLeadRecordsConsentsAndABadOneIsRefusedWithEveryProblem() {
        String consumerToken = token("care-hub");
        assertThat(api.post("/fhir/Consent", consumerToken, "application/fhir+json", json(Consents.objection("9990002029"))).statusCode())
                .isEqualTo(403);
        assertThat(api.get("/fhir/Patient?identifier=" + SYSTEM + "9990002029", igLead).statusCode()).as("the IG lead reads no patient data")
                .isEqualTo(403);

        Consent bad = Consents.toConsumer(Consents.objection("9990002020"), "somebody");
        bad.getOrganization().clear();
        HttpResponse<String> refused = api.post("/fhir/Consent", igLead, "application/fhir+json", json(bad));
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode outcome = ApiClient.json(refused.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        List<String> problems = new ArrayList<>();
        outcome.path("issue").forEach(i -> problems.add(i.path("diagnostics").asText()));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("who recorded it"))
                .anySatisfy(p -> assertThat(p).contains("provision.actor[0]"))
                .anySatisfy(p -> assertThat(p).contains("valid NHS number"));
        assertThat(api.put("/fhir/Consent/no-such-consent", igLead, "application/fhir+json", json(withId(Consents.objection("9990002029"), "no-such-consent")))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aMentalHealthRecordReachesTheHighImpactMdtOnlyWithExplicitConsent() {
        String nhs = "9990002037";
        String patientId = patient(nhs);
        Condition condition = new Condition();
        condition.setId(ids.idFor("cddft", "Condition", "MH-1"));
        condition.setSubject(new Reference("Patient/" + patientId));
        condition.setCode(new CodeableConcept().setText("depressive episode"));
        RecordMeta.stamp(condition, RecordMeta.source("cddft", "MH-1"), "conditions");
        RecordMeta.label(condition, "mental-health");
        store.write(new RecordWrite(condition, nhs, "cddft", 1L, "conditions"));

        for (String consumer : CONSUMERS) {
            assertThat(conditions(nhs, consumer)).as(consumer + " before consent").isZero();
        }
        assertThat(api.get("/fhir/Condition/" + condition.getIdElement().getIdPart(), token("mdt-high-impact")).statusCode()).isEqualTo(404);

        Consent consent = Consents.ofCategory(Consents.toConsumer(Consents.explicitConsent(nhs), "mdt-high-impact"), "mental-health");
        assertThat(api.post("/fhir/Consent", igLead, "application/fhir+json", json(consent)).statusCode()).isEqualTo(201);

        assertThat(conditions(nhs, "mdt-high-impact")).isEqualTo(1);
        assertThat(api.get("/fhir/Condition/" + condition.getIdElement().getIdPart(), token("mdt-high-impact")).statusCode()).isEqualTo(200);
        for (String consumer : CONSUMERS.stream().filter(c -> !c.equals("mdt-high-impact")).toList()) {
            assertThat(conditions(nhs, consumer)).as(consumer + " after consent to the high-impact MDT").isZero();
        }
        assertThat(search("/fhir/Patient?identifier=" + SYSTEM + nhs, token("mdt-frail-elderly")).path("total").asInt())
                .as("the rest of the record still reaches the other MDTs").isEqualTo(1);
    }

    @Test
    void aSexualHealthRecordReachesNoConsumer() {
        String nhs = "9990002045";
        String patientId = patient(nhs);
        Condition condition = new Condition();
        condition.setId(ids.idFor("cddft", "Condition", "SH-1"));
        condition.setSubject(new Reference("Patient/" + patientId));
        RecordMeta.stamp(condition, RecordMeta.source("cddft", "SH-1"), "sexual-health");
        store.write(new RecordWrite(condition, nhs, "cddft", 1L, "sexual-health"));
        // consent to everything does not change it: it never leaves its source
        api.post("/fhir/Consent", igLead, "application/fhir+json", json(Consents.explicitConsent(nhs)));

        for (String consumer : CONSUMERS) {
            String token = token(consumer);
            assertThat(conditions(nhs, consumer)).as(consumer).isZero();
            assertThat(api.get("/fhir/Condition/" + condition.getIdElement().getIdPart(), token).statusCode()).as(consumer).isEqualTo(404);
        }
        assertThat(jdbc.sql("select distinct rule from audit_event where entity_id = ?").param(condition.getIdElement().getIdPart())
                .query(String.class).list()).containsExactly("never-leaves:sexual-health");
    }

    @Test
    void consentDirectivesAreNeverShownToAConsumer() {
        String nhs = "9990002053";
        patient(nhs);
        api.post("/fhir/Consent", igLead, "application/fhir+json", json(Consents.objection(nhs).setStatus(Consent.ConsentState.INACTIVE)));
        String token = token("care-hub");
        JsonNode patient = search("/fhir/Patient?identifier=" + SYSTEM + nhs, token);
        assertThat(patient.path("total").asInt()).isEqualTo(1);
        String id = patient.path("entry").get(0).path("resource").path("id").asText();
        assertThat(types(ApiClient.json(api.get("/fhir/Patient/" + id + "/$everything", token).body()))).containsExactly("Patient");
    }

    @Test
    void whatIfReportsPerConsumerAndCategoryWhatWouldNewlyBeSharedOrWithheldWithoutPatientData() throws IOException {
        String nhs = "9990002061";
        send(adt("A01", "GOV-WHATIF-1", nhs, "V-9101", "WARD5", "", "WHATIF"));
        awaitProcessed("GOV-WHATIF-1");
        String proposal = java.nio.file.Files.readString(java.nio.file.Path.of("agreements/darlington-together-dsa.yml"))
                .replace("version: \"2026.1\"", "version: \"2026.2\"")
                // the proposal stops sharing hospital encounters with the care hub
                .replaceFirst("categories: \\[demographics, encounters, conditions, allergies, medications, observations, care-plans\\]\n"
                        + "    consumers: \\[mdt-frail-elderly, mdt-high-impact, ltc-collaborative, care-hub\\]",
                        "categories: [demographics, encounters, conditions, allergies, medications, observations, care-plans]\n"
                        + "    consumers: [mdt-frail-elderly, mdt-high-impact, ltc-collaborative]");
        assertThat(proposal).contains("version: \"2026.2\"").contains("consumers: [mdt-frail-elderly, mdt-high-impact, ltc-collaborative]\n");

        String token = token("ig-lead");
        assertThat(api.post("/api/governance/what-if?days=7", token("care-hub"), "application/yaml", proposal).statusCode()).isEqualTo(403);
        HttpResponse<String> answer = api.post("/api/governance/what-if?days=7", token, "application/yaml", proposal);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = ApiClient.json(answer.body());
        assertThat(report.path("proposed").asText()).isEqualTo("darlington-together-dsa@2026.2");
        assertThat(report.path("replaces").asText()).isEqualTo("darlington-together-dsa@2026.1");
        JsonNode careHub = null;
        for (JsonNode change : report.path("changes")) {
            assertThat(change.path("consumer").asText()).as("only the care hub loses anything").isEqualTo("care-hub");
            assertThat(change.path("newlyShared").asInt()).isZero();
            if (change.path("category").asText().equals("encounters")) {
                careHub = change;
            }
        }
        assertThat(careHub).isNotNull();
        assertThat(careHub.path("newlyWithheld").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(careHub.path("withheldExamples").get(0).asText()).startsWith("Encounter/");
        assertThat(answer.body()).as("references only").doesNotContain(nhs).doesNotContain("WHATIF");

        HttpResponse<String> bad = api.post("/api/governance/what-if?days=7", token, "application/yaml",
                proposal.replace("source: dbc", "source: dbcc"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(bad.body()).path("detail").asText()).startsWith("proposed agreement line ").contains("'dbcc' is not a known partner");
    }

    private String patient(String nhs) {
        Patient patient = new Patient();
        patient.setId(ids.idFor("cddft", "Patient", nhs));
        patient.addIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs));
        RecordMeta.stamp(patient, RecordMeta.source("cddft", "P-" + nhs), "demographics");
        store.write(new RecordWrite(patient, nhs, "cddft", 1L, "demographics"));
        return patient.getIdElement().getIdPart();
    }

    private static Consent withId(Consent consent, String id) {
        consent.setId(id);
        return consent;
    }

    private int conditions(String nhs, String consumer) {
        return search("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, token(consumer)).path("total").asInt();
    }

    private String token(String consumer) {
        return api.token(consumer, consumer + "-demo-secret");
    }

    private String json(Consent consent) {
        return fhir.newJsonParser().encodeResourceToString(consent);
    }

    private JsonNode search(String path, String token) {
        return ApiClient.json(api.get(path, token).body());
    }

    private static List<String> types(JsonNode bundle) {
        List<String> types = new ArrayList<>();
        bundle.path("entry").forEach(e -> types.add(e.path("resource").path("resourceType").asText()));
        return types;
    }

    private String send(String message) throws IOException {
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            return hospital.send(message);
        }
    }

    private void awaitProcessed(String controlId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("cddft", controlId)
                .map(e -> e.state() == InboxState.PROCESSED).orElse(false));
    }
}
