package org.darlingtontogether.carehub.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A signed record of where the chain stood when retention removed the rows up to {@code throughSeq}. */
public record AuditCheckpoint(long id, Instant sealedAt, long throughSeq, String throughHash, long rowsRemoved, String priorMac, String mac) {

    /** The mac of the checkpoint before the first. */
    public static final String NONE = "0".repeat(64);

    /** What the mac signs: every field but the id, and the checkpoint before (so the checkpoints chain too). */
    public static String signed(Instant sealedAt, long throughSeq, String throughHash, long rowsRemoved, String priorMac) {
        return sealedAt + "|" + throughSeq + "|" + throughHash + "|" + rowsRemoved + "|" + priorMac;
    }

    public String signed() {
        return signed(sealedAt, throughSeq, throughHash, rowsRemoved, priorMac);
    }

    static List<AuditCheckpoint> all(JdbcClient jdbc) {
        return jdbc.sql("select id, sealed_at, through_seq, through_hash, rows_removed, prior_mac, mac from audit_checkpoint order by id")
                .query((rs, n) -> new AuditCheckpoint(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7)))
                .list();
    }
}
