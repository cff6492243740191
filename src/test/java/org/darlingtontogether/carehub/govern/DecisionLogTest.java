package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.audit.AuditEventMapper;
import org.darlingtontogether.carehub.audit.AuditProperties;
import org.darlingtontogether.carehub.audit.AuditReportSettings;
import org.darlingtontogether.carehub.audit.AuditReports;
import org.darlingtontogether.carehub.audit.AuditRow;
import org.darlingtontogether.carehub.audit.AuditSealer;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.audit.AuditVerifier;
import org.darlingtontogether.carehub.audit.CheckpointKey;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A consumer's read of many resources is logged as a few rows, one per group with the same decision, each naming every
 * resource: counted resource by resource in reports, expanded for retractions and AuditEvent exports, hash-chained
 * with the resources it names.
 */
class DecisionLogTest {

    static final String NHS = "9990000018";
    static final Decision SHARED = new Decision(Decision.Outcome.SHARE, "direct-care-results", "darlington-together-dsa", "2026.1");
    static final Decision WITHHELD = new Decision(Decision.Outcome.WITHHOLD, "no-rule:sexual-health", "darlington-together-dsa", "2026.1");

    DataSource dataSource = TestDatabases.h2();
    JdbcTemplate template = new JdbcTemplate(dataSource);
    JdbcClient jdbc = JdbcClient.create(template);
    DecisionLog log;

    @BeforeEach
    void log() {
        log = new DecisionLog(new AuditTrail(template, new AuditProperties()), jdbc);
    }

    @Test
    void aReadOfManyResourcesIsOneRowPerDecisionNamingEachResource() {
        List<DecisionLog.Entry> entries = new ArrayList<>();
        entries.add(read("Patient", "pt", 2, "demographics", SHARED));
        for (int i = 1; i <= 3; i++) {
            entries.add(read("Observation", "obs-" + i, i, "observations", SHARED));
        }
        entries.add(read("Observation", "obs-hidden", 1, "sexual-health", WITHHELD));
        log.record(entries);

        List<AuditRow> rows = jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM + " where action = 'READ' order by id")
                .query(AuditRow.MAPPER).list();
        assertThat(rows).hasSize(3);
        AuditRow observations = rows.stream().filter(r -> r.entityCount() != null).findFirst().orElseThrow();
        assertThat(observations.entityType()).isEqualTo("Observation");
        assertThat(observations.entityId()).isEqualTo("obs-1");
        assertThat(observations.entityCount()).isEqualTo(3);
        assertThat(observations.entityRefs()).isEqualTo("obs-1/1 obs-2/2 obs-3/3");
        assertThat(rows).filteredOn(r -> r.entityCount() == null).extracting(AuditRow::entityId).containsExactly("pt", "obs-hidden");

        // retractions see every resource shown, and only those
        assertThat(log.shownAbout(NHS)).extracting(s -> s.resourceType() + "/" + s.resourceId())
                .containsExactlyInAnyOrder("Patient/pt", "Observation/obs-1", "Observation/obs-2", "Observation/obs-3");
        assertThat(log.shownUnder("darlington-together-dsa", "2026.1")).hasSize(4);

        // reports count decisions, not rows
        AuditReports reports = new AuditReports(jdbc, new AuditReportSettings());
        Instant now = Instant.now();
        AuditReports.Sharing sharing = reports.sharing(now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS));
        assertThat(sharing.byConsumer()).containsExactly(new AuditReports.Count("mdt-frail-elderly", 4, 1));
        assertThat(reports.sharingPerDay(now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS)))
                .extracting(d -> d.shared() + "/" + d.withheld()).contains("4/1");
        assertThat(reports.subjectAccess(NHS, now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS)))
                .extracting(a -> a.resourceType() + " x" + a.resources()).containsExactlyInAnyOrder("Patient x1", "Observation x3", "Observation x1");

        // the FHIR AuditEvent names each resource read
        AuditEvent event = AuditEventMapper.toAuditEvent(observations);
        assertThat(event.getEntity()).filteredOn(e -> e.getWhat().hasReference()).extracting(e -> e.getWhat().getReference())
                .containsExactly("Observation/obs-1/_history/1", "Observation/obs-2/_history/2", "Observation/obs-3/_history/3");
    }

    @Test
    void theResourcesARowNamesAreSealedIntoTheChain() {
        log.record(List.of(read("Observation", "obs-1", 1, "observations", SHARED), read("Observation", "obs-2", 1, "observations", SHARED)));
        AuditProperties properties = new AuditProperties();
        properties.setCheckpointKeyRef("env:PATH");
        new AuditSealer(template, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), properties).sealAll();
        AuditVerifier verifier = new AuditVerifier(jdbc, new CheckpointKey(properties));
        assertThat(verifier.verify().ok()).isTrue();

        // a resource taken out of the list breaks the chain at that row
        jdbc.sql("update audit_event set entity_refs = 'obs-1/1', entity_count = 1 where entity_refs is not null").update();
        AuditVerifier.Verification tampered = verifier.verify();
        assertThat(tampered.ok()).isFalse();
        assertThat(tampered.firstBadRow()).isNotNull();
    }

    @Test
    void aReadGroupIsSplitIntoRowsOfAtMostFiveHundredResources() {
        List<DecisionLog.Entry> entries = new ArrayList<>();
        for (int i = 0; i < DecisionLog.MOST_PER_ROW + 1; i++) {
            entries.add(read("Observation", "obs-" + i, 1, "observations", SHARED));
        }
        log.record(entries);
        assertThat(jdbc.sql("select coalesce(entity_count, 1) from audit_event order by id").query(Integer.class).list())
                .containsExactly(DecisionLog.MOST_PER_ROW, 1);
        assertThat(log.shownAbout(NHS)).hasSize(DecisionLog.MOST_PER_ROW + 1);
    }

    static DecisionLog.Entry read(String type, String id, int version, String category, Decision decision) {
        return new DecisionLog.Entry(DecisionLog.Stage.READ, "mdt-frail-elderly", "direct-care", type, id, version, NHS, "cddft", category,
                decision);
    }
}
