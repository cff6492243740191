package org.darlingtontogether.carehub.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes sealed rows older than {@code carehub.audit.retention}, after writing a checkpoint signed with the
 * {@link CheckpointKey}: the position and hash of the last row removed, so verification of what is kept still starts
 * from a value it can trust. Removes the rows and their seals together, in the checkpoint's transaction. Holds the chain
 * head's lock, so it never runs beside the sealer.
 */
@Component
public class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditProperties properties;
    private final CheckpointKey key;
    private final Clock clock;

    @Autowired
    public AuditRetention(JdbcClient jdbc, TransactionTemplate transactions, AuditProperties properties, CheckpointKey key) {
        this(jdbc, transactions, properties, key, Clock.systemUTC());
    }

    public AuditRetention(JdbcClient jdbc, TransactionTemplate transactions, AuditProperties properties, CheckpointKey key, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.key = key;
        this.clock = clock;
    }

    /** Applies retention now; answers how many rows were removed. */
    public long apply() {
        Instant cutoff = Instant.now(clock).atZone(ZoneOffset.UTC).minus(properties.getRetention()).toInstant();
        Long removed = transactions.execute(status -> {
            ChainHead.lock(jdbc);
            Long through = jdbc.sql("select max(chain_seq) from " + AuditRow.SEALED + " where recorded_at < ?")
                    .param(Timestamp.from(cutoff)).query(Long.class).optional().orElse(null);
            if (through == null) {
                return 0L;
            }
            String throughHash = jdbc.sql("select row_hash from audit_seal where chain_seq = ?").param(through).query(String.class).single();
            long rows = jdbc.sql("delete from audit_event where id in (select event_id from audit_seal where chain_seq <= ?)")
                    .param(through).update();
            jdbc.sql("delete from audit_seal where chain_seq <= ?").param(through).update();
            List<AuditCheckpoint> before = AuditCheckpoint.all(jdbc);
            String priorMac = before.isEmpty() ? AuditCheckpoint.NONE : before.get(before.size() - 1).mac();
            Instant sealedAt = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
            String mac = key.mac(AuditCheckpoint.signed(sealedAt, through, throughHash, rows, priorMac));
            jdbc.sql("insert into audit_checkpoint (sealed_at, through_seq, through_hash, rows_removed, prior_mac, mac) values (?, ?, ?, ?, ?, ?)")
                    .params(Timestamp.from(sealedAt), through, throughHash, rows, priorMac, mac).update();
            return rows;
        });
        long count = removed == null ? 0 : removed;
        if (count > 0) {
            log.info("audit retention removed {} rows older than {} behind a signed checkpoint", count, properties.getRetention());
        }
        return count;
    }
}
