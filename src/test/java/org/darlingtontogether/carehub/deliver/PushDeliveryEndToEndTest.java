package org.darlingtontogether.carehub.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;
import static org.darlingtontogether.carehub.support.HospitalMessages.testNhsNumber;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.govern.Consents;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.darlingtontogether.carehub.support.PushReceiver.Delivery;
import org.darlingtontogether.carehub.support.PushReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Push delivery as MDT systems see it: real HTTP receivers on free ports configured as consumers' push URLs, the
 * hospital's HL7 v2 feed in over MLLP, and what arrives (or not) at each receiver, with what the same consumers pull
 * through the FHIR API and what operators see in the dead-letter list.
 */
@HubTest
class PushDeliveryEndToEndTest extends HubTestBase {

    private static final String SYSTEM = NhsNumber.SYSTEM + "%7C";
    static final PushReceiver FRAIL = new PushReceiver();
    static final PushReceiver PLANNING = new PushReceiver();
    static final PushReceiver CARE_HUB = new PushReceiver();
    static final PushReceiver SUBSCRIBER = new PushReceiver();

    @DynamicPropertySource
    static void consumers(DynamicPropertyRegistry registry) {
        registry.add("carehub.consumers.mdt-frail-elderly.push-url", () -> FRAIL.url("/frail"));
        registry.add("carehub.consumers.mdt-frail-elderly.push.authorization", () -> "Bearer frail-receiver-secret");
        registry.add("carehub.consumers.planning.push-url", () -> PLANNING.url("/planning"));
        registry.add("carehub.consumers.care-hub.push-url", () -> CARE_HUB.url("/care-hub"));
        registry.add("carehub.delivery.poll-interval", () -> "50ms");
        registry.add("carehub.delivery.initial-backoff", () -> "100ms");
        registry.add("carehub.delivery.max-backoff", () -> "400ms");
        registry.add("carehub.delivery.max-attempts", () -> "4");
    }

