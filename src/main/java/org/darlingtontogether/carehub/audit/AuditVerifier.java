package org.darlingtontogether.carehub.audit;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Walks the chain from its start (or the latest signed checkpoint) to its head and reports the first row where it
 * breaks: a row changed since it was sealed (its hash no longer matches), deleted, or its seal deleted (a position
 * missing), or moved (it no longer follows the row before it). Reads a page at a time, so a long chain needs little memory.
 */
@Component
public class AuditVerifier {

    static final int PAGE = 10_000;

    /**
     * The answer of {@code GET /api/audit/verify}. {@code rows}: sealed rows checked; {@code firstBadRow}: the chain
     * position where it first breaks (null when ok); {@code unsealed}: rows written but not yet sealed (sealed within
     * a second); {@code checkpoint}: the position verification started after (0 for the chain's start).
     */
    public record Verification(boolean ok, long rows, Long firstBadRow, String problem, long unsealed, long checkpoint) {
    }

    private final JdbcClient jdbc;
    private final CheckpointKey key;

    public AuditVerifier(JdbcClient jdbc, CheckpointKey key) {
        this.jdbc = jdbc;
        this.key = key;
    }

    public Verification verify() {
        // the head first: rows the sealer seals while the chain is read lie past it and are left for the next check
        // (read after the rows, a seal in between made a whole chain look cut short)
        return verifyUpTo(ChainHead.read(jdbc));
    }

    /** The chain from its start (or latest checkpoint) up to {@code head}, as the sealer had left it when it was read. */
    Verification verifyUpTo(ChainHead head) {
        long unsealed = jdbc.sql("select count(*) from audit_unsealed").query(Long.class).single();
        List<AuditCheckpoint> checkpoints = AuditCheckpoint.all(jdbc);
        String priorMac = AuditCheckpoint.NONE;
        for (AuditCheckpoint checkpoint : checkpoints) {
            if (!checkpoint.priorMac().equals(priorMac) || !key.mac(checkpoint.signed()).equals(checkpoint.mac())) {
                return new Verification(false, 0, checkpoint.throughSeq() + 1,
                        "retention checkpoint " + checkpoint.id() + " is not signed by the audit checkpoint key or does not follow the one before",
                        unsealed, checkpoint.throughSeq());
            }
            priorMac = checkpoint.mac();
        }
        AuditCheckpoint last = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        long start = last == null ? 0 : last.throughSeq();
        String prev = last == null ? AuditHash.GENESIS : last.throughHash();
        long expected = start + 1;
        long checked = 0;
        while (true) {
            List<AuditRow> page = jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.SEALED + " where chain_seq >= ? and chain_seq <= ?"
                            + " order by chain_seq limit ?")
                    .params(expected, head.lastSeq(), PAGE).query(AuditRow.MAPPER).list();
            for (AuditRow row : page) {
                if (row.chainSeq() != expected) {
                    return broken(checked, expected, "row " + expected + " is missing: the chain goes from " + (expected - 1) + " to "
                            + row.chainSeq(), unsealed, start);
                }
                if (!prev.equals(row.prevHash())) {
                    return broken(checked, expected, "row " + expected + " (id " + row.id() + ") does not follow the row before it", unsealed, start);
                }
                if (!AuditHash.of(row.hashScheme(), prev, expected, row).equals(row.rowHash())) {
                    return broken(checked, expected, "row " + expected + " (id " + row.id() + ") was changed after it was sealed", unsealed, start);
                }
                prev = row.rowHash();
                expected++;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (head.lastSeq() != expected - 1 || !head.lastHash().equals(prev)) {
            return broken(checked, expected, "the chain ends at row " + (expected - 1) + " but was sealed to row " + head.lastSeq()
                    + ": rows at its end are missing or changed", unsealed, start);
        }
        return new Verification(true, checked, null, null, unsealed, start);
    }

    private static Verification broken(long checked, long at, String problem, long unsealed, long start) {
        return new Verification(false, checked, at, problem, unsealed, start);
    }
}
