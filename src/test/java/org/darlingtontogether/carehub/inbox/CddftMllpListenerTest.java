package org.darlingtontogether.carehub.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.demo.MllpClient;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hospital's MLLP listener over a real socket: every message committed before it is answered, AA / AE with ERR,
 * repeats answered alike and not processed twice, AR when the inbox cannot commit, pipelined messages all stored and
 * answered in order, and more connections at once than camel-mllp's default five.
 */
@HubTest
class CddftMllpListenerTest extends HubTestBase {

    private static final String CDDFT = "cddft";

    @Autowired CamelContext camel;
    @Autowired InboxRepository inbox;
    @Autowired FeedMetrics metrics;
    @Autowired CarehubProperties properties;
    @Autowired JdbcClient jdbc;

    private HandoffWatch handoffs;

    @BeforeEach
    void watchHandoff() {
        handoffs = HandoffWatch.on(camel, properties.getHandoff().getUri());
    }

    @AfterEach
    void stopWatching() {
        handoffs.close();
    }

    @Test
    void acknowledgesAaOnlyAfterTheMessageIsCommittedAndHandsItToProcessing() throws Exception {
        String id = controlId("AA");
        String message = Hl7Samples.adtA01(id);
        double received = metrics.value(CDDFT, FeedMetrics.Outcome.RECEIVED);
        double acknowledged = metrics.value(CDDFT, FeedMetrics.Outcome.ACKNOWLEDGED);

        String ack = send(message);

        assertThat(ack).contains("\rMSA|AA|" + id).doesNotContain("ERR");
        assertThat(Hl7Acknowledgement.Msh.read(ack).field(9)).isEqualTo("ACK^A01^ACK");
        InboxEntry row = inbox.findByKey(CDDFT, id).orElseThrow();
        assertThat(row.format()).isEqualTo("HL7V2");
        assertThat(row.messageType()).isEqualTo("ADT^A01");
        assertThat(row.payload()).isEqualTo(message);
        // committed as RECEIVED and handed off exactly once; processing may already have moved it on
        assertThat(handoffs.inboxIds()).containsExactly(row.id());
        assertThat(row.reason() == null || !row.reason().startsWith("unsupported")).isTrue();
        assertThat(metrics.value(CDDFT, FeedMetrics.Outcome.RECEIVED)).isEqualTo(received + 1);
        assertThat(metrics.value(CDDFT, FeedMetrics.Outcome.ACKNOWLEDGED)).isEqualTo(acknowledged + 1);
    }

    @Test
    void garbageIsKeptAsFailedAndAnsweredAeNamingTheProblem() throws Exception {
        String garbage = Hl7Samples.garbage() + "OBX|" + UUID.randomUUID() + "\r";
        double failed = metrics.value(CDDFT, FeedMetrics.Outcome.FAILED);

        String ack = send(garbage);

        assertThat(ack).contains("\rMSA|AE|")
                .contains("\rERR||MSH^1|100^Segment sequence error^HL70357|E||||message does not start with an MSH segment");
        InboxEntry row = inbox.findByKey(CDDFT, Hl7Intake.contentKey(garbage)).orElseThrow();
        assertThat(row.state()).isEqualTo(InboxState.FAILED);
        assertThat(row.reason()).isEqualTo("message does not start with an MSH segment");
        assertThat(row.payload()).isEqualTo(garbage);
        assertThat(handoffs.inboxIds()).isEmpty();
        assertThat(metrics.value(CDDFT, FeedMetrics.Outcome.FAILED)).isEqualTo(failed + 1);
    }

    @Test
    void anUnsupportedTypeIsKeptAsFailedAndAnsweredAeNamingTheType() throws Exception {
        String id = controlId("SIU");
        String message = Hl7Samples.siuS12(id);

        String ack = send(message);

        assertThat(ack).contains("\rMSA|AE|" + id)
                .contains("\rERR||MSH^1^9|200^Unsupported message type^HL70357|E||||unsupported message type SIU\\S\\S12");
        assertThat(Hl7Acknowledgement.Msh.read(ack).field(9)).isEqualTo("ACK^S12^ACK");
        InboxEntry row = inbox.findByKey(CDDFT, id).orElseThrow();
        assertThat(row.state()).isEqualTo(InboxState.FAILED);
        assertThat(row.reason()).isEqualTo("unsupported message type SIU^S12");
        assertThat(row.messageType()).isEqualTo("SIU^S12");
        assertThat(row.payload()).isEqualTo(message);
        assertThat(handoffs.inboxIds()).isEmpty();
    }

    @Test
    void aRepeatIsAnsweredAsTheFirstTimeAndNotProcessedAgain() throws Exception {
        String adtId = controlId("DUP");
        String siuId = controlId("DUPSIU");
        double received = metrics.value(CDDFT, FeedMetrics.Outcome.RECEIVED);

        String firstAdt = send(Hl7Samples.adtA01(adtId));
        String repeatAdt = send(Hl7Samples.adtA01(adtId));
        String firstSiu = send(Hl7Samples.siuS12(siuId));
        String repeatSiu = send(Hl7Samples.siuS12(siuId));

        assertThat(firstAdt).contains("\rMSA|AA|" + adtId);
        assertThat(repeatAdt).contains("\rMSA|AA|" + adtId);
        assertThat(firstSiu).contains("\rMSA|AE|" + siuId);
        assertThat(afterMsh(repeatSiu)).isEqualTo(afterMsh(firstSiu));
        long adtRow = inbox.findByKey(CDDFT, adtId).orElseThrow().id();
        assertThat(handoffs.inboxIds()).containsExactly(adtRow);
        assertThat(inbox.findByKey(CDDFT, siuId)).isPresent(); // the unique (partner, key) constraint: one row each
        assertThat(metrics.value(CDDFT, FeedMetrics.Outcome.RECEIVED)).isEqualTo(received + 2);
    }

