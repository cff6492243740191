package org.darlingtontogether.carehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.darlingtontogether.carehub.demo.SftpDropServer;
import org.darlingtontogether.carehub.demo.SyntheticExtracts;
import org.darlingtontogether.carehub.inbox.CsvFileIntake;
import org.darlingtontogether.carehub.inbox.FileOutcome;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.darlingtontogether.carehub.support.SftpDrop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SFTP intake at size and under trouble, with processing switched off so the inbox is what is observed: a
 * 100,000-row extract, a file read again after the hub stopped mid-file, and a server whose host key is not the one
 * the hub was told to trust.
 */
@HubTest
class SftpBulkAndRestartTest extends HubTestBase {

    private static final SftpDrop DROP = new SftpDrop(SftpDrop.tempDir("sftp-bulk"));
    private static final Path IMPOSTOR_KNOWN_HOSTS = impostorKnownHosts();

    @DynamicPropertySource
    static void sftp(DynamicPropertyRegistry registry) {
        registry.add("carehub.processing.enabled", () -> "false");
        DROP.register(registry, "dbc");
        // the CCG feed trusts another key than the one this server presents
        DROP.register(registry, "ccg", IMPOSTOR_KNOWN_HOSTS);
    }

    @AfterAll
    static void stopServer() throws Exception {
        DROP.server().close();
    }

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired CsvFileIntake intake;

    @Test
    void a100000RowExtractIsCommittedRowByRowAndMoved() {
        String name = "dbc_people_20260201.csv";
        DROP.councilDrop(name, (part, n) -> writePeople(part, 100_000));

        await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(DROP.processed("dbc", name)));
        assertThat(rowsOf(name)).isEqualTo(100_000);
        assertThat(jdbc.sql("select count(*) from inbox_message where message_key like ? and state = 'RECEIVED'")
                .param(name + "#%").query(Long.class).single()).isEqualTo(100_000);
        assertThat(jdbc.sql("select payload from inbox_message where partner = 'dbc' and message_key = ?")
                .param(name + "#100001").query(String.class).single()).contains("\"person_id\":\"P100000\"");
        assertThat(DROP.failed("dbc", name + ".rejects.csv")).doesNotExist();
    }

    @Test
    void aFileReadAgainAfterAStopMidFileNeitherLosesNorDuplicatesRows() throws IOException {
        String name = "dbc_people_20260202.csv";
        Path whole = Files.createTempFile("people", ".csv");
        writePeople(whole, 30_000);
        // the hub stopped after committing the first 12,000 rows of this file: exactly what its intake had done
        Path firstPart = Files.createTempFile("people-first", ".csv");
        try (var lines = Files.lines(whole, StandardCharsets.UTF_8)) {
            Files.write(firstPart, (Iterable<String>) lines.limit(12_001)::iterator, StandardCharsets.UTF_8);
        }
        FileOutcome before = intake.receive("dbc", name, firstPart);
        assertThat(before.newRows()).isEqualTo(12_000);
        long lastIdBefore = jdbc.sql("select max(id) from inbox_message where message_key like ?").param(name + "#%")
                .query(Long.class).single();
        long row5000 = idOf(name + "#5001");

        // the file is still on the server, unacknowledged: read again from the start
        DROP.councilDrop(name, Files.readAllBytes(whole));
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(DROP.processed("dbc", name)));

        assertThat(rowsOf(name)).isEqualTo(30_000);
        assertThat(jdbc.sql("select count(distinct message_key) from inbox_message where message_key like ?")
                .param(name + "#%").query(Long.class).single()).isEqualTo(30_000);
        assertThat(idOf(name + "#5001")).isEqualTo(row5000);
        assertThat(idOf(name + "#12002")).isGreaterThan(lastIdBefore);
    }

    @Test
    void aServerWhoseHostKeyDoesNotMatchIsRefusedAndTheFeedIsDown() {
        String name = "ccg_risk_20260203.csv";
        DROP.ccgDrop(name, "nhs_number,risk_score,risk_band,model,calculated_on,gp_practice_code\n"
                + "9434765919,50.0,MODERATE,PARR30,2026-02-03,A83010\n");

        ApiClient api = new ApiClient(port);
        String ops = api.token("hub-ops", "hub-ops-demo-secret");
        JsonNode ccg = await().atMost(Duration.ofSeconds(60)).until(
                () -> ApiClient.json(api.get("/actuator/health/feeds/ccg", ops).body()),
                health -> "DOWN".equals(health.path("status").asText()));
        assertThat(ccg.path("details").path("lastFailure").asText()).containsIgnoringCase("HostKey");
        assertThat(DROP.outbox("ccg").resolve(name)).exists();
        assertThat(DROP.outbox("ccg").resolve("processed")).doesNotExist();
        assertThat(jdbc.sql("select count(*) from inbox_message where partner = 'ccg'").query(Long.class).single()).isZero();
    }

    private long rowsOf(String name) {
        return jdbc.sql("select count(*) from inbox_message where partner = 'dbc' and message_key like ?")
                .param(name + "#%").query(Long.class).single();
    }

    private long idOf(String key) {
        return jdbc.sql("select id from inbox_message where partner = 'dbc' and message_key = ?").param(key)
                .query(Long.class).single();
    }

    static void writePeople(Path file, int rows) {
        try {
            SyntheticExtracts.writeBulkPeople(file, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A known_hosts line for this server's address with a key of another server. */
    private static Path impostorKnownHosts() {
        Path dir = SftpDrop.tempDir("impostor");
        try (SftpDropServer other = SftpDropServer.start(dir.resolve("root"), dir.resolve("key.pem"), 0, "x", "y")) {
            return Files.writeString(dir.resolve("known_hosts"),
                    SftpDropServer.knownHostsLine(DROP.server().port(), other.hostKey()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
