package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;

import java.io.IOException;
import java.time.Duration;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Governance at entry, over the hospital's real MLLP feed, under an agreement that lets the hospital share visits but
 * not results: an ADT message enters the shared record; a lab result is acknowledged, kept, and its inbox row
 * WITHHELD with the rule and agreement version that said no; nothing of it reaches the record.
 */
@HubTest
@DirtiesContext
@TestPropertySource(properties = "carehub.agreements.location=src/test/resources/agreements/hospital-without-results")
class GovernedEntryHubTest extends HubTestBase {

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;
    @Autowired FeedMetrics metrics;

    @Test
    void whatTheSourceMayNotShareIsWithheldAtEntryWithTheRule() throws IOException {
        String nhs = "9990003017";
        assertThat(send(adt("A04", "ENT-1", nhs, "V-1", "OPD", "", "ENTRY"))).contains("MSA|AA|ENT-1");
        assertThat(send(String.join("\r",
                "MSH|^~\\&|LAB|CDDFT|CAREHUB|DT|20261123090000||ORU^R01^ORU_R01|ENT-2|P|2.4",
                "PID|1||" + nhs + "^^^NHS^NH||ENTRY^ANN||19400101|F",
                "OBR|1|ORD-1|LAB-1|UE^Urea and electrolytes^L|||20261123080000|||||||||||||||20261123090000||CH|F",
                "OBX|1|NM|NA^Sodium^L||140|mmol/L|133-146|N|||F") + "\r")).as("acknowledged: kept, whatever governance says")
                .contains("MSA|AA|ENT-2");

        InboxEntry result = await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("cddft", "ENT-2").orElseThrow(),
                e -> e.state() != InboxState.RECEIVED);
        assertThat(result.state()).isEqualTo(InboxState.WITHHELD);
        assertThat(result.reason()).isEqualTo("withheld by governance: no-rule:observations (hospital-test-dsa@1)");
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("cddft", "ENT-1").orElseThrow().state(),
                s -> s != InboxState.RECEIVED)).isEqualTo(InboxState.PROCESSED);
        assertThat(metrics.value("cddft", FeedMetrics.Outcome.WITHHELD)).isEqualTo(1.0);

        ApiClient api = new ApiClient(port);
        String token = api.token("care-hub", "care-hub-demo-secret");
        String by = "patient.identifier=" + NhsNumber.SYSTEM + "%7C" + nhs;
        assertThat(ApiClient.json(api.get("/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + nhs, token).body()).path("total").asInt())
                .isEqualTo(1);
        assertThat(ApiClient.json(api.get("/fhir/Observation?" + by, token).body()).path("total").asInt()).isZero();
        assertThat(ApiClient.json(api.get("/fhir/DiagnosticReport?" + by, token).body()).path("total").asInt()).isZero();
    }

    private String send(String message) throws IOException {
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            return hospital.send(message);
        }
    }
}
