package org.darlingtontogether.carehub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.demo.SyntheticAdt.NhsIntent;
import org.darlingtontogether.carehub.demo.SyntheticAdt.SyntheticMessage;
import org.darlingtontogether.carehub.demo.SyntheticAdt;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The operations API in the running hub, behind its real security: an operator's token from {@code POST /oauth2/token},
 * messages over the hospital's MLLP listener, quarantine and release through to the shared record.
 */
@HubTest
@TestPropertySource(properties = {
        "carehub.operators.hub-ops.client-secret={noop}ops-test-secret",
        "carehub.consumers.care-hub.client-secret={noop}care-hub-test-secret"})
class OpsApiHubTest extends HubTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACED = "9434765919";

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;

    private final HttpClient http = HttpClient.newHttpClient();
    private String opsToken;

    @BeforeEach
    void token() {
        opsToken = token("hub-ops", "ops-test-secret");
    }

    @Test
    void needsAnOperatorsToken() {
        assertThat(call("GET", "/api/ops/inbox", null, null).statusCode()).isEqualTo(401);
        String consumer = token("care-hub", "care-hub-test-secret");
        assertThat(call("GET", "/api/ops/inbox", consumer, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/ops/inbox", opsToken, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aMessageWithoutAValidNhsNumberIsListedReleasedAndProcessed() throws Exception {
        SyntheticMessage untraced = messages(m -> m.nhs() != NhsIntent.VALID && m.messageType().equals("ADT^A04"));
        String ack;
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            ack = hospital.send(untraced.text());
        }
        assertThat(ack).contains("MSA|AA|");

        JsonNode listed = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(call("GET", "/api/ops/inbox?state=QUARANTINED&partner=cddft&limit=100", opsToken, null).body()),
                list -> list.size() == 1);
        JsonNode entry = listed.get(0);
        assertThat(entry.get("messageKey").asText()).isEqualTo(untraced.controlId());
        assertThat(entry.get("messageType").asText()).isEqualTo("ADT^A04");
        assertThat(entry.get("reason").asText()).contains("NHS number");
        assertThat(entry.has("payload")).isFalse();
        long id = entry.get("id").asLong();

        HttpResponse<String> wrong = call("POST", "/api/ops/quarantine/" + id + "/release", opsToken, "{\"nhsNumber\":\"9434765918\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(wrong.body()).get("detail").asText()).isEqualTo("NHS number fails the Modulus 11 check");

        HttpResponse<String> released = call("POST", "/api/ops/quarantine/" + id + "/release", opsToken, "{\"nhsNumber\":\"943 476 5919\"}");
        assertThat(released.statusCode()).isEqualTo(202);
        assertThat(json(released.body()).get("id").asLong()).isEqualTo(id);

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.find(id).orElseThrow().state() == InboxState.PROCESSED);
        InboxEntry processed = inbox.find(id).orElseThrow();
        assertThat(processed.nhsNumberOverride()).isEqualTo(TRACED);
        assertThat(json(call("GET", "/api/ops/inbox/" + id, opsToken, null).body()).get("state").asText()).isEqualTo("PROCESSED");

        HttpResponse<String> again = call("POST", "/api/ops/quarantine/" + id + "/release", opsToken, "{\"nhsNumber\":\"" + TRACED + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/ops/quarantine/999999/release", opsToken, "{\"nhsNumber\":\"" + TRACED + "\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFailedMessageIsReplayed() {
        SyntheticMessage valid = messages(m -> m.nhs() == NhsIntent.VALID && m.messageType().equals("ADT^A04"));
        // as if processing had failed on it earlier (e.g. a mapping since corrected)
        long id = inbox.store("cddft", valid.controlId(), "HL7V2", valid.messageType(), InboxState.FAILED,
                "processing error: simulated", valid.text()).id();

        HttpResponse<String> replayed = call("POST", "/api/ops/inbox/" + id + "/replay", opsToken, null);
        assertThat(replayed.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.find(id).orElseThrow().state() == InboxState.PROCESSED);
        assertThat(call("POST", "/api/ops/inbox/" + id + "/replay", opsToken, null).statusCode()).isEqualTo(409);
    }

    @Test
    void healthShowsTheHospitalFeedAndMetricsTheBacklog() {
        JsonNode open = json(call("GET", "/actuator/health", null, null).body());
        assertThat(open.path("status").asText()).isEqualTo("UP");
        assertThat(open.has("components")).as("feed details are for operators only").isFalse();

        JsonNode health = json(call("GET", "/actuator/health", opsToken, null).body());
        JsonNode cddft = health.path("components").path("feeds").path("components").path("cddft");
        assertThat(cddft.path("status").asText()).isEqualTo("UP");
        assertThat(cddft.path("details").path("routes").path("cddft-adt-inbound").asText()).isEqualTo("Started");
        assertThat(cddft.path("details").path("port").asInt()).isEqualTo(MLLP_PORT);
        assertThat(cddft.path("details").has("backlog")).isTrue();
        // the SFTP feeds have no host here: off, and saying so, without making the hub unhealthy
        JsonNode dbc = health.path("components").path("feeds").path("components").path("dbc");
        assertThat(dbc.path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(dbc.path("details").path("state").asText()).isEqualTo("off");
        assertThat(dbc.path("details").path("reason").asText()).isEqualTo("no carehub.partners.dbc.sftp.host set");

        HttpResponse<String> gauge = call("GET", "/actuator/metrics/carehub.inbox.backlog?tag=partner:cddft&tag=state:quarantined", opsToken, null);
        assertThat(gauge.statusCode()).isEqualTo(200);
        assertThat(json(gauge.body()).path("measurements").get(0).path("value").isNumber()).isTrue();
    }

    // ---- helpers

    private static SyntheticMessage messages(java.util.function.Predicate<SyntheticMessage> wanted) {
        SyntheticAdt adt = new SyntheticAdt(11, "OPS" + Long.toString(System.nanoTime(), 36) + "-", Instant.now());
        for (int i = 0; i < 1000; i++) {
            SyntheticMessage m = adt.next();
            if (wanted.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no such synthetic message in 1000");
    }

    private String token(String client, String secret) {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> call(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json, application/problem+json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
