package org.darlingtontogether.carehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A newcomer's first run with the simulators on: the simulated council drop serves last night's extracts over SFTP,
 * the dbc feed takes them through the same route as the council's server, and the people are in the record.
 */
@HubTest
@TestPropertySource(properties = {"carehub.demo.enabled=true", "carehub.demo.messages=0"})
class SimulatedCouncilSftpTest extends HubTestBase {

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;

    @Test
    void theCouncilsExtractsFlowIntoTheRecordAndTheBadRowIsReportedBack() {
        Path outbox = Path.of("data", "demo-sftp", "council", "outbox");
        for (String file : List.of("dbc_people_20260101.csv", "dbc_packages_20260101.csv", "dbc_assessments_20260101.csv",
                "dbc_carers_20260101.csv")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(outbox.resolve("processed").resolve(file)));
        }
        assertThat(outbox.resolve("failed").resolve("dbc_packages_20260101.csv.rejects.csv")).exists();

        List<SyntheticPerson> people = SimulatedCouncilSftp.people();
        ApiClient api = new ApiClient(port);
        String token = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
        JsonNode found = await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.json(api.get(
                "/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + people.get(0).nhsNumber(), token).body()),
                bundle -> bundle.path("total").asInt() > 0);
        assertThat(found.path("entry").get(0).path("resource").path("name").get(0).path("family").asText())
                .isEqualTo(people.get(0).family());
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.findByKey("dbc", "dbc_people_20260101.csv#" + (people.size() + 2))
                .map(e -> e.state() == InboxState.QUARANTINED).orElse(false));

        JsonNode feed = ApiClient.json(api.get("/actuator/health/feeds/dbc", api.token("hub-ops", "hub-ops-demo-secret")).body());
        assertThat(feed.path("status").asText()).isEqualTo("UP");
        assertThat(feed.path("details").path("simulated").asBoolean()).isTrue();
    }
}
