package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * V15 moves the seals out of {@code audit_event} into {@code audit_seal}, and V16 seals by digest: a trail sealed the old
 * way, with rows still waiting, verifies after both, and sealing carries on from where the chain stood. On H2 and on PostgreSQL
 * (skipped with a message where no server is reachable, mandatory under {@code .ci/run}).
 */
class AuditSealMigrationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void aTrailSealedInTheRowsVerifiesAfterV15OnH2() {
        DataSource ds = TestDatabases.h2("14");
        sealedTheOldWay(ds);
        TestDatabases.migrate(ds, null, null);
        sealingCarriesOn(ds);
    }

    @Test
    void aTrailSealedInTheRowsVerifiesAfterV15OnPostgres() {
        TestDatabases.PostgresSchema schema = TestDatabases.postgres("14");
        try {
            sealedTheOldWay(schema.dataSource());
            TestDatabases.migrate(schema.dataSource(), schema.schema(), null);
            sealingCarriesOn(schema.dataSource());
        } finally {
            schema.drop();
        }
    }

    /** Five rows, the first three sealed as the sealer did before V15: chain columns written into the row. */
    private static void sealedTheOldWay(DataSource ds) {
        JdbcClient jdbc = JdbcClient.create(ds);
        for (int i = 0; i < 5; i++) {
            jdbc.sql("insert into audit_event (recorded_at, action, actor, purpose, partner, nhs_number, entity_type, entity_id, entity_version,"
                            + " category, outcome, rule) values (?, 'READ', 'care-hub', 'direct-care', 'cddft', '9434765919', 'Encounter', ?, '1',"
                            + " 'acute-care', 'SHARE', 'rule-1')")
                    .params(Timestamp.from(NOW), "enc-" + i).update();
        }
        List<AuditRow> rows = jdbc.sql("select " + AuditRow.COLUMNS.replace("hash_scheme", "cast(null as integer)") + " from audit_event order by id limit 3").query(AuditRow.MAPPER).list();
        String prev = AuditHash.GENESIS;
        long seq = 0;
        for (AuditRow row : rows) {
            seq++;
            String hash = AuditHash.wholeRow(prev, seq, row);
            jdbc.sql("update audit_event set chain_seq = ?, prev_hash = ?, row_hash = ? where id = ?").params(seq, prev, hash, row.id()).update();
            prev = hash;
        }
        jdbc.sql("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1").params(seq, prev).update();
    }

    private static void sealingCarriesOn(DataSource ds) {
        JdbcTemplate template = new JdbcTemplate(ds);
        JdbcClient jdbc = JdbcClient.create(template);
        AuditProperties properties = new AuditProperties();
        properties.setCheckpointKeyRef("env:PATH");
        AuditVerifier verifier = new AuditVerifier(jdbc, new CheckpointKey(properties));

        AuditVerifier.Verification migrated = verifier.verify();
        assertThat(migrated.ok()).as(migrated.problem()).isTrue();
        assertThat(migrated.rows()).isEqualTo(3);
        assertThat(migrated.unsealed()).isEqualTo(2);

        AuditSealer sealer = new AuditSealer(template, new TransactionTemplate(new DataSourceTransactionManager(ds)), properties);
        assertThat(sealer.sealAll()).isEqualTo(2);
        new AuditTrail(template, properties, Clock.fixed(NOW, ZoneOffset.UTC))
                .append(AuditEntry.of(AuditAction.READ).actor("care-hub").purpose("direct-care").entity("Encounter", "enc-5", 1).outcome("SHARE", "rule-1"));
        assertThat(sealer.sealAll()).isEqualTo(1);

        AuditVerifier.Verification after = verifier.verify();
        assertThat(after.ok()).as(after.problem()).isTrue();
        assertThat(after.rows()).isEqualTo(6);
        assertThat(after.unsealed()).isZero();
        assertThat(jdbc.sql("select chain_seq || ':' || hash_scheme from " + AuditRow.SEALED + " order by audit_event.id").query(String.class).list())
                .as("the seals made before V15 keep the whole-row hash; rows queued before V16 are digested at sealing")
                .containsExactly("1:1", "2:1", "3:1", "4:2", "5:2", "6:2");
    }
}
