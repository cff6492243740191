package org.darlingtontogether.carehub.audit;

import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals committed audit rows into the hash chain, oldest id first: each gets the next chain position, the hash of the
 * row before it and its own hash ({@link AuditHash#DIGEST}, from the digest queued with it), as a row of
 * {@code audit_seal}, and leaves the queue {@code audit_unsealed}; it does not read the audit rows themselves. One
 * sealer at a time, across instances too: it holds the lock on {@code audit_chain_head} for the transaction. Called
 * on a timer ({@code routes/hub/audit.camel.yaml}).
 */
@Component
public class AuditSealer {

    /** The oldest rows waiting, with their digests, read under the chain head's lock (which every sealer takes). */
    private static final String WAITING = "select event_id, content_hash from audit_unsealed order by event_id limit ?";

    private static final String SEAL = "insert into audit_seal (event_id, chain_seq, prev_hash, row_hash, hash_scheme) values (?, ?, ?, ?, "
            + AuditHash.DIGEST + ")";

    /** A row waiting to be sealed; {@code contentHash} is null for a row queued before V16. */
    private record Waiting(long eventId, String contentHash) {
    }

    private final JdbcTemplate batches;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditProperties properties;

    public AuditSealer(JdbcTemplate jdbcTemplate, TransactionTemplate transactions, AuditProperties properties) {
        this.batches = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Seals every row committed so far, a batch per transaction; answers how many. Lazily durable (CommitDurability): a
     * seal lost in a crash is made again, the same, from the rows on disk.
     */
    public long sealAll() {
        return CommitDurability.lazily(this::sealCommitted);
    }

    private long sealCommitted() {
        // nothing waiting (an idle hub, every interval): no transaction, no lock on the chain head
        if (jdbc.sql("select event_id from audit_unsealed limit 1").query(Long.class).optional().isEmpty()) {
            return 0;
        }
        long sealed = 0;
        int batch;
        do {
            batch = sealBatch();
            sealed += batch;
        } while (batch == properties.getSealBatch());
        return sealed;
    }

    int sealBatch() {
        Integer sealed = transactions.execute(status -> {
            ChainHead head = ChainHead.lock(jdbc);
            List<Waiting> rows = jdbc.sql(WAITING).param(properties.getSealBatch())
                    .query((rs, n) -> new Waiting(rs.getLong(1), rs.getString(2))).list();
            if (rows.isEmpty()) {
                return 0;
            }
            long seq = head.lastSeq();
            String prev = head.lastHash();
            List<Object[]> seals = new ArrayList<>(rows.size());
            for (Waiting row : rows) {
                seq++;
                // the digest the trail queued with the row (verification recomputes it from the row, so it is never trusted)
                String hash = AuditHash.chained(prev, seq, row.contentHash() != null ? row.contentHash() : digestOf(row.eventId()));
                seals.add(new Object[] {row.eventId(), seq, prev, hash});
                prev = hash;
            }
            // inserts only: an update of the audit row would rewrite it in every index (docs/benchmarks.md); the seal's
            // primary key refuses a row sealed twice
            batches.batchUpdate(SEAL, seals);
            int[][] counts = batches.batchUpdate("delete from audit_unsealed where event_id = ?", rows, rows.size(),
                    (ps, row) -> ps.setLong(1, row.eventId()));
            for (int[] chunk : counts) {
                for (int count : chunk) {
                    if (count == 0) {
                        throw new IllegalStateException("an audit row being sealed left the queue: sealing stopped, the chain is unchanged");
                    }
                }
            }
            ChainHead.move(jdbc, seq, prev);
            return rows.size();
        });
        return sealed == null ? 0 : sealed;
    }

    /** The digest of a row queued before V16, read from the row. */
    private String digestOf(long eventId) {
        return jdbc.sql("select " + AuditRow.COLUMNS + " from " + AuditRow.FROM + " where audit_event.id = ?").param(eventId)
                .query(AuditRow.MAPPER).optional().map(AuditHash::content)
                .orElseThrow(() -> new IllegalStateException("audit row " + eventId + " is waiting to be sealed but was removed: sealing stopped,"
                        + " the chain is unchanged"));
    }
}
