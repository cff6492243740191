package org.darlingtontogether.carehub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.darlingtontogether.carehub.support.HospitalMessages.adt;
import static org.darlingtontogether.carehub.support.HospitalMessages.testNhsNumber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.support.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as its own process, killed with SIGKILL: what it acknowledged is in the record after a restart, and
 * what it had acknowledged but not processed is processed exactly once.
 */
class CrashRecoveryIT {

    static final String CLIENT = "mdt-frail-elderly";
    static final String SECRET = System.getProperty("carehub.test.consumer-secret", "mdt-frail-elderly-demo-secret");

    @TempDir
    Path data;

    @Test
    void aMessageAcknowledgedJustBeforeAKillIsInTheRecordAfterRestart() throws Exception {
        String nhs = testNhsNumber(1);
        try (HubProcess hub = new HubProcess(data, List.of()).start()) {
            try (MllpClient sender = new MllpClient("127.0.0.1", hub.mllpPort(), 10_000)) {
                String ack = sender.send(adt("A01", "CRASH-1", nhs, "V-CRASH-1", "WARD1", "", "CRASHTEST"));
                assertThat(ack).contains("MSA|AA|CRASH-1");
            }
            hub.kill();

            hub.start();
            String token = hub.token(CLIENT, SECRET);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(hub.get("/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + nhs, token))
                            .contains("\"total\":1").contains(nhs));
        }
    }

    /**
     * The intake's journal under a real kill: with H2's write delay at a minute, no journal trim and no delivery
     * timer (nothing to deliver here; kept out of the way), nothing the hub does after the ACK writes the database
     * file, so the message is in the journal alone when the hub is killed.
     */
    @Test
    void aMessageTheDatabaseFileHadNotKeptIsPutBackFromTheIntakeJournalAfterAKill() throws Exception {
        String nhs = testNhsNumber(2);
        try (HubProcess hub = new HubProcess(data, List.of("--carehub.inbox.journal-trim-interval=1h", "--carehub.delivery.enabled=false"))) {
            hub.withWriteDelay(60_000).start();
            try (MllpClient sender = new MllpClient("127.0.0.1", hub.mllpPort(), 10_000)) {
                assertThat(sender.send(adt("A01", "JOURNAL-1", nhs, "V-JOURNAL-1", "WARD1", "", "JOURNALTEST"))).contains("MSA|AA|JOURNAL-1");
            }
            hub.kill();
            assertThat(data.resolve("carehub.intake-journal")).isNotEmptyFile();

            hub.withWriteDelay(100).start();
            assertThat(hub.log()).contains("put back 1 acknowledged messages from the intake journal");
            String token = hub.token(CLIENT, SECRET);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(hub.get("/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + nhs, token))
                            .contains("\"total\":1").contains("\"versionId\":\"1\""));
        }
    }

    @Test
    void messagesAcknowledgedButNotYetProcessedAreProcessedExactlyOnceAfterRestart() throws Exception {
        int count = 20;
        List<String> people = new ArrayList<>();
        try (HubProcess hub = new HubProcess(data, List.of())) {
            // processing paused: every message is committed and acknowledged, none processed, when the kill comes
            hub.start("--carehub.processing.enabled=false");
            try (MllpClient sender = new MllpClient("127.0.0.1", hub.mllpPort(), 10_000)) {
                for (int i = 0; i < count; i++) {
                    String nhs = testNhsNumber(100 + i);
                    people.add(nhs);
                    assertThat(sender.send(adt("A01", "PENDING-" + i, nhs, "V-PENDING-" + i, "WARD1", "", "PENDINGTEST"))).contains("MSA|AA|PENDING-" + i);
                }
            }
            hub.kill();

            hub.start();
            String token = hub.token(CLIENT, SECRET);
            for (String nhs : people) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String bundle = hub.get("/fhir/Patient?identifier=" + NhsNumber.SYSTEM + "%7C" + nhs, token);
                    assertThat(bundle).contains("\"total\":1");
                    // processed once: the first and only version
                    assertThat(bundle).contains("\"versionId\":\"1\"");
                });
                String encounters = hub.get("/fhir/Encounter?patient.identifier=" + NhsNumber.SYSTEM + "%7C" + nhs, token);
                assertThat(encounters).contains("\"total\":1");
            }
        }
        assertThat(Files.size(data.resolve("carehub.mv.db"))).isPositive();
    }
}
