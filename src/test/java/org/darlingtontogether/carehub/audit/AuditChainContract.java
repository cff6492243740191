package org.darlingtontogether.carehub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The hash chain on a real database: sealing, verification, and what verification catches. */
abstract class AuditChainContract {

    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    /** The audit row sealed at a chain position (the parameter). */
    static final String AT = "(select event_id from audit_seal where chain_seq = ?)";

    JdbcTemplate template;
    JdbcClient jdbc;
    TransactionTemplate transactions;
    AuditProperties properties;
    AuditSealer sealer;
    AuditVerifier verifier;
    CheckpointKey key;

    abstract DataSource dataSource();

    @BeforeEach
    void start() {
        template = new JdbcTemplate(dataSource());
        jdbc = JdbcClient.create(template);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
        properties = new AuditProperties();
        properties.setSealBatch(4);
        properties.setCheckpointKeyRef("env:PATH"); // any stable secret will do for the test
        key = new CheckpointKey(properties);
        sealer = new AuditSealer(template, transactions, properties);
        verifier = new AuditVerifier(jdbc, key);
    }

    @Test
    void anUntouchedChainVerifies() {
        append(10, NOW);
        assertThat(sealer.sealAll()).isEqualTo(10);
        append(3, NOW);
        assertThat(sealer.sealAll()).isEqualTo(3);

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).as(verification.problem()).isTrue();
        assertThat(verification.rows()).isEqualTo(13);
        assertThat(verification.firstBadRow()).isNull();
        assertThat(jdbc.sql("select count(*) from audit_unsealed").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_seal").query(Long.class).single()).isEqualTo(13);
    }

