package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The audit exports through the running hub, as the IG lead and a consumer see them: after a consumer reads a
 * person's Patient, the IG lead finds that read as a FHIR AuditEvent and in the CSV export; consumers reach neither;
 * bad parameters answer 400 problems; every export leaves an AUDIT_EXPORTED row without the NHS number in its detail.
 */
@HubTest
@DirtiesContext // frees the MLLP port for the next test class (HubTestBase shares one port)
class AuditExportHubTest extends HubTestBase {

    static final String SYSTEM = NhsNumber.SYSTEM + "%7C";

    @LocalServerPort int port;
    @Autowired SharedRecordStore store;
    @Autowired ResourceIds ids;
    @Autowired JdbcClient jdbc;

    ApiClient api;
    String igLead;
    String careHub;

    @BeforeEach
    void clients() {
        api = new ApiClient(port);
        igLead = api.token("ig-lead", "ig-lead-demo-secret");
        careHub = api.token("care-hub", "care-hub-demo-secret");
    }

    @Test
    void aConsumersReadIsAnAuditEventForTheIgLeadAndNobodyElse() {
        String nhs = "9990003017";
        String patientId = patient(nhs);
        assertThat(api.get("/fhir/Patient/" + patientId, careHub).statusCode()).isEqualTo(200);

        HttpResponse<String> answer = api.get("/fhir/AuditEvent?patient.identifier=" + SYSTEM + nhs, igLead);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode bundle = ApiClient.json(answer.body());
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        JsonNode read = null;
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode event = entry.path("resource");
            assertThat(event.path("resourceType").asText()).isEqualTo("AuditEvent");
            if (event.path("action").asText().equals("R")) {
                read = event;
            }
        }
        assertThat(read).as(answer.body()).isNotNull();
        assertThat(read.path("type").path("code").asText()).isEqualTo("rest");
        assertThat(read.path("subtype").get(0).path("code").asText()).isEqualTo("read");
        assertThat(read.path("outcome").asText()).isEqualTo("0");
        JsonNode consumer = read.path("agent").get(0);
        assertThat(consumer.path("who").path("identifier").path("value").asText()).isEqualTo("care-hub");
        assertThat(consumer.path("requestor").asBoolean()).isTrue();
        assertThat(consumer.path("purposeOfUse").get(0).path("coding").get(0).path("code").asText()).isEqualTo("TREAT");
        assertThat(read.path("agent").get(1).path("who").path("identifier").path("value").asText()).isEqualTo("hub");
        assertThat(read.path("entity").get(0).path("what").path("reference").asText()).isEqualTo("Patient/" + patientId + "/_history/1");
        JsonNode person = read.path("entity").get(1);
        assertThat(person.path("what").path("identifier").path("value").asText()).isEqualTo(nhs);
        assertThat(person.path("role").path("code").asText()).isEqualTo("1");

        // nobody else: a consumer's token, however the search is asked
        assertThat(api.get("/fhir/AuditEvent?patient.identifier=" + SYSTEM + nhs, careHub).statusCode()).isEqualTo(403);
        assertThat(api.post("/fhir/AuditEvent/_search", careHub, "application/x-www-form-urlencoded", "patient.identifier=" + SYSTEM + nhs)
                .statusCode()).isEqualTo(403);
        assertThat(api.get("/fhir/AuditEvent?patient.identifier=" + SYSTEM + "9990003018", igLead).statusCode()).isEqualTo(400);

