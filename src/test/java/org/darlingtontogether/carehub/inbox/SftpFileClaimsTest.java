package org.darlingtontogether.carehub.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A partner file is taken by one reader at a time, once, and again only when its reader failed or died. */
class SftpFileClaimsTest {

    private final JdbcClient jdbc = JdbcClient.create(TestDatabases.h2());
    private final SftpFileClaims claims = new SftpFileClaims(jdbc, properties(Duration.ofMinutes(10)));
    private final SftpFileClaims otherInstance = new SftpFileClaims(jdbc, properties(Duration.ofMinutes(10)));

    @Test
    void aFileIsClaimedByOneReaderAndOnceConfirmedNeverTakenAgain() {
        assertThat(claims.add("dbc/a.csv/10/1")).isTrue();
        assertThat(otherInstance.add("dbc/a.csv/10/1")).isFalse();
        assertThat(otherInstance.contains("dbc/a.csv/10/1")).isTrue();
        assertThat(claims.confirm("dbc/a.csv/10/1")).isTrue();
        assertThat(otherInstance.add("dbc/a.csv/10/1")).isFalse();
        assertThat(claims.remove("dbc/a.csv/10/1")).isFalse();
        assertThat(otherInstance.contains("dbc/a.csv/10/1")).isTrue();
        // the same name re-sent with other content is another file
        assertThat(otherInstance.add("dbc/a.csv/12/2")).isTrue();
    }

    @Test
    void aFailedReadReleasesTheFileForTheNextPoll() {
        assertThat(claims.add("dbc/b.csv/10/1")).isTrue();
        assertThat(claims.remove("dbc/b.csv/10/1")).isTrue();
        assertThat(claims.contains("dbc/b.csv/10/1")).isFalse();
        assertThat(otherInstance.add("dbc/b.csv/10/1")).isTrue();
    }

    @Test
    void aClaimWhoseReaderDiedIsTakenOverAfterTheLease() {
        assertThat(claims.add("dbc/c.csv/10/1")).isTrue();
        // the reader died mid-file eleven minutes ago: neither confirmed nor released since
        jdbc.sql("update sftp_file_claim set claimed_at = ? where file_key = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(11))), "dbc/c.csv/10/1").update();
        assertThat(otherInstance.contains("dbc/c.csv/10/1")).isFalse();
        assertThat(otherInstance.add("dbc/c.csv/10/1")).isTrue();
        assertThat(claims.add("dbc/c.csv/10/1")).isFalse();
    }

    private static CarehubProperties properties(Duration lease) {
        CarehubProperties properties = new CarehubProperties();
        properties.getSftp().setClaimLease(lease);
        return properties;
    }
}
