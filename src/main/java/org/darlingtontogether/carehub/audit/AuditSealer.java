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
 * row before it and its own hash. One sealer at a time, across instances too: it holds the lock on
 * {@code audit_chain_head} for the transaction. Called on a timer ({@code routes/hub/audit.camel.yaml}).
 */
@Component
public class AuditSealer {

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
        if (jdbc.sql("select id from audit_event where chain_seq is null limit 1").query(Long.class).optional().isEmpty()) {
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
            List<AuditRow> rows = jdbc.sql("select " + AuditRow.COLUMNS + " from audit_event where chain_seq is null order by id limit ?")
                    .param(properties.getSealBatch()).query(AuditRow.MAPPER).list();
            if (rows.isEmpty()) {
                return 0;
            }
            long seq = head.lastSeq();
            String prev = head.lastHash();
            List<Object[]> updates = new ArrayList<>(rows.size());
            for (AuditRow row : rows) {
                seq++;
                String hash = AuditHash.of(prev, seq, row);
                updates.add(new Object[] {seq, prev, hash, row.id()});
                prev = hash;
            }
            // by id alone (the primary key): the rows were read unsealed under the chain head's lock, which every sealer takes
            int[][] counts = batches.batchUpdate("update audit_event set chain_seq = ?, prev_hash = ?, row_hash = ? where id = ?", updates,
                    updates.size(), (ps, u) -> {
                        for (int i = 0; i < u.length; i++) {
                            ps.setObject(i + 1, u[i]);
                        }
                    });
            for (int[] chunk : counts) {
                for (int count : chunk) {
                    if (count == 0) {
                        throw new IllegalStateException("an audit row being sealed was removed: sealing stopped, the chain is unchanged");
                    }
                }
            }
            ChainHead.move(jdbc, seq, prev);
            return rows.size();
        });
        return sealed == null ? 0 : sealed;
    }
}