        // the search itself is in the trail, the person in nhs_number only
        List<AuditRow> exported = exportedBy("ig-lead");
        assertThat(exported).anySatisfy(row -> {
            assertThat(row.nhsNumber()).isEqualTo(nhs);
            assertThat(row.detail()).startsWith("fhir ").doesNotContain(nhs);
        });
    }

    @Test
    void theCsvExportHasEveryColumnAndTheRowsAndIsItselfAudited() {
        String nhs = "9990003025";
        String patientId = patient(nhs);
        assertThat(api.get("/fhir/Patient/" + patientId, careHub).statusCode()).isEqualTo(200);

        HttpResponse<String> csv = api.get("/api/audit/export.csv?nhsNumber=" + nhs + "&from=2020-01-01", igLead);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).startsWith("attachment; filename="));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", AuditCsv.HEADER));
        assertThat(lines.get(0)).contains("chain_seq,prev_hash,row_hash");
        assertThat(lines.subList(1, lines.size())).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("," + nhs + ","))
                .anySatisfy(line -> assertThat(line).contains(",READ,care-hub,direct-care,").contains(",Patient," + patientId + ",1,"));

        assertThat(exportedBy("ig-lead")).anySatisfy(row -> {
            assertThat(row.nhsNumber()).isEqualTo(nhs);
            assertThat(row.detail()).startsWith("csv ").contains((lines.size() - 1) + " rows").doesNotContain(nhs);
        });
        assertThat(api.get("/api/audit/export.csv", careHub).statusCode()).isEqualTo(403);
    }

    @Test
    void eventsAndReportsAnswerTheIgLeadAndBadParametersAre400Problems() {
        String nhs = "9990003033";
        String patientId = patient(nhs);
        assertThat(api.get("/fhir/Patient/" + patientId, careHub).statusCode()).isEqualTo(200);

        HttpResponse<String> events = api.get("/api/audit/events?nhsNumber=" + nhs + "&action=read&limit=5", igLead);
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        JsonNode rows = ApiClient.json(events.body());
        assertThat(rows.size()).isGreaterThanOrEqualTo(1);
        assertThat(rows.get(0).path("actor").asText()).isEqualTo("care-hub");
        assertThat(rows.get(0).path("entityId").asText()).isEqualTo(patientId);

        HttpResponse<String> access = api.get("/api/audit/reports/subject-access?nhsNumber=" + nhs, igLead);
        assertThat(access.statusCode()).as(access.body()).isEqualTo(200);
        assertThat(ApiClient.json(access.body()).get(0).path("consumer").asText()).isEqualTo("care-hub");

        HttpResponse<String> sharing = api.get("/api/audit/reports/sharing", igLead);
        assertThat(sharing.statusCode()).as(sharing.body()).isEqualTo(200);
        List<String> consumers = new ArrayList<>();
        ApiClient.json(sharing.body()).path("byConsumer").forEach(c -> consumers.add(c.path("key").asText()));
        assertThat(consumers).contains("care-hub");
        assertThat(sharing.body()).as("aggregates only").doesNotContain(nhs);

        assertThat(api.get("/api/audit/reports/unusual-access?from=2026-01-01&to=2026-01-02", igLead).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/audit/reports/sharing-per-day?from=2026-01-01&to=2026-01-03", igLead).statusCode()).isEqualTo(200);

        HttpResponse<String> badNhs = api.get("/api/audit/reports/subject-access?nhsNumber=9990003034", igLead);
        assertThat(badNhs.statusCode()).isEqualTo(400);
        JsonNode problem = ApiClient.json(badNhs.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:carehub:problem:invalid-nhs-number");
        assertThat(problem.path("detail").asText()).contains("Modulus 11").doesNotContain("9990003034");
        assertThat(ApiClient.json(api.get("/api/audit/reports/sharing?from=yesterday", igLead).body()).path("detail").asText())
                .startsWith("from must be an ISO date");
        assertThat(api.get("/api/audit/reports/sharing?from=2026-02-01&to=2026-01-01", igLead).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/audit/events?limit=5000", igLead).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/audit/events?before=x", igLead).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/audit/events?action=LOOKED", igLead).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/audit/reports/sharing", careHub).statusCode()).isEqualTo(403);
    }

    private List<AuditRow> exportedBy(String actor) {
        return jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM + " where action = 'AUDIT_EXPORTED' and actor = ? order by id")
                .param(actor).query(AuditRow.MAPPER).list();
    }

    private String patient(String nhs) {
        Patient patient = new Patient();
        patient.setId(ids.idFor("cddft", "Patient", nhs));
        patient.addIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs));
        RecordMeta.stamp(patient, RecordMeta.source("cddft", "P-" + nhs), "demographics");
        store.write(new RecordWrite(patient, nhs, "cddft", 1L, "demographics"));
        return patient.getIdElement().getIdPart();
    }
}