    @Test
    void aControlIdReusedForADifferentMessageIsKeptAndRefusedNotTakenForARepeat() throws Exception {
        String id = controlId("REUSE");
        String first = Hl7Samples.adtA01(id);
        String different = first.replace("EVN|A01|20250301101500", "EVN|A01|20250302090000");

        assertThat(send(first)).contains("\rMSA|AA|" + id);
        String ack = send(different);

        assertThat(ack).contains("\rMSA|AE|" + id).contains("|205^Duplicate key identifier^HL70357|E||||MSH-10 " + id
                + " was already used for a different message");
        InboxEntry kept = inbox.findByKey(CDDFT, Hl7Intake.contentKey(different)).orElseThrow();
        assertThat(kept.state()).isEqualTo(InboxState.FAILED);
        assertThat(kept.payload()).isEqualTo(different);
        assertThat(handoffs.inboxIds()).containsExactly(inbox.findByKey(CDDFT, id).orElseThrow().id());
    }

    /**
     * The real database is made to fail: the inbox table is renamed away while one message arrives. Nothing else is
     * in flight meanwhile (processing drained first), so no other message meets the missing table.
     */
    @Test
    void anInboxThatCannotCommitIsAnsweredArAndNothingIsHandedOff() throws Exception {
        String id = controlId("DOWN");
        String message = Hl7Samples.adtA01(id);
        try (MllpClient sender = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> camel.getInflightRepository().size() == 0);
            String ack;
            jdbc.sql("alter table inbox_message rename to inbox_message_offline").update();
            try {
                ack = sender.send(message);
            } finally {
                jdbc.sql("alter table inbox_message_offline rename to inbox_message").update();
            }

            assertThat(ack).contains("\rMSA|AR|" + id + "\r")
                    .contains("\rERR|||207^Application internal error^HL70357|E||||the hub cannot store messages at the moment");
            assertThat(handoffs.inboxIds()).isEmpty();
            assertThat(inbox.findByKey(CDDFT, id)).isEmpty();

            // the sender's resend, once the database is back, is taken normally (not mistaken for a repeat)
            assertThat(sender.send(message)).contains("\rMSA|AA|" + id + "\r");
            assertThat(handoffs.inboxIds()).containsExactly(inbox.findByKey(CDDFT, id).orElseThrow().id());
        }
    }

    @Test
    void tenMessagesPipelinedInOneWriteAreAllStoredAndAcknowledgedInOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = controlId("PIPE" + i);
            ids.add(id);
            messages.add(i == 4 ? Hl7Samples.siuS12(id) : Hl7Samples.adtA01(id));
        }

        List<String> acks;
        try (MllpClient sender = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            acks = sender.sendPipelined(messages);
        }

        assertThat(acks).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(Hl7Acknowledgement.Msh.read(acks.get(i)).present()).isTrue();
            assertThat(acks.get(i)).contains("\rMSA|" + (i == 4 ? "AE" : "AA") + "|" + ids.get(i) + "\r");
        }
        List<Long> rows = ids.stream().map(id -> inbox.findByKey(CDDFT, id).orElseThrow().id()).toList();
        assertThat(rows).isSorted().doesNotHaveDuplicates().hasSize(10); // committed in arrival order
        List<Long> handedOff = new ArrayList<>(rows);
        handedOff.remove(4);
        assertThat(handoffs.inboxIds()).containsExactlyElementsOf(handedOff);
    }

    @Test
    void eightSendersConnectedAtOnceAreAllServed() throws Exception {
        int senders = 8;
        List<MllpClient> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int i = 0; i < senders; i++) {
                connections.add(new MllpClient("127.0.0.1", MLLP_PORT, 10_000));
            }
            List<CompletableFuture<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                MllpClient sender = connections.get(i);
                String prefix = controlId("C" + i + "-");
                results.add(CompletableFuture.supplyAsync(() -> {
                    List<String> acked = new ArrayList<>();
                    try {
                        for (int m = 0; m < 5; m++) {
                            String ack = sender.send(Hl7Samples.adtA01(prefix + m));
                            if (ack.contains("\rMSA|AA|" + prefix + m + "\r")) {
                                acked.add(prefix + m);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return acked;
                }, pool));
            }
            for (CompletableFuture<List<String>> result : results) {
                List<String> acked = result.get(30, TimeUnit.SECONDS);
                assertThat(acked).hasSize(5);
                acked.forEach(id -> assertThat(inbox.findByKey(CDDFT, id)).isPresent());
            }
        } finally {
            pool.shutdownNow();
            for (MllpClient c : connections) {
                c.close();
            }
        }
        assertThat(handoffs.inboxIds()).hasSize(senders * 5);
    }

    private static String send(String message) throws Exception {
        try (MllpClient sender = new MllpClient("127.0.0.1", MLLP_PORT, 10_000)) {
            return sender.send(message);
        }
    }

    private static String controlId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** An ACK without its MSH, whose time and control id differ each time. */
    private static String afterMsh(String ack) {
        return ack.substring(ack.indexOf('\r') + 1);
    }
}
