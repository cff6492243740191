package org.darlingtontogether.carehub.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/**
 * One stored audit row with its seal, as verification, exports and reports read it: the row from {@code audit_event},
 * the seal ({@code chainSeq}, {@code prevHash}, {@code rowHash}, {@code hashScheme}: {@link AuditHash}) from
 * {@code audit_seal}, null until sealed (V15);
 * {@code entityCount} and {@code entityRefs} only on a row about several resources ({@link AuditEntry#entities}).
 */
public record AuditRow(long id, Instant recordedAt, String action, String actor, String purpose, String partner, String nhsNumber,
                       String entityType, String entityId, String entityVersion, String category, String outcome, String rule,
                       String agreementId, String agreementVersion, String detail, Long chainSeq, String prevHash, String rowHash,
                       Integer entityCount, String entityRefs, Integer hashScheme) {

    /** The columns in the order {@link #MAPPER} reads them. */
    public static final String COLUMNS = "id, recorded_at, action, actor, purpose, partner, nhs_number, entity_type, entity_id,"
            + " entity_version, category, outcome, rule, agreement_id, agreement_version, detail, chain_seq, prev_hash, row_hash, entity_count,"
            + " entity_refs, hash_scheme";

    /** Every audit row with its seal if it has one: {@code select COLUMNS from FROM}. */
    public static final String FROM = "audit_event left join audit_seal on audit_seal.event_id = audit_event.id";

    /** Sealed audit rows only, with their seals. */
    public static final String SEALED = "audit_seal join audit_event on audit_event.id = audit_seal.event_id";

    public static final RowMapper<AuditRow> MAPPER = AuditRow::read;

    private static AuditRow read(ResultSet rs, int n) throws SQLException {
        long seq = rs.getLong(17);
        Long chainSeq = rs.wasNull() ? null : seq;
        return new AuditRow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), chainSeq,
                rs.getString(18), rs.getString(19), rs.getObject(20, Integer.class), rs.getString(21), rs.getObject(22, Integer.class));
    }

    /** This row as stored under {@code id}. */
    AuditRow withId(long id) {
        return new AuditRow(id, recordedAt, action, actor, purpose, partner, nhsNumber, entityType, entityId, entityVersion, category, outcome,
                rule, agreementId, agreementVersion, detail, chainSeq, prevHash, rowHash, entityCount, entityRefs, hashScheme);
    }
}
