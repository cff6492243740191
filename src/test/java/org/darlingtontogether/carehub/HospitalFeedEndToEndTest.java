package org.darlingtontogether.carehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The hospital's feed as its users see it: HL7 v2 over a real MLLP socket in, the acknowledgement back, and the
 * shared record as an MDT system reads it through the FHIR API with its own token.
 */
@HubTest
class HospitalFeedEndToEndTest extends HubTestBase {

    private static final String SYSTEM = NhsNumber.SYSTEM + "%7C";

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;

    private ApiClient api;
    private String token;

    @BeforeEach
    void consumer() {
        api = new ApiClient(port);
        token = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
    }

    @Test
    void anAdmissionTransferAndDischargeFollowOneEncounterAndARepeatChangesNothing() throws IOException {
        String nhs = "9990001014";
        assertThat(send(adt("A01", "E2E-A01", nhs, "V-1001", "WARD1", "", "SMITH"))).contains("MSA|AA|E2E-A01");

        JsonNode patients = awaitSearch("/fhir/Patient?identifier=" + SYSTEM + nhs, 1);
        JsonNode patient = patients.path("entry").get(0).path("resource");
        assertThat(patient.path("meta").path("source").asText()).contains("/partner/cddft#E2E-A01");
        assertThat(tagCodes(patient)).contains("demographics");
        assertThat(patient.path("name").get(0).path("family").asText()).isEqualTo("SMITH");

        JsonNode encounter = awaitSearch("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs, 1).path("entry").get(0).path("resource");
        assertThat(encounter.path("status").asText()).isEqualTo("in-progress");
        assertThat(encounter.path("meta").path("versionId").asText()).isEqualTo("1");

        assertThat(send(adt("A02", "E2E-A02", nhs, "V-1001", "WARD7", "", "SMITH"))).contains("MSA|AA|E2E-A02");
        assertThat(send(adt("A03", "E2E-A03", nhs, "V-1001", "WARD7", "20261123160000", "SMITH"))).contains("MSA|AA|E2E-A03");
        awaitProcessed("E2E-A03");
        JsonNode discharged = search("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs).path("entry").get(0).path("resource");
        assertThat(discharged.path("id").asText()).isEqualTo(encounter.path("id").asText());
        assertThat(discharged.path("status").asText()).isEqualTo("finished");
        assertThat(discharged.path("meta").path("versionId").asText()).isEqualTo("3");

        // the sender resends after a lost ACK: acknowledged again, nothing processed twice
        assertThat(send(adt("A03", "E2E-A03", nhs, "V-1001", "WARD7", "20261123160000", "SMITH"))).contains("MSA|AA|E2E-A03");
        assertThat(search("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs).path("entry").get(0)
                .path("resource").path("meta").path("versionId").asText()).isEqualTo("3");
    }

    @Test
    void anUpdateFromTheSameSourceUpdatesThePatientInPlaceWithANewVersion() throws IOException {
        String nhs = "9990001022";
        send(adt("A04", "E2E-UPD-1", nhs, "V-2001", "OPD", "", "JONES"));
        String id = awaitSearch("/fhir/Patient?identifier=" + SYSTEM + nhs, 1).path("entry").get(0).path("resource").path("id").asText();

        send(adt("A08", "E2E-UPD-2", nhs, "V-2001", "OPD", "", "JONES-BROWN"));
        awaitProcessed("E2E-UPD-2");
        JsonNode patient = ApiClient.json(api.get("/fhir/Patient/" + id, token).body());
        assertThat(patient.path("name").get(0).path("family").asText()).isEqualTo("JONES-BROWN");
        assertThat(patient.path("meta").path("versionId").asText()).isEqualTo("2");
        assertThat(ApiClient.json(api.get("/fhir/Patient/" + id + "/_history/1", token).body())
                .path("name").get(0).path("family").asText()).isEqualTo("JONES");
    }

    @Test
    void aCancelledAdmissionIsMarkedEnteredInError() throws IOException {
        String nhs = "9990001030";
        send(adt("A01", "E2E-CAN-1", nhs, "V-3001", "WARD2", "", "TAYLOR"));
        awaitSearch("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs, 1);
        assertThat(send(adt("A11", "E2E-CAN-2", nhs, "V-3001", "WARD2", "", "TAYLOR"))).contains("MSA|AA|E2E-CAN-2");
        awaitProcessed("E2E-CAN-2");
        assertThat(search("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs).path("entry").get(0)
                .path("resource").path("status").asText()).isEqualTo("entered-in-error");
    }

    @Test
    void labResultsBecomeAReportWithItsObservations() throws IOException {
        String nhs = "9990001049";
        send(adt("A04", "E2E-LAB-0", nhs, "V-4001", "OPD", "", "EVANS"));
        assertThat(send(String.join("\r",
                "MSH|^~\\&|LAB|CDDFT|CAREHUB|DT|20261123090000||ORU^R01^ORU_R01|E2E-LAB-1|P|2.4",
                "PID|1||" + nhs + "^^^NHS^NH||EVANS^ANN||19400101|F",
                "OBR|1|ORD-1|LAB-1|UE^Urea and electrolytes^L|||20261123080000|||||||||||||||20261123090000||CH|F",
                "OBX|1|NM|NA^Sodium^L||140|mmol/L|133-146|N|||F",
                "OBX|2|NM|K^Potassium^L||6.1|mmol/L|3.5-5.3|H|||F") + "\r")).contains("MSA|AA|E2E-LAB-1");

        JsonNode observations = awaitSearch("/fhir/Observation?patient.identifier=" + SYSTEM + nhs, 2);
        List<String> codes = new ArrayList<>();
        observations.path("entry").forEach(e -> codes.add(e.path("resource").path("code").path("coding").get(0).path("code").asText()));
        assertThat(codes).containsExactlyInAnyOrder("NA", "K");
        JsonNode report = awaitSearch("/fhir/DiagnosticReport?patient.identifier=" + SYSTEM + nhs, 1).path("entry").get(0).path("resource");
        assertThat(report.path("result")).hasSize(2);
        assertThat(tagCodes(report)).containsAnyOf("observations", "results", "observations/results");
    }

    @Test
    void aMergeMovesEverythingUnderTheSurvivingNhsNumber() throws IOException {
        String retired = "9990001057";
        String survivor = "9990001065";
        send(adt("A01", "E2E-MRG-1", retired, "V-5001", "WARD3", "", "WILSON"));
        send(adt("A04", "E2E-MRG-2", survivor, "V-5002", "OPD", "", "WILSON"));
        awaitSearch("/fhir/Encounter?patient.identifier=" + SYSTEM + survivor, 1);
        awaitSearch("/fhir/Encounter?patient.identifier=" + SYSTEM + retired, 1);

        assertThat(send(String.join("\r",
                "MSH|^~\\&|PAS|CDDFT|CAREHUB|DT|20261123120000||ADT^A40^ADT_A39|E2E-MRG-3|P|2.4",
                "EVN|A40|20261123120000",
                "PID|1||" + survivor + "^^^NHS^NH||WILSON^PAT||19300303|M",
                "MRG|" + retired + "^^^NHS^NH") + "\r")).contains("MSA|AA|E2E-MRG-3");
        awaitProcessed("E2E-MRG-3");

        assertThat(search("/fhir/Encounter?patient.identifier=" + SYSTEM + survivor).path("total").asInt()).isEqualTo(2);
        assertThat(search("/fhir/Encounter?patient.identifier=" + SYSTEM + retired).path("total").asInt()).isZero();
    }

    @Test
    void aMessageWithoutAValidNhsNumberIsAcknowledgedAndQuarantinedNotMerged() throws IOException {
        assertThat(send(adt("A01", "E2E-Q-1", "9990001066", "V-6001", "WARD4", "", "BROWN"))).contains("MSA|AA|E2E-Q-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("cddft", "E2E-Q-1").orElseThrow().state() == InboxState.QUARANTINED);
        assertThat(inbox.findByKey("cddft", "E2E-Q-1").orElseThrow().reason()).contains("Modulus 11");
        assertThat(search("/fhir/Patient?identifier=" + SYSTEM + "9990001066").path("issue").get(0).path("diagnostics").asText())
                .contains("Modulus 11");
    }

    @Test
    void noTokenNoRecord() {
        var answer = api.get("/fhir/Patient?identifier=" + SYSTEM + "9990001014", null);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(answer.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
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

    private JsonNode awaitSearch(String path, int total) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> search(path), bundle -> bundle.path("total").asInt() == total);
    }

    private JsonNode search(String path) {
        return ApiClient.json(api.get(path, token).body());
    }

    private static List<String> tagCodes(JsonNode resource) {
        List<String> codes = new ArrayList<>();
        resource.path("meta").path("tag").forEach(t -> codes.add(t.path("code").asText()));
        return codes;
    }
}
