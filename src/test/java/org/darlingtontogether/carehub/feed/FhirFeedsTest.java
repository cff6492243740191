package org.darlingtontogether.carehub.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.darlingtontogether.carehub.demo.SyntheticFhirRecords.condition;
import static org.darlingtontogether.carehub.demo.SyntheticFhirRecords.consent;
import static org.darlingtontogether.carehub.demo.SyntheticFhirRecords.observation;
import static org.darlingtontogether.carehub.demo.SyntheticFhirRecords.patient;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;
import static org.darlingtontogether.carehub.support.HospitalMessages.testNhsNumber;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.demo.PartnerFhirServer;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.ops.FeedsHealthContributor;
import org.darlingtontogether.carehub.ops.InboxHandoff;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The GP federation's and the mental health trust's FHIR servers (HAPI RestfulServer on free ports) read by the running
 * hub: initial and incremental sync into the shared record, a restart in the middle of paging, each fault a partner
 * produces, and the same person from the hospital (HL7 v2), the GP and the trust answered by the hub's FHIR API under
 * one NHS number.
 */
@HubTest
class FhirFeedsTest extends HubTestBase {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final List<String> TYPES = List.of("Patient", "Encounter", "Condition", "AllergyIntolerance", "MedicationStatement",
            "Observation", "CarePlan", "Consent");
    static final PartnerFhirServer GP = new PartnerFhirServer(FHIR, TYPES).start();
    static final PartnerFhirServer TRUST = new PartnerFhirServer(FHIR, TYPES).start();
    static final String GP_LOCAL = "https://phd.example/Id/practice-patient";
    static final String SYSTEM = NhsNumber.SYSTEM + "%7C";

    @DynamicPropertySource
    static void partners(DynamicPropertyRegistry registry) {
        registry.add("carehub.partners.phd.base-url", () -> GP.baseUrl().toString());
        registry.add("carehub.partners.tewv.base-url", () -> TRUST.baseUrl().toString());
        for (String p : List.of("phd", "tewv")) {
            registry.add("carehub.partners." + p + ".poll-interval", () -> "1s");
            registry.add("carehub.partners." + p + ".page-size", () -> "4");
            registry.add("carehub.partners." + p + ".auth-retry-interval", () -> "3s");
        }
    }

    @AfterAll
    static void stopPartners() {
        GP.close();
        TRUST.close();
    }

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;
    @Autowired FhirFeedPoller poller;
    @Autowired FhirWatermarks watermarks;
    @Autowired FeedsHealthContributor feeds;
    @Autowired CamelContext camel;
    @Autowired CarehubProperties properties;
    @Autowired TransactionTemplate transaction;
    @Autowired InboxHandoff handoff;
    @Autowired org.darlingtontogether.carehub.record.SharedRecordStore record;
    @Autowired FeedMetrics metrics;
    @Autowired org.darlingtontogether.carehub.record.ResourceIds ids;
    @Autowired ObjectProvider<SslBundles> sslBundles;
    @Autowired org.darlingtontogether.carehub.identify.PartnerPatientIndex partnerPatients;
    @Autowired org.darlingtontogether.carehub.inbox.InboxBatchWriter batches;
    private ApiClient api;
    private String token;

