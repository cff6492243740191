package org.darlingtontogether.carehub.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Appends audit rows in the caller's transaction, so a row exists exactly when what it records was committed. Rows are
 * written unsealed and sealed into the hash chain shortly after by {@link AuditSealer}. A batch is one JDBC batch.
 */
@Repository
public class AuditTrail {

    private static final String INSERT = "insert into audit_event (recorded_at, action, actor, purpose, partner, nhs_number, entity_type,"
            + " entity_id, entity_version, category, outcome, rule, agreement_id, agreement_version, detail)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final boolean enabled;
    private final Clock clock;

    @Autowired
    public AuditTrail(JdbcTemplate jdbc, AuditProperties properties) {
        this(jdbc, properties, Clock.systemUTC());
    }

    public AuditTrail(JdbcTemplate jdbc, AuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
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
        // microseconds: what both H2 and PostgreSQL keep, so the sealed hash reads back the same on either
        Timestamp now = Timestamp.from(Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            rows.add(new Object[] {now, e.action().name(), cut(e.actor(), 64), cut(e.purpose(), 32), cut(e.partner(), 32), e.nhsNumber(),
                    cut(e.entityType(), 40), cut(e.entityId(), 64), cut(e.entityVersion(), 32), cut(e.category(), 40), cut(e.outcome(), 16),
                    cut(e.rule(), 200), cut(e.agreementId(), 64), cut(e.agreementVersion(), 32), cut(e.detail(), 400)});
        }
        jdbc.batchUpdate(INSERT, rows);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
