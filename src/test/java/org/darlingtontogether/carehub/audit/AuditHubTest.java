package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The audit trail through the whole hub, as an IG lead sees it: a message's admission, a consumer's read, a quarantine
 * and its release by an operator, and the agreements loaded are all rows of the chain; {@code GET /api/audit/verify}
 * (IG lead only) answers ok, and names the first row once one is edited behind the hub's back.
 */
@HubTest
@DirtiesContext
@TestPropertySource(properties = "carehub.operators.hub-ops.client-secret={noop}ops-test-secret")
class AuditHubTest extends HubTestBase {

    static final String NHS = "9990002118";
    static final String TRACED = "9434765919";

    @LocalServerPort int port;
    @Autowired InboxRepository inbox;
    @Autowired JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void clients() {
        api = new ApiClient(port);
    }

    @Test
    void whatWasAdmittedReadQuarantinedAndReleasedIsInTheChainAndAnEditIsFound() throws IOException {
        send(adt("A01", "AUD-1", NHS, "V-7001", "WARD1", "", "AUDITED"));
        send(adt("A01", "AUD-2", "9434765918", "V-7002", "WARD1", "", "UNTRACED"));
        InboxEntry admitted = await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("cddft", "AUD-1").orElse(null),
                e -> e != null && e.state() == InboxState.PROCESSED);
        InboxEntry quarantined = await().atMost(Duration.ofSeconds(20)).until(() -> inbox.findByKey("cddft", "AUD-2").orElse(null),
                e -> e != null && e.state() == InboxState.QUARANTINED);

        String careHub = api.token("care-hub", "care-hub-demo-secret");
        HttpResponse<String> read = api.get("/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + NHS, careHub);
        assertThat(read.statusCode()).isEqualTo(200);
        String patientId = ApiClient.json(read.body()).path("entry").get(0).path("resource").path("id").asText();

        String ops = api.token("hub-ops", "ops-test-secret");
        HttpResponse<String> released = api.post("/api/ops/quarantine/" + quarantined.id() + "/release", ops, "application/json",
                "{\"nhsNumber\":\"" + TRACED + "\"}");
        assertThat(released.statusCode()).isEqualTo(202);

        // the rows an IG lead would look for, references only
        assertThat(rows("select action from audit_event where entity_type = 'InboxMessage' and entity_id = ?", admitted.id()))
                .containsExactly("ENTRY");
        assertThat(rows("select action || ' ' || actor || ' ' || purpose || ' ' || outcome from audit_event"
                + " where action = 'READ' and entity_type = 'Patient' and entity_id = ? and nhs_number = ?", patientId, NHS))
                .containsExactly("READ care-hub direct-care SHARE");
        assertThat(rows("select action || ' ' || actor from audit_event where entity_type = 'InboxMessage' and entity_id = ?"
                + " and action in ('QUARANTINED', 'RELEASED') order by id", quarantined.id()))
                .containsExactly("QUARANTINED hub", "RELEASED hub-ops");
        assertThat(rows("select entity_id || '@' || entity_version from audit_event where action = 'AGREEMENT_LOADED'"))
                .contains("darlington-together-dsa@2026.1");
        assertThat(rows("select coalesce(detail, '') from audit_event")).as("no names in the trail")
                .noneMatch(d -> d.contains("AUDITED") || d.contains("UNTRACED"));

        assertThat(api.get("/api/audit/verify", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/audit/verify", careHub).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/audit/verify", api.token("hub-ops", "ops-test-secret")).statusCode()).isEqualTo(403);
        String igLead = api.token("ig-lead", "ig-lead-demo-secret");
        JsonNode verified = ApiClient.json(api.get("/api/audit/verify", igLead).body());
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("rows").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(verified.path("firstBadRow").isNull()).isTrue();

        long readSeq = jdbc.sql("select chain_seq from " + AuditRow.FROM + " where action = 'READ' and entity_id = ?").param(patientId)
                .query(Long.class).single();
        jdbc.sql("update audit_event set outcome = 'WITHHOLD' where id = (select event_id from audit_seal where chain_seq = ?)").param(readSeq).update();
        JsonNode broken = ApiClient.json(api.get("/api/audit/verify", igLead).body());
        assertThat(broken.path("ok").asBoolean()).isFalse();
        assertThat(broken.path("firstBadRow").asLong()).isEqualTo(readSeq);
        assertThat(broken.path("rows").asLong()).isEqualTo(readSeq - 1);
    }

    private List<String> rows(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(String.class).list();
    }

    private String send(String message) throws IOException {
        try (MllpClient hospital = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            return hospital.send(message);
        }
    }
}