    @BeforeEach
    void consumer() {
        api = new ApiClient(port);
        token = api.token("mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
    }

    @Test
    void initialThenIncrementalSyncReachTheRecordOnceEach() {
        String nhs = testNhsNumber(301);
        GP.put(patient("g301", nhs, GP_LOCAL, "Robson", "Ada", "F", LocalDate.of(1938, 4, 2)));
        for (int i = 1; i <= 6; i++) {
            GP.put(condition("g301-c" + i, "g301", "3806700" + i, "Problem " + i));
        }
        GP.put(observation("g301-o1", "g301", "271649006", "Systolic blood pressure", 142, "mm[Hg]"));

        awaitProcessed("phd", "Patient/g301/_history/1", "Condition/g301-c1/_history/1", "Condition/g301-c6/_history/1",
                "Observation/g301-o1/_history/1");
        assertThat(awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 6).path("total").asInt()).isEqualTo(6);

        Condition changed = condition("g301-c1", "g301", "38067001", "Problem 1, resolved");
        changed.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
        GP.put(changed);
        GP.put(condition("g301-c7", "g301", "38067007", "Problem 7"));

        awaitProcessed("phd", "Condition/g301-c1/_history/2", "Condition/g301-c7/_history/1");
        JsonNode conditions = awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 7);
        JsonNode first = find(entries(conditions), "Problem 1, resolved");
        assertThat(first.path("meta").path("versionId").asText()).isEqualTo("2");
        assertThat(first.path("clinicalStatus").path("coding").get(0).path("code").asText()).isEqualTo("resolved");
        assertThat(inbox.findByKey("phd", "Condition/g301-c1/_history/1")).isPresent();
        // later polls ask only for what changed since the watermark
        assertThat(GP.requests()).anyMatch(r -> r.startsWith("/fhir/Condition?") && r.contains("_lastUpdated=ge"));
        assertThat(watermarks.find("phd", "Condition")).isPresent();
    }

    @Test
    void theSamePersonFromHospitalGpAndMentalHealthTrustIsOneNhsNumber() throws IOException {
        String nhs = testNhsNumber(302);
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            assertThat(hospital.send(adt("A01", "FHIRTEST1", nhs, "V302", "WARD 2", "", "TEASDALE"))).contains("MSA|AA");
        }
        GP.put(patient("g302", nhs, GP_LOCAL, "Teasdale", "Ron", "M", LocalDate.of(1941, 7, 9)));
        GP.put(condition("g302-c1", "g302", "44054006", "Diabetes mellitus type 2"));
        Patient atTrust = patient("t302", nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6),
                "https://tewv.example/Id/rio", "Teasdale", "Ronald", "M", LocalDate.of(1941, 7, 9));
        TRUST.put(atTrust);
        Condition depression = condition("t302-c1", "t302", "35489007", "Depressive disorder");
        depression.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
        TRUST.put(depression);
        TRUST.put(consent("t302-k1", "t302", false, "NAV01", "Navigator service", "2024-01-01"));

        awaitProcessed("cddft", "FHIRTEST1");
        awaitProcessed("phd", "Patient/g302/_history/1", "Condition/g302-c1/_history/1");
        awaitProcessed("tewv", "Patient/t302/_history/1", "Condition/t302-c1/_history/1", "Consent/t302-k1/_history/1");

        // the record holds the person from all three partners under one NHS number
        List<String> sources = new ArrayList<>();
        stored("Patient", nhs).forEach(p -> sources.add(p.path("meta").path("source").asText().replaceAll("#.*", "")));
        assertThat(sources).containsExactlyInAnyOrder("https://fhir.darlingtontogether.org.uk/partner/cddft",
                "https://fhir.darlingtontogether.org.uk/partner/phd", "https://fhir.darlingtontogether.org.uk/partner/tewv");

        List<JsonNode> conditions = stored("Condition", nhs);
        assertThat(conditions).hasSize(2);
        JsonNode mental = find(conditions, "Depressive disorder");
        assertThat(tags(mental)).containsExactly("conditions", "mental-health");
        assertThat(mental.path("meta").path("security").get(0).path("code").asText()).isEqualTo("R");
        assertThat(mental.path("subject").path("identifier").path("value").asText()).isEqualTo(nhs);
        assertThat(tags(find(conditions, "Diabetes mellitus type 2"))).containsExactly("conditions");

        List<JsonNode> consents = stored("Consent", nhs);
        assertThat(consents).hasSize(1);
        assertThat(tags(consents.get(0))).containsExactly("consent");
        assertThat(consents.get(0).path("provision").path("type").asText()).isEqualTo("deny");
        assertThat(consents.get(0).path("patient").path("identifier").path("value").asText()).isEqualTo(nhs);

        // the trust's objection names its recipient by an ODS code, not a consumer of the hub: governance reads it
        // safe-side, as an objection to all sharing, so a direct-care MDT now finds nothing about this person
        assertThat(ApiClient.json(api.get("/fhir/Patient?identifier=" + SYSTEM + nhs, token).body()).path("total").asInt()).isZero();
        assertThat(ApiClient.json(api.get("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, token).body()).path("total").asInt()).isZero();
    }

    @Test
    void anObjectionSentAsAConsentThroughTheGpFeedRemovesThePersonFromEverything() {
        String nhs = testNhsNumber(304);
        GP.put(patient("g304", nhs, GP_LOCAL, "Dobson", "Edith", "F", LocalDate.of(1936, 11, 20)));
        GP.put(condition("g304-c1", "g304", "49436004", "Atrial fibrillation"));
        awaitProcessed("phd", "Patient/g304/_history/1", "Condition/g304-c1/_history/1");
        String patientId = awaitSearch("/fhir/Patient?identifier=" + SYSTEM + nhs, 1).path("entry").get(0).path("resource").path("id").asText();
        HttpResponse<String> before = api.get("/fhir/Patient/" + patientId + "/$everything", token);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(entries(ApiClient.json(before.body()))).extracting(r -> r.path("resourceType").asText()).contains("Patient", "Condition");

        // the practice records the person's objection to sharing; the GP federation's feed brings it to the hub
        GP.put(consent("g304-k1", "g304", false, "A83010", "Darlington care hub", "2025-02-01"));
        awaitProcessed("phd", "Consent/g304-k1/_history/1");

        HttpResponse<String> after = api.get("/fhir/Patient/" + patientId + "/$everything", token);
        assertThat(after.statusCode()).as("the person is no longer found by the MDT").isEqualTo(404);
        assertThat(ApiClient.json(after.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(ApiClient.json(api.get("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, token).body()).path("total").asInt()).isZero();
    }

    @Test
    void aRestartInTheMiddleOfPagingResumesAtTheWatermarkTakingEverythingOnce() throws Exception {
        camel.getRouteController().stopRoute("phd-fhir-inbound");
        try {
            String nhs = testNhsNumber(303);
            GP.put(patient("g303", nhs, GP_LOCAL, "Heslop", "Mary", "F", LocalDate.of(1933, 1, 5)));
            List<String> keys = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                GP.put(condition("g303-c" + i, "g303", "2222" + i, "Restart problem " + i));
                keys.add("Condition/g303-c" + i + "/_history/1");
            }
            long before = inbox.countForPartner("phd");
            // the first hub reads a page of conditions, commits it, then dies while fetching the next page
            GP.addFault(PartnerFhirServer.Fault.status(500, Map.of()).when(r -> r.contains("_getpages")));
            assertThatThrownBy(() -> newPoller().poll("phd")).isInstanceOf(FeedUnavailableException.class);
            long afterCrash = inbox.countForPartner("phd");
            assertThat(afterCrash - before).as("the committed page and nothing else").isBetween(1L, 10L);
            assertThat(afterCrash - before).isLessThan(11);

            GP.clearRequests();
            newPoller().poll("phd");

            assertThat(GP.requests()).filteredOn(r -> r.startsWith("/fhir/Condition?")).first().asString().contains("_lastUpdated=ge");
            assertThat(inbox.countForPartner("phd") - before).as("patient and ten conditions, each once").isEqualTo(11);
            awaitProcessed("phd", keys.toArray(String[]::new));
            assertThat(awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 10).path("total").asInt()).isEqualTo(10);
        } finally {
            camel.getRouteController().startRoute("phd-fhir-inbound");
        }
    }

    @Test
    void refusedCredentialsMakeTheFeedUnhealthyWithTheReasonAndAreNotRetriedAtOnce() {
        awaitFeed("tewv", FhirFeedStates.State.OK);
        TRUST.addFault(PartnerFhirServer.Fault.status(401, Map.of("WWW-Authenticate", "Bearer")));

        Health health = await().atMost(Duration.ofSeconds(10)).until(() -> health("tewv"), h -> h.getStatus().equals(Status.DOWN));
        assertThat(health.getDetails().get("reason").toString()).contains("401");
        int seen = TRUST.requests().size();
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofMillis(2500)).until(() -> TRUST.requests().size() == seen);
        // after the auth retry interval (3 s here) it tries again, and the partner accepts it now
        await().atMost(Duration.ofSeconds(10)).until(() -> health("tewv").getStatus().equals(Status.UP));
    }

    @Test
    void throttledFeedsWaitAsToldByRetryAfter() {
        awaitFeed("tewv", FhirFeedStates.State.OK);
        TRUST.addFault(PartnerFhirServer.Fault.status(429, Map.of("Retry-After", "3")));

        FhirFeedStates.Status throttled = awaitFeed("tewv", FhirFeedStates.State.THROTTLED);
        assertThat(throttled.reason()).contains("429").contains("Retry-After 3s");
        assertThat(health("tewv").getStatus()).isEqualTo(Status.UP);
        int seen = TRUST.requests().size();
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofMillis(2500)).until(() -> TRUST.requests().size() == seen);
        awaitFeed("tewv", FhirFeedStates.State.OK);

        TRUST.addFault(PartnerFhirServer.Fault.status(503, Map.of("Retry-After", "2")));
        assertThat(awaitFeed("tewv", FhirFeedStates.State.THROTTLED).reason()).contains("503");
        awaitFeed("tewv", FhirFeedStates.State.OK);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndTheDataArrives() {
        String nhs = testNhsNumber(304);
        GP.addFault(PartnerFhirServer.Fault.status(500, Map.of()).when(r -> r.startsWith("/fhir/Patient?")));
        GP.addFault(PartnerFhirServer.Fault.status(502, Map.of()).when(r -> r.startsWith("/fhir/Patient?")));
        GP.put(patient("g304", nhs, GP_LOCAL, "Dodds", "Ian", "M", LocalDate.of(1950, 3, 3)));

        awaitProcessed("phd", "Patient/g304/_history/1");
        awaitSearch("/fhir/Patient?identifier=" + SYSTEM + nhs, 1);
        awaitFeed("phd", FhirFeedStates.State.OK);
    }

    @Test
    void anUnreadablePageIsKeptAsFailedAndAnUnreadableResourceFailsAloneWhileTheRestOfThePageGoesOn() {
        TRUST.addFault(PartnerFhirServer.Fault.body(r -> r.startsWith("/fhir/Encounter?"), "{\"resourceType\":\"Bundle\",\"entry\":[{"));
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.findByState(InboxState.FAILED, 1000).stream()
                .anyMatch(e -> e.partner().equals("tewv") && e.messageKey().startsWith("Encounter/page/sha256:")
                        && e.reason().contains("not readable JSON")));
        awaitFeed("tewv", FhirFeedStates.State.OK);

        String nhs = testNhsNumber(305);
        TRUST.put(patient("t305", nhs, "https://tewv.example/Id/rio", "Lowes", "Pat", "F", LocalDate.of(1960, 2, 2)));
        awaitProcessed("tewv", "Patient/t305/_history/1");
        String good = "{\"resourceType\":\"CarePlan\",\"id\":\"t305-cp1\",\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2030-01-01T00:00:00.000+00:00\"},"
                + "\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Crisis plan\",\"subject\":{\"reference\":\"Patient/t305\"}}";
        String bad = "{\"resourceType\":\"CarePlan\",\"id\":\"t305-cp2\",\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2030-01-01T00:00:00.000+00:00\"},"
                + "\"status\":\"active\",\"intent\":\"plan\",\"created\":\"2024-13-45\",\"subject\":{\"reference\":\"Patient/t305\"}}";
        TRUST.addFault(PartnerFhirServer.Fault.body(r -> r.startsWith("/fhir/CarePlan?"),
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":" + bad + "},{\"resource\":" + good + "}]}"));

        awaitState("tewv", "CarePlan/t305-cp1/_history/1", InboxState.PROCESSED);
        InboxEntry failed = awaitState("tewv", "CarePlan/t305-cp2/_history/1", InboxState.FAILED);
        assertThat(failed.reason()).contains("invalid value");
        assertThat(stored("CarePlan", nhs)).extracting(c -> c.path("title").asText()).containsExactly("Crisis plan");
    }

    @Test
    void noValidNhsNumberIsQuarantinedWithTheResourcesNamingThatPerson() {
        GP.put(patient("g306", "9434765918", GP_LOCAL, "Carr", "Jo", "F", LocalDate.of(1970, 6, 6)));
        GP.put(condition("g306-c1", "g306", "195967001", "Asthma"));

        InboxEntry patient = awaitState("phd", "Patient/g306/_history/1", InboxState.QUARANTINED);
        assertThat(patient.reason()).contains("Modulus 11");
        // whether the Condition came before its Patient or after, it ends quarantined naming the Patient's problem
        InboxEntry condition = await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("phd", "Condition/g306-c1/_history/1").orElse(null),
                e -> e != null && e.state() == InboxState.QUARANTINED && e.reason().contains("Patient/g306 has no valid NHS number"));
        assertThat(condition.reason()).contains("Modulus 11");
    }

    @Test
    void aResourceReadBeforeItsPatientIsProcessedOnceThePatientIsTakenIn() throws Exception {
        camel.getRouteController().stopRoute("phd-fhir-inbound");
        try {
            String nhs = testNhsNumber(309);
            GP.put(condition("g309-c1", "g309", "73211009", "Diabetes mellitus"));
            properties.getPartners().get("phd").setResourceTypes(List.of("Condition"));
            FhirFeedPoller poller = newPoller();
            poller.poll("phd");
            InboxEntry early = awaitState("phd", "Condition/g309-c1/_history/1", InboxState.QUARANTINED);
            assertThat(early.reason()).contains("Patient/g309 has not been taken in");
            GP.put(patient("g309", nhs, GP_LOCAL, "Scott", "Liz", "F", LocalDate.of(1948, 9, 9)));
        } finally {
            properties.getPartners().get("phd").setResourceTypes(new ArrayList<>(TYPES));
            camel.getRouteController().startRoute("phd-fhir-inbound");
        }
        awaitProcessed("phd", "Patient/g309/_history/1", "Condition/g309-c1/_history/1");
    }

    @Test
    void aChangeCommittedLateAtThePartnerBehindOnesAlreadyReadIsNotSkipped() {
        String nhs = testNhsNumber(311);
        GP.put(patient("g311", nhs, GP_LOCAL, "Hart", "Ann", "F", LocalDate.of(1950, 1, 11)));
        Resource first = GP.put(condition("g311-c1", "g311", "195967001", "Asthma"));
        awaitProcessed("phd", "Patient/g311/_history/1", "Condition/g311-c1/_history/1");

        // stamped a second before the Condition already read, visible only now (a long transaction at the partner)
        Instant stamped = first.getMeta().getLastUpdated().toInstant().minusSeconds(1);
        GP.putCommittedLate(condition("g311-c2", "g311", "38341003", "Hypertensive disorder"), stamped);

        awaitProcessed("phd", "Condition/g311-c2/_history/1");
        awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 2);
    }

    @Test
    void aResourceDeletedAtThePartnerIsDeletedInTheRecord() {
        String nhs = testNhsNumber(310);
        GP.put(patient("g310", nhs, GP_LOCAL, "Wood", "Kit", "M", LocalDate.of(1947, 10, 10)));
        GP.put(condition("g310-c1", "g310", "195967001", "Asthma"));
        GP.put(condition("g310-c2", "g310", "38341003", "Hypertensive disorder"));
        awaitProcessed("phd", "Condition/g310-c1/_history/1", "Condition/g310-c2/_history/1");
        awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> watermarks.find("phd", "Condition#deleted").isPresent());

        GP.delete("Condition", "g310-c1");

        awaitProcessed("phd", "Condition/g310-c1/_history/2");
        JsonNode left = awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 1);
        assertThat(left.path("entry").get(0).path("resource").path("code").path("coding").get(0).path("display").asText())
                .isEqualTo("Hypertensive disorder");
        assertThat(api.get("/fhir/Condition/" + ids.idFor("phd", "Condition", "g310-c1"), token).statusCode()).isEqualTo(410);
        assertThat(GP.requests()).anyMatch(r -> r.startsWith("/fhir/Condition/_history?") && r.contains("_since="));
    }

    @Test
    void enteredInErrorAtThePartnerIsFollowedByTheRecord() {
        String nhs = testNhsNumber(307);
        GP.put(patient("g307", nhs, GP_LOCAL, "Raine", "Sid", "M", LocalDate.of(1944, 8, 8)));
        GP.put(condition("g307-c1", "g307", "22298006", "Myocardial infarction"));
        awaitProcessed("phd", "Condition/g307-c1/_history/1");

        Condition wrong = condition("g307-c1", "g307", "22298006", "Myocardial infarction");
        wrong.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "entered-in-error", null)));
        GP.put(wrong);

        awaitProcessed("phd", "Condition/g307-c1/_history/2");
        JsonNode condition = awaitSearch("/fhir/Condition?patient.identifier=" + SYSTEM + nhs, 1).path("entry").get(0).path("resource");
        assertThat(condition.path("verificationStatus").path("coding").get(0).path("code").asText()).isEqualTo("entered-in-error");
        assertThat(condition.path("meta").path("versionId").asText()).isEqualTo("2");
    }

    @Test
    void healthShowsEachFhirFeedWithItsWatermarks() {
        GP.put(patient("g308", testNhsNumber(308), GP_LOCAL, "Bell", "Amy", "F", LocalDate.of(1955, 5, 5)));
        awaitProcessed("phd", "Patient/g308/_history/1");
        awaitFeed("phd", FhirFeedStates.State.OK);

        Health health = health("phd");
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("feed", "OK").containsEntry("baseUrl", GP.baseUrl().toString())
                .containsKey("watermarks").containsKey("lastSuccessAt").doesNotContainKey("port");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> marks = (Map<String, Map<String, Object>>) health.getDetails().get("watermarks");
        assertThat(marks.get("Patient")).containsKeys("lastUpdated", "ageSeconds");
        assertThat(metrics.value("phd", FeedMetrics.Outcome.RECEIVED)).isGreaterThan(0);
    }

    // ---- helpers

    private FhirFeedPoller newPoller() {
        return new FhirFeedPoller(properties, inbox, watermarks, transaction, handoff, metrics, new FhirFeedStates(), sslBundles, partnerPatients, batches);
    }

    private Health health(String partner) {
        return ((HealthIndicator) feeds.getContributor(partner)).health();
    }

    private FhirFeedStates.Status awaitFeed(String partner, FhirFeedStates.State state) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> poller.status(partner), s -> s.state() == state);
    }

    private void awaitProcessed(String partner, String... keys) {
        for (String key : keys) {
            awaitState(partner, key, InboxState.PROCESSED);
        }
    }

    private InboxEntry awaitState(String partner, String key, InboxState state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey(partner, key).orElse(null),
                e -> e != null && e.state() == state);
    }

    private JsonNode awaitSearch(String path, int total) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> ApiClient.json(api.get(path, token).body()),
                bundle -> bundle.path("total").asInt() == total);
    }

    private static JsonNode find(List<JsonNode> resources, String codeDisplay) {
        for (JsonNode resource : resources) {
            if (resource.path("code").path("coding").get(0).path("display").asText().equals(codeDisplay)) {
                return resource;
            }
        }
        throw new AssertionError("no resource with code " + codeDisplay + " in " + resources);
    }

    private static List<JsonNode> entries(JsonNode bundle) {
        List<JsonNode> resources = new ArrayList<>();
        bundle.path("entry").forEach(e -> resources.add(e.path("resource")));
        return resources;
    }

    /** What the shared record holds for the person, ungoverned (the feed's own outcome; consumers see less). */
    private List<JsonNode> stored(String type, String nhs) {
        return record.forPeople(List.of(nhs), type).stream().filter(r -> !r.deleted()).map(r -> ApiClient.json(r.content())).toList();
    }

    private static List<String> tags(JsonNode resource) {
        List<String> codes = new ArrayList<>();
        resource.path("meta").path("tag").forEach(t -> codes.add(t.path("code").asText()));
        return codes;
    }
}
