package org.darlingtontogether.carehub.inbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which partner files the hub has taken, in the database, so a file is read once across restarts and by one of
 * several instances (the SFTP consumers' idempotent repository, eager: claimed before reading). A claim is confirmed
 * when the file's outcome is committed and the file moved; it is released when reading failed, so the file is read
 * again at the next poll. A claim neither confirmed nor released within {@code carehub.sftp.claim-lease} belongs to an
 * instance that died mid-file: another poll takes it over and reads the file again, and the rows committed before are
 * no-ops.
 */
@Component("sftpFileClaims")
public class SftpFileClaims extends ServiceSupport implements IdempotentRepository {

    private final JdbcClient jdbc;
    private final Duration lease;

    public SftpFileClaims(JdbcClient jdbc, CarehubProperties properties) {
        this.jdbc = jdbc;
        this.lease = properties.getSftp().getClaimLease();
    }

    /** Claims the file; false when it is done already or another reader holds a live claim. */
    @Override
    public boolean add(String key) {
        Instant now = Instant.now();
        try {
            jdbc.sql("insert into sftp_file_claim (file_key, claimed_at, confirmed) values (?, ?, false)")
                    .params(key, Timestamp.from(now)).update();
            return true;
        } catch (DuplicateKeyException taken) {
            return jdbc.sql("update sftp_file_claim set claimed_at = ? where file_key = ? and confirmed = false and claimed_at < ?")
                    .params(Timestamp.from(now), key, Timestamp.from(now.minus(lease))).update() == 1;
        }
    }

    /** True when the file is done, or claimed by a reader whose lease has not run out. */
    @Override
    public boolean contains(String key) {
        return jdbc.sql("select count(*) from sftp_file_claim where file_key = ? and (confirmed = true or claimed_at >= ?)")
                .params(key, Timestamp.from(Instant.now().minus(lease))).query(Long.class).single() > 0;
    }

    /** Releases an unconfirmed claim (reading failed): the file is read again at the next poll. */
    @Override
    public boolean remove(String key) {
        return jdbc.sql("delete from sftp_file_claim where file_key = ? and confirmed = false").param(key).update() == 1;
    }

    @Override
    public boolean confirm(String key) {
        return jdbc.sql("update sftp_file_claim set confirmed = true where file_key = ?").param(key).update() == 1;
    }

    /** Forgets every file: a deliberate re-read of everything still on the servers (operators only). */
    @Override
    public void clear() {
        jdbc.sql("delete from sftp_file_claim").update();
    }
}