    @Test
    void aRowAsStoredHashesAsItWasAppended() {
        // the trail digests the row before it is stored: what the database keeps must hash the same when read back, to
        // the microsecond, with over-long values cut as stored
        Instant inTheMicroseconds = Instant.parse("2026-12-01T09:00:00.123456789Z");
        new AuditTrail(template, properties, Clock.fixed(inTheMicroseconds, ZoneOffset.UTC)).append(AuditEntry.of(AuditAction.READ)
                .actor("a".repeat(80)).purpose("direct-care").person("9434765919").entity("Encounter", "enc-1", 1)
                .outcome("WITHHOLD", "r".repeat(250)).detail("d".repeat(450)));
        assertThat(sealer.sealAll()).isEqualTo(1);

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).as(verification.problem()).isTrue();
        AuditRow row = jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.SEALED).query(AuditRow.MAPPER).single();
        assertThat(row.recordedAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00.123456Z"));
        assertThat(row.actor()).hasSize(64);
        assertThat(row.hashScheme()).isEqualTo(AuditHash.DIGEST);
    }

    @Test
    void rowsNotYetSealedAreCountedApart() {
        append(5, NOW);
        sealer.sealAll();
        append(2, NOW);
        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isTrue();
        assertThat(verification.rows()).isEqualTo(5);
        assertThat(verification.unsealed()).isEqualTo(2);
    }

    @Test
    void aChangedRowIsFound() {
        sealed(10);
        jdbc.sql("update audit_event set outcome = 'SHARE' where id = " + AT).param(6).update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(6);
        assertThat(verification.rows()).isEqualTo(5);
        assertThat(verification.problem()).contains("changed");
    }

    @Test
    void aChangedRowWhoseHashWasRecomputedBreaksTheLinkFromTheNext() {
        sealed(10);
        AuditRow row = jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.SEALED + " where chain_seq = 4").query(AuditRow.MAPPER).single();
        AuditRow forged = new AuditRow(row.id(), row.recordedAt(), row.action(), "someone-else", row.purpose(), row.partner(), row.nhsNumber(),
                row.entityType(), row.entityId(), row.entityVersion(), row.category(), row.outcome(), row.rule(), row.agreementId(),
                row.agreementVersion(), row.detail(), row.chainSeq(), row.prevHash(), null, row.entityCount(), row.entityRefs(), row.hashScheme());
        jdbc.sql("update audit_event set actor = ? where id = ?").params("someone-else", row.id()).update();
        jdbc.sql("update audit_seal set row_hash = ? where chain_seq = 4").param(AuditHash.of(row.hashScheme(), row.prevHash(), 4, forged)).update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(5);
        assertThat(verification.problem()).contains("does not follow");
    }

    @Test
    void aDeletedRowIsFound() {
        sealed(10);
        jdbc.sql("delete from audit_event where id = " + AT).param(7).update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(7);
        assertThat(verification.problem()).contains("missing");
    }

    @Test
    void aForgedDigestInTheQueueIsFound() {
        append(5, NOW);
        // the digest queued with a row is saved work for the sealer, never trusted: verification recomputes it from the row
        jdbc.sql("update audit_unsealed set content_hash = ? where event_id = (select min(event_id) + 2 from audit_unsealed)")
                .param(AuditHash.sha256("something else")).update();
        assertThat(sealer.sealAll()).isEqualTo(5);

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(3);
        assertThat(verification.problem()).contains("changed");
    }

    @Test
    void aRowDeletedBeforeItWasSealedIsFound() {
        append(5, NOW);
        jdbc.sql("delete from audit_event where id = (select min(event_id) + 1 from audit_unsealed)").update();
        assertThat(sealer.sealAll()).isEqualTo(5);

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(2);
        assertThat(verification.problem()).contains("missing");
    }

    @Test
    void aDeletedSealIsFound() {
        sealed(10);
        jdbc.sql("delete from audit_seal where chain_seq = 5").update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(5);
        assertThat(verification.rows()).isEqualTo(4);
        assertThat(verification.problem()).contains("missing");
    }

    @Test
    void sealingWritesSealsAndNeverChangesAnAuditRow() {
        append(6, NOW);
        List<AuditRow> before = jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM + " order by id").query(AuditRow.MAPPER).list();
        assertThat(before).extracting(AuditRow::chainSeq).containsOnlyNulls();
        assertThat(jdbc.sql("select count(*) from audit_unsealed").query(Long.class).single()).isEqualTo(6);

        assertThat(sealer.sealAll()).isEqualTo(6);
        List<AuditRow> after = jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM + " order by id").query(AuditRow.MAPPER).list();
        assertThat(after).extracting(AuditRow::chainSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(after).extracting(AuditRow::id, AuditRow::action, AuditRow::entityId, AuditRow::outcome)
                .isEqualTo(before.stream().map(r -> tuple(r.id(), r.action(), r.entityId(), r.outcome())).toList());
        assertThat(jdbc.sql("select count(*) from audit_unsealed").query(Long.class).single()).isZero();
        assertThat(sealer.sealAll()).as("nothing left to seal").isZero();
    }

    @Test
    void rowsSealedWhileTheChainIsReadAreLeftForTheNextCheck() {
        sealed(10);
        ChainHead headWhenTheCheckBegan = ChainHead.read(jdbc);
        // the sealer goes on while the verifier reads: a busy hub seals every 100 ms
        append(4, NOW);
        assertThat(sealer.sealAll()).isEqualTo(4);

        AuditVerifier.Verification verification = verifier.verifyUpTo(headWhenTheCheckBegan);
        assertThat(verification.ok()).as(verification.problem()).isTrue();
        assertThat(verification.rows()).isEqualTo(10);
        assertThat(verifier.verify().rows()).isEqualTo(14);
    }

    @Test
    void rowsDeletedFromTheEndAreFound() {
        sealed(10);
        jdbc.sql("delete from audit_event where id in (select event_id from audit_seal where chain_seq >= 9)").update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(9);
        assertThat(verification.rows()).isEqualTo(8);
    }

    @Test
    void reorderedRowsAreFound() {
        sealed(10);
        // swap rows 3 and 4, each with its own seal, as an editor of the table would
        jdbc.sql("update audit_seal set chain_seq = -3 where chain_seq = 3").update();
        jdbc.sql("update audit_seal set chain_seq = 3 where chain_seq = 4").update();
        jdbc.sql("update audit_seal set chain_seq = 4 where chain_seq = -3").update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(3);
    }

    @Test
    void retentionRemovesOldRowsBehindASignedCheckpointAndTheRestStillVerifies() {
        append(6, NOW.atZone(ZoneOffset.UTC).minus(Period.ofYears(9)).toInstant());
        append(4, NOW);
        sealer.sealAll();

        AuditRetention retention = new AuditRetention(jdbc, transactions, properties, key, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(retention.apply()).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("select min(chain_seq) || '-' || max(chain_seq) from audit_seal").query(String.class).single()).isEqualTo("7-10");

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).as(verification.problem()).isTrue();
        assertThat(verification.rows()).isEqualTo(4);
        assertThat(verification.checkpoint()).isEqualTo(6);

        // a forged checkpoint (hiding more rows) is not signed by the key
        jdbc.sql("update audit_checkpoint set through_seq = 8").update();
        AuditVerifier.Verification forged = verifier.verify();
        assertThat(forged.ok()).isFalse();
        assertThat(forged.problem()).contains("checkpoint");
    }

    @Test
    void rowsKeptAfterACheckpointMustStillStartWhereItEnded() {
        append(3, NOW.atZone(ZoneOffset.UTC).minus(Period.ofYears(10)).toInstant());
        append(3, NOW);
        sealer.sealAll();
        new AuditRetention(jdbc, transactions, properties, key, Clock.fixed(NOW, ZoneOffset.UTC)).apply();
        jdbc.sql("delete from audit_event where id = " + AT).param(4).update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstBadRow()).isEqualTo(4);
    }

    private void sealed(int rows) {
        append(rows, NOW);
        assertThat(sealer.sealAll()).isEqualTo(rows);
        assertThat(verifier.verify().ok()).isTrue();
    }

    private void append(int rows, Instant at) {
        AuditTrail trail = new AuditTrail(template, properties, Clock.fixed(at, ZoneOffset.UTC));
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            entries.add(AuditEntry.of(AuditAction.READ).actor("care-hub").purpose("direct-care").partner("cddft").person("9434765919")
                    .entity("Encounter", "enc-" + i, 1).category("acute-care").outcome(i % 2 == 0 ? "SHARE" : "WITHHOLD", "rule-" + i)
                    .agreement("darlington-together-dsa", "2026.1"));
        }
        trail.append(entries);
    }
}
