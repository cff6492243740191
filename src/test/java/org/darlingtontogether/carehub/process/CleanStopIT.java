package org.darlingtontogether.carehub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;
import static org.darlingtontogether.carehub.support.HospitalMessages.testNhsNumber;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.support.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator stops the hub (SIGTERM) right after a burst, whatever processing and the timers are doing: the stop is
 * clean (no error logged: the database closes after the routes, not under them), nothing acknowledged is lost, and
 * whatever was still waiting is processed exactly once at the next start. Until 2026-12-06 H2 closed itself in a JVM
 * shutdown hook of its own, beside Spring's close: the audit seal's timer, and every hand-off still queued, failed
 * against a closed database (thousands of ERROR lines per stop after a benchmark's burst).
 */
class CleanStopIT {

    static final int SENDERS = 4;
    static final int EACH = 600;

    @TempDir
    Path data;

    @Test
    void aHubStoppedRightAfterABurstStopsWithoutErrorsAndProcessesWhatWaitedExactlyOnce() throws Exception {
        int sent = SENDERS * EACH;
        try (HubProcess hub = new HubProcess(data, List.of())) {
            hub.start();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                accepted.add(senders.submit(() -> {
                    int aa = 0;
                    try (MllpClient client = new MllpClient("127.0.0.1", hub.mllpPort(), 30_000)) {
                        for (int i = 0; i < EACH; i++) {
                            int n = sender * EACH + i;
                            String ack = client.send(adt("A01", "STOP-" + n, testNhsNumber(5_000 + n), "V-STOP-" + n, "WARD1", "", "STOPTEST"));
                            aa += ack.contains("MSA|AA|STOP-" + n) ? 1 : 0;
                        }
                    }
                    return aa;
                }));
            }
            int acknowledged = 0;
            for (Future<Integer> f : accepted) {
                acknowledged += f.get();
            }
            senders.shutdown();
            assertThat(acknowledged).isEqualTo(sent);

            hub.stop();
            Map<String, Integer> atStop = inboxStates();
            System.out.println("inbox at the stop: " + atStop);
            assertThat(atStop.values().stream().mapToInt(Integer::intValue).sum()).as("every acknowledged message kept").isEqualTo(sent);
            assertThat(errors(hub.log())).as("errors logged by a clean stop").isEmpty();

            // what waited at the stop is processed at the start (InboxRecovery), before the listeners open
            hub.start();
            hub.stop();
            assertThat(inboxStates()).containsExactly(Map.entry("PROCESSED", sent));
            assertThat(patientVersions()).as("one Patient per person, written once").containsExactly(Map.entry(1, sent));
            assertThat(errors(hub.log())).as("errors logged by the restart and its stop").isEmpty();
        }
    }

    private static List<String> errors(String log) {
        return log.lines().filter(line -> line.contains(" ERROR ") || line.contains("Database is already closed")).limit(5).toList();
    }

    private Map<String, Integer> inboxStates() throws SQLException {
        return counts("select state, count(*) from inbox_message where message_key like 'STOP-%' group by state");
    }

    private Map<Integer, Integer> patientVersions() throws SQLException {
        Map<Integer, Integer> versions = new LinkedHashMap<>();
        counts("select cast(version as varchar), count(*) from record_resource where resource_type = 'Patient'"
                + " and source_message in (select id from inbox_message where message_key like 'STOP-%') group by version")
                .forEach((version, count) -> versions.put(Integer.valueOf(version), count));
        return versions;
    }

    private Map<String, Integer> counts(String sql) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        // read-only, as SftpCrashRecoveryIT reads the file: this look leaves it as the hub left it
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("carehub").toAbsolutePath()
                + ";ACCESS_MODE_DATA=r;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }
}