    @AfterAll
    static void receiversDown() {
        FRAIL.close();
        PLANNING.close();
        CARE_HUB.close();
        SUBSCRIBER.close();
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;

    private ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clients() {
        api = new ApiClient(port);
        FRAIL.mode(PushReceiver.Mode.OK);
        PLANNING.mode(PushReceiver.Mode.OK);
        CARE_HUB.mode(PushReceiver.Mode.OK);
        FRAIL.up();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aDeliveryPassTheDatabaseRefusesIsRolledBackAndLoggedWithoutTheValuesItsMessageQuotes(CapturedOutput output) throws Exception {
        // as the delivery route fails: same route configuration, the database quoting a row's NHS number in its message
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:delivery-pass-refused").routeConfigurationId("delivery-errors")
                        .throwException(new DuplicateKeyException("Unique index or primary key violation: uq_delivery_sequence"
                                + " VALUES ('mdt-frail-elderly', 'subscription:1', '9434765919', 4)"));
                from("direct:delivery-pass-failed").routeConfigurationId("delivery-errors")
                        .throwException(new IllegalStateException("row for 9434765919 cannot be read"));
            }
        });
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.sendBody("direct:delivery-pass-refused", "tick");
            producer.sendBody("direct:delivery-pass-failed", "tick");
        }

        assertThat(output.getOut() + output.getErr())
                .contains("delivery pass met another writer's delivery (org.springframework.dao.DuplicateKeyException)")
                .contains("delivery pass failed (java.lang.IllegalStateException)")
                .doesNotContain("9434765919");
    }

    @Test
    void twoConsumersOfDifferentPurposesReceiveDifferentSharesOfTheSamePersonByPushAndByPull() throws IOException {
        String nhs = testNhsNumber(101);
        send(adt("A01", "PUSH-SHARE-1", nhs, "V-P1", "WARD1", "", "SMITH"));
        String patientId = patientId(nhs);

        // push: direct care gets the demographics and the encounter; planning only the encounter (no direct identifiers)
        List<Delivery> frail = await().atMost(Duration.ofSeconds(20)).until(() -> about(FRAIL, patientId),
                d -> types(d).containsAll(List.of("Patient", "Encounter")));
        List<Delivery> planning = await().atMost(Duration.ofSeconds(20)).until(() -> about(PLANNING, patientId),
                d -> types(d).contains("Encounter"));
        assertThat(frail).allSatisfy(d -> assertThat(d.authorization()).isEqualTo("Bearer frail-receiver-secret"));
        assertThat(planning).allSatisfy(d -> assertThat(d.authorization()).isNull());
        assertThat(types(planning)).doesNotContain("Patient");
        assertThat(withheld("planning", "Patient/" + patientId)).isTrue();

        // pull: the same shares through the FHIR API with each consumer's own token
        String frailToken = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
        String planningToken = api.token("planning", "planning-demo-secret");
        assertThat(total("/fhir/Patient?identifier=" + SYSTEM + nhs, frailToken)).isEqualTo(1);
        assertThat(total("/fhir/Patient?identifier=" + SYSTEM + nhs, planningToken)).isZero();
        assertThat(total("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs, frailToken)).isEqualTo(1);
        assertThat(total("/fhir/Encounter?patient.identifier=" + SYSTEM + nhs, planningToken)).isEqualTo(1);

        // the merged view: one Patient with every source's identifiers for direct care, nothing for planning
        JsonNode merged = ApiClient.json(api.get("/fhir/Patient/" + patientId + "/$merged", frailToken).body());
        assertThat(merged.path("resourceType").asText()).isEqualTo("Patient");
        assertThat(merged.path("identifier").toString()).contains(nhs);
        assertThat(merged.path("link").get(0).path("other").path("reference").asText()).isEqualTo("Patient/" + patientId);
        assertThat(ApiClient.json(api.get("/fhir/Patient/$merged?identifier=" + SYSTEM + nhs, frailToken).body())
                .path("identifier").toString()).contains(nhs);
        assertThat(api.get("/fhir/Patient/$merged?identifier=" + SYSTEM + nhs, planningToken).statusCode()).isEqualTo(404);
    }

    @Test
    void aReceiverDownForAWhileGetsEveryDeliveryOnceInOrderWhenItIsBack() throws IOException {
        String nhs = testNhsNumber(102);
        send(adt("A01", "PUSH-DOWN-0", nhs, "V-D1", "WARD1", "", "JONES"));
        String patientId = patientId(nhs);
        await().atMost(Duration.ofSeconds(20)).until(() -> types(about(FRAIL, patientId)).contains("Encounter"));

        FRAIL.down();
        send(adt("A02", "PUSH-DOWN-1", nhs, "V-D1", "WARD2", "", "JONES"));
        send(adt("A02", "PUSH-DOWN-2", nhs, "V-D1", "WARD3", "", "JONES"));
        send(adt("A03", "PUSH-DOWN-3", nhs, "V-D1", "WARD3", "20261123160000", "JONES"));
        // the hub keeps trying while the receiver is down, holding the person's later changes back
        await().atMost(Duration.ofSeconds(20)).until(() -> retrying("mdt-frail-elderly"));

        // back, and once the answer to each first delivery is lost: the hub sends again with the same key
        FRAIL.mode(PushReceiver.Mode.FAIL_FIRST_ANSWER);
        FRAIL.up();
        List<Delivery> encounters = await().atMost(Duration.ofSeconds(30)).until(
                () -> about(FRAIL, patientId).stream().filter(d -> d.type().equals("Encounter")).toList(),
                d -> d.size() == 4);
        assertThat(encounters).extracting(Delivery::version).containsExactly("1", "2", "3", "4");
        List<Delivery> all = about(FRAIL, patientId);
        assertThat(all).extracting(Delivery::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(Delivery::key).doesNotHaveDuplicates();
        // repeats did reach the receiver, and were recognised by their key
        assertThat(FRAIL.received().stream().filter(d -> d.about(patientId)).count()).isGreaterThan(all.size());
    }

    @Test
    void aReceiverThatAlwaysFailsLandsInTheDeadLetterListAndReplayDeliversIt() throws IOException, InterruptedException {
        CARE_HUB.mode(PushReceiver.Mode.ALWAYS_FAIL);
        String nhs = testNhsNumber(103);
        send(adt("A04", "PUSH-DEAD-1", nhs, "V-X1", "OPD", "", "TAYLOR"));
        String patientId = patientId(nhs);
        String ops = api.token("hub-ops", "hub-ops-demo-secret");

        JsonNode dead = await().atMost(Duration.ofSeconds(20)).until(
                () -> ApiClient.json(api.get("/api/ops/deliveries?state=DEAD&consumer=care-hub", ops).body()),
                list -> containsResource(list, "Patient/" + patientId));
        JsonNode row = find(dead, "Patient/" + patientId);
        assertThat(row.path("attempts").asInt()).isEqualTo(4);
        assertThat(row.path("lastError").asText()).contains("HTTP 500");
        assertThat(row.toString()).doesNotContain(nhs).doesNotContain("TAYLOR");
        assertThat(CARE_HUB.applied()).noneMatch(d -> d.about(patientId));

        CARE_HUB.mode(PushReceiver.Mode.OK);
        HttpResponse<String> replay = post("/api/ops/deliveries/" + row.path("id").asLong() + "/replay", ops);
        assertThat(replay.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> CARE_HUB.applied().stream().anyMatch(d -> d.reference().equals("Patient/" + patientId)));
        JsonNode after = ApiClient.json(api.get("/api/ops/deliveries/" + row.path("id").asLong(), ops).body());
        assertThat(after.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(post("/api/ops/deliveries/" + row.path("id").asLong() + "/replay", ops).statusCode()).isEqualTo(409);
    }

    @Test
    void aWithdrawnShareIsRetractedFromTheConsumerThatHoldsItAndNothingMoreIsSent() throws IOException {
        String nhs = testNhsNumber(104);
        send(adt("A01", "PUSH-RETRACT-1", nhs, "V-R1", "WARD1", "", "EVANS"));
        String patientId = patientId(nhs);
        Delivery encounter = await().atMost(Duration.ofSeconds(20)).until(
                () -> about(FRAIL, patientId).stream().filter(d -> d.type().equals("Encounter")).findFirst().orElse(null),
                d -> d != null);

        // the person objects, recorded by the IG lead: governance records the retraction as due, delivery sends it
        String igLead = api.token("ig-lead", "ig-lead-demo-secret");
        HttpResponse<String> recorded = send("POST", "/fhir/Consent", igLead,
                FhirContext.forR4Cached().newJsonParser().encodeResourceToString(Consents.objection(nhs)));
        assertThat(recorded.statusCode()).isEqualTo(201);

        Delivery retraction = await().atMost(Duration.ofSeconds(20)).until(
                () -> FRAIL.applied().stream().filter(d -> d.method().equals("DELETE") && d.reference().equals(encounter.reference()))
                        .findFirst().orElse(null), d -> d != null);
        assertThat(retraction.entry().path("resource").isMissingNode()).isTrue();
        assertThat(retraction.entry().path("extension").get(0).path("valueString").asText()).startsWith("objection:Consent/");
        assertThat(retraction.sequence()).isGreaterThan(encounter.sequence());

        // a later change for the person is governed at send time: withheld, never sent
        send(adt("A02", "PUSH-RETRACT-2", nhs, "V-R1", "WARD5", "", "EVANS"));
        await().atMost(Duration.ofSeconds(20)).until(() -> withheld("mdt-frail-elderly", encounter.reference()));
        assertThat(FRAIL.applied()).noneMatch(d -> d.reference().equals(encounter.reference()) && d.version().equals("2"));
    }

    @Test
    void aConsumerSubscribesWithItsOwnTokenReceivesWhatItsCriteriaMatchAndOthersCannotTouchIt() throws IOException {
        String nhs = testNhsNumber(105);
        String other = testNhsNumber(106);
        String highImpact = api.token("mdt-high-impact", "mdt-high-impact-demo-secret");
        String ltc = api.token("ltc-collaborative", "ltc-collaborative-demo-secret");
        String subscription = """
                {"resourceType":"Subscription","status":"requested","reason":"MDT caseload",
                 "criteria":"Encounter?patient.identifier=https://fhir.nhs.uk/Id/nhs-number|%s",
                 "channel":{"type":"rest-hook","endpoint":"%s","payload":"application/fhir+json",
                            "header":["Authorization: Bearer subscriber-secret"]}}""".formatted(nhs, SUBSCRIBER.url("/hook"));

        HttpResponse<String> created = send("POST", "/fhir/Subscription", highImpact, subscription);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().replaceAll(".*/Subscription/([^/]+).*", "$1");
        JsonNode read = ApiClient.json(api.get("/fhir/Subscription/" + id, highImpact).body());
        assertThat(read.path("status").asText()).isEqualTo("active");
        assertThat(ApiClient.json(api.get("/fhir/Subscription", highImpact).body()).path("total").asInt()).isEqualTo(1);

        HttpResponse<String> notYours = api.get("/fhir/Subscription/" + id, ltc);
        assertThat(notYours.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(notYours.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(send("DELETE", "/fhir/Subscription/" + id, ltc, null).statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(api.get("/fhir/Subscription", ltc).body()).path("total").asInt()).isZero();

        HttpResponse<String> bad = send("POST", "/fhir/Subscription", highImpact, subscription.replace("Encounter?", "Medication?"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("OperationOutcome").contains("Medication");

        send(adt("A01", "PUSH-SUB-1", nhs, "V-S1", "WARD1", "", "BROWN"));
        send(adt("A01", "PUSH-SUB-2", other, "V-S2", "WARD1", "", "GREEN"));
        String patientId = patientId(nhs);
        String otherId = patientId(other);
        Delivery encounter = await().atMost(Duration.ofSeconds(20)).until(
                () -> SUBSCRIBER.applied().stream().filter(d -> d.about(patientId)).findFirst().orElse(null), d -> d != null);
        assertThat(encounter.type()).isEqualTo("Encounter");
        assertThat(encounter.authorization()).isEqualTo("Bearer subscriber-secret");
        // the other person's changes reached the configured push URLs, never this subscription
        await().atMost(Duration.ofSeconds(20)).until(() -> !about(FRAIL, otherId).isEmpty());
        assertThat(SUBSCRIBER.applied()).allMatch(d -> d.about(patientId) && d.type().equals("Encounter"));

        assertThat(send("DELETE", "/fhir/Subscription/" + id, highImpact, null).statusCode()).isBetween(200, 204);
        assertThat(api.get("/fhir/Subscription/" + id, highImpact).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/fhir+json");
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean withheld(String consumer, String reference) {
        return jdbc.queryForObject("select count(*) from delivery_outbox where consumer = ? and resource_type || '/' || resource_id = ?"
                + " and state = 'WITHHELD'", Integer.class, consumer, reference) > 0;
    }

    private boolean retrying(String consumer) {
        return jdbc.queryForObject("select count(*) from delivery_outbox where consumer = ? and state = 'PENDING' and attempts > 0",
                Integer.class, consumer) > 0;
    }

    private static boolean containsResource(JsonNode list, String reference) {
        return find(list, reference) != null;
    }

    private static JsonNode find(JsonNode list, String reference) {
        for (JsonNode row : list) {
            if (row.path("resource").asText().equals(reference)) {
                return row;
            }
        }
        return null;
    }

    private static List<Delivery> about(PushReceiver receiver, String patientId) {
        return receiver.applied().stream().filter(d -> d.about(patientId)).toList();
    }

    private static List<String> types(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::type).toList();
    }

    private String patientId(String nhs) {
        String token = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
        JsonNode bundle = await().atMost(Duration.ofSeconds(20)).until(
                () -> ApiClient.json(api.get("/fhir/Patient?identifier=" + SYSTEM + nhs, token).body()), b -> b.path("total").asInt() == 1);
        return bundle.path("entry").get(0).path("resource").path("id").asText();
    }

    private int total(String path, String token) {
        return ApiClient.json(api.get(path, token).body()).path("total").asInt();
    }

    private HttpResponse<String> post(String path, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void send(String message) throws IOException {
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            assertThat(hospital.send(message)).contains("MSA|AA");
        }
    }
}
