package org.darlingtontogether.carehub.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends audit rows in the caller's transaction, so a row exists exactly when what it records was committed. Rows are
 * written unsealed, each listed with its digest ({@link AuditHash#content}) in {@code audit_unsealed} in the same
 * transaction, and sealed into the hash chain shortly after by {@link AuditSealer}; no audit row is ever updated. A
 * batch is one JDBC batch per table, and one transaction: the caller's, or its own when the caller has none (an API read), so a
 * request's rows are committed together rather than one by one (on H2, each commit of its own is a write to the file).
 */
@Repository
public class AuditTrail {

    private static final String INSERT = "insert into audit_event (recorded_at, action, actor, purpose, partner, nhs_number, entity_type,"
            + " entity_id, entity_version, category, outcome, rule, agreement_id, agreement_version, detail, entity_count, entity_refs)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String[] GENERATED = {"id"};
    private static final String QUEUE = "insert into audit_unsealed (event_id, content_hash) values (?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final boolean enabled;
    private final Clock clock;

    @Autowired
    public AuditTrail(JdbcTemplate jdbc, AuditProperties properties, PlatformTransactionManager transactions) {
        this(jdbc, properties, Clock.systemUTC(), transactions);
    }

    public AuditTrail(JdbcTemplate jdbc, AuditProperties properties) {
        this(jdbc, properties, Clock.systemUTC());
    }

    public AuditTrail(JdbcTemplate jdbc, AuditProperties properties, Clock clock) {
        this(jdbc, properties, clock, new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    private AuditTrail(JdbcTemplate jdbc, AuditProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.enabled = properties.isEnabled();
        this.clock = clock;
        if (!enabled) {
            LoggerFactory.getLogger(AuditTrail.class).warn("carehub.audit.enabled=false: NO AUDIT ROWS ARE WRITTEN (for measuring the audit's cost only)");
        }
    }

    public void append(AuditEntry entry) {
        append(List.of(entry));
    }

    public void append(List<AuditEntry> entries) {
        if (entries.isEmpty() || !enabled) {
            return;
        }
        // microseconds: what both H2 and PostgreSQL keep, so the row's digest reads back the same on either
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        List<AuditRow> rows = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            rows.add(new AuditRow(0, now, e.action().name(), cut(e.actor(), 64), cut(e.purpose(), 32), cut(e.partner(), 32), e.nhsNumber(),
                    cut(e.entityType(), 40), cut(e.entityId(), 64), cut(e.entityVersion(), 32), cut(e.category(), 40), cut(e.outcome(), 16),
                    cut(e.rule(), 200), cut(e.agreementId(), 64), cut(e.agreementVersion(), 32), cut(e.detail(), 400), null, null, null,
                    e.entityCount(), e.entityRefs(), null));
        }
        transaction.executeWithoutResult(status -> {
            List<Long> ids = insert(rows);
            List<AuditRow> stored = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                stored.add(rows.get(i).withId(ids.get(i)));
            }
            jdbc.batchUpdate(QUEUE, stored, stored.size(), (ps, row) -> {
                ps.setLong(1, row.id());
                ps.setString(2, AuditHash.content(row));
            });
        });
    }

    /** Inserts the rows as one batch; answers the ids the database gave them, in order. */
    private List<Long> insert(List<AuditRow> rows) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.batchUpdate(connection -> connection.prepareStatement(INSERT, GENERATED), new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                AuditRow r = rows.get(i);
                new ArgumentPreparedStatementSetter(new Object[] {Timestamp.from(r.recordedAt()), r.action(), r.actor(), r.purpose(), r.partner(),
                        r.nhsNumber(), r.entityType(), r.entityId(), r.entityVersion(), r.category(), r.outcome(), r.rule(), r.agreementId(),
                        r.agreementVersion(), r.detail(), r.entityCount(), r.entityRefs()}).setValues(ps);
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        }, keys);
        List<Map<String, Object>> generated = keys.getKeyList();
        if (generated.size() != rows.size()) {
            throw new IllegalStateException("the database answered " + generated.size() + " ids for " + rows.size() + " audit rows");
        }
        return generated.stream().map(key -> ((Number) key.values().iterator().next()).longValue()).toList();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
