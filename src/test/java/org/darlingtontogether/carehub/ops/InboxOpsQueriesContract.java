package org.darlingtontogether.carehub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inbox queries the operations API and health rely on, run against each database the hub supports. */
abstract class InboxOpsQueriesContract {

    InboxRepository inbox;
    long a1;
    long a2;
    long b1;
    long a3;

    abstract DataSource dataSource();

    @BeforeEach
    void rows() {
        inbox = new InboxRepository(JdbcClient.create(dataSource()));
        a1 = inbox.store("cddft", "M1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|payload-1").id();
        a2 = inbox.store("cddft", "M2", "HL7V2", "ADT^A04", InboxState.RECEIVED, null, "MSH|payload-2").id();
        b1 = inbox.store("dbc", "F1", "CSV", null, InboxState.FAILED, "bad header", "csv").id();
        a3 = inbox.store("cddft", "M3", "HL7V2", "ORU^R01", InboxState.RECEIVED, null, "MSH|payload-3").id();
        inbox.markOutcome(a1, InboxState.QUARANTINED, "no NHS number in PID-3");
        inbox.markOutcome(a3, InboxState.PROCESSED, null);
    }

    @Test
    void listsByStateAndPartnerOldestFirstWithoutPayload() {
        List<InboxEntry> all = inbox.listWithoutPayload(null, null, 0, 100);
        assertThat(all).extracting(InboxEntry::id).containsExactly(a1, a2, b1, a3);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.payload()).isNull();
            assertThat(e.nhsNumberOverride()).isNull();
        });
        assertThat(inbox.listWithoutPayload(InboxState.QUARANTINED, "cddft", 0, 100)).singleElement()
                .satisfies(e -> {
                    assertThat(e.messageKey()).isEqualTo("M1");
                    assertThat(e.reason()).isEqualTo("no NHS number in PID-3");
                    assertThat(e.messageType()).isEqualTo("ADT^A01");
                });
        assertThat(inbox.listWithoutPayload(null, "cddft", 0, 2)).extracting(InboxEntry::id).containsExactly(a1, a2);
        assertThat(inbox.listWithoutPayload(null, "cddft", a2, 2)).extracting(InboxEntry::id).containsExactly(a3);
        assertThat(inbox.listWithoutPayload(InboxState.FAILED, "cddft", 0, 10)).isEmpty();
    }

    @Test
    void requeuesOnlyFromTheGivenState() {
        assertThat(inbox.requeue(b1, InboxState.QUARANTINED)).isFalse();
        assertThat(inbox.requeue(b1, InboxState.FAILED)).isTrue();
        InboxEntry requeued = inbox.find(b1).orElseThrow();
        assertThat(requeued.state()).isEqualTo(InboxState.RECEIVED);
        assertThat(requeued.reason()).isNull();
        assertThat(requeued.payload()).isEqualTo("csv");
        assertThat(inbox.requeue(b1, InboxState.FAILED)).isFalse();
        assertThat(inbox.requeue(999_999, InboxState.FAILED)).isFalse();
    }

    @Test
    void requeuesManyInOneStatementOnlyFromTheGivenState() {
        assertThat(inbox.requeueAll(List.of(a1, b1, a3, 999_999L), InboxState.QUARANTINED)).as("only a1 was quarantined").isEqualTo(1);
        assertThat(inbox.find(a1).orElseThrow()).satisfies(e -> {
            assertThat(e.state()).isEqualTo(InboxState.RECEIVED);
            assertThat(e.reason()).isNull();
        });
        assertThat(inbox.find(b1).orElseThrow().state()).isEqualTo(InboxState.FAILED);
        assertThat(inbox.find(a3).orElseThrow().state()).isEqualTo(InboxState.PROCESSED);
        assertThat(inbox.requeueAll(List.of(), InboxState.QUARANTINED)).isZero();
    }

    @Test
    void countsWhatWaitsPerPartnerAndState() {
        var counts = inbox.countWaitingByPartner();
        assertThat(counts.get("cddft")).containsEntry(InboxState.RECEIVED, 1L).containsEntry(InboxState.QUARANTINED, 1L)
                .doesNotContainKey(InboxState.PROCESSED);
        assertThat(counts.get("dbc")).containsEntry(InboxState.FAILED, 1L);
    }

    @Test
    void knowsWhenEachPartnerLastSent() {
        assertThat(inbox.lastReceivedAt("cddft")).contains(inbox.find(a3).orElseThrow().receivedAt());
        assertThat(inbox.lastReceivedAt("tewv")).isEmpty();
    }

    @Test
    void theQueueIsTakenOldestFirstAndABatchMarkedProcessedAtOnce() {
        long a4 = inbox.store("cddft", "M4", "HL7V2", "ADT^A08", InboxState.RECEIVED, null, "MSH|payload-4").id();
        long a5 = inbox.store("cddft", "M5", "HL7V2", "ADT^A08", InboxState.RECEIVED, null, "MSH|payload-5").id();
        assertThat(inbox.findByState(InboxState.RECEIVED, 2)).extracting(InboxEntry::id).containsExactly(a2, a4);
        assertThat(inbox.findByState(InboxState.RECEIVED, 10)).extracting(InboxEntry::payload)
                .containsExactly("MSH|payload-2", "MSH|payload-4", "MSH|payload-5");
        assertThat(inbox.findReceivedAfter(a2, 1)).as("the next batch, read while the one before is written")
                .extracting(InboxEntry::id).containsExactly(a4);
        assertThat(inbox.findReceivedAfter(0, 10)).extracting(InboxEntry::id).containsExactly(a2, a4, a5);

        inbox.markProcessed(List.of(a2, a5));
        assertThat(inbox.findByState(InboxState.RECEIVED, 10)).extracting(InboxEntry::id).containsExactly(a4);
        assertThat(inbox.find(a5).orElseThrow()).satisfies(e -> {
            assertThat(e.state()).isEqualTo(InboxState.PROCESSED);
            assertThat(e.attempts()).isEqualTo(1);
        });
        inbox.markProcessed(List.of());
        assertThat(inbox.idsInState(InboxState.PROCESSED)).containsExactly(a2, a3, a5);
    }

    @Test
    void quarantinedRowsWaitingForTheSameThingArePagedOldestFirst() {
        long w1 = inbox.store("phd", "Condition/c1", "FHIR", "Condition", InboxState.RECEIVED, null, "{}").id();
        long w2 = inbox.store("phd", "Condition/c2", "FHIR", "Condition", InboxState.RECEIVED, null, "{}").id();
        long other = inbox.store("tewv", "Condition/c3", "FHIR", "Condition", InboxState.RECEIVED, null, "{}").id();
        long w3 = inbox.store("phd", "Condition/c4", "FHIR", "Condition", InboxState.RECEIVED, null, "{}").id();
        for (long id : List.of(w1, w2, other, w3)) {
            inbox.markOutcome(id, InboxState.QUARANTINED, "Condition.subject: the partner's Patient/p" + id + " has not been taken in");
        }
        assertThat(inbox.quarantinedWithReason("phd", "has not been taken in", 0, 2)).extracting(InboxEntry::id).containsExactly(w1, w2);
        assertThat(inbox.quarantinedWithReason("phd", "has not been taken in", w2, 2)).extracting(InboxEntry::id).containsExactly(w3);
        assertThat(inbox.quarantinedWithReason("phd", "no NHS number", 0, 10)).isEmpty();
        assertThat(inbox.quarantinedWithReason("cddft", "no NHS number", 0, 10)).extracting(InboxEntry::id).containsExactly(a1);
    }
}
