package org.darlingtontogether.carehub.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import java.util.concurrent.atomic.AtomicInteger;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.govern.EntryGate;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.record.IdentityMerge;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.darlingtontogether.carehub.support.HospitalMessages;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A backlog several batches long, as processing takes it: each batch written while the next is read and prepared on
 * another thread. Batches of two, the hand-off route off, so the test decides when processing runs.
 */
@HubTest
class InboxProcessorPipelineTest extends HubTestBase {

    static final String NHS = "9434765919";
    static final String OTHER_NHS = "9990000018";
    static final String SIDE_BY_SIDE_NHS = "9990000107";

    @DynamicPropertySource
    static void smallBatches(DynamicPropertyRegistry registry) {
        registry.add("carehub.processing.enabled", () -> "false");
        registry.add("carehub.processing.batch-size", () -> "2");
    }

    @Autowired InboxProcessor processor;
    @Autowired InboxRepository inbox;
    @Autowired List<InboxFormat> formats;
    @Autowired SharedRecordStore record;
    @Autowired IdentityMerge merges;
    @Autowired FeedMetrics metrics;
    @Autowired PlatformTransactionManager transactions;
    @Autowired EntryGate governance;
    @Autowired CarehubProperties properties;
    @Autowired AuditTrail audit;
    @Autowired JdbcClient jdbc;
    @Autowired CamelContext camel;

    @BeforeEach
    void emptyInbox() {
        jdbc.sql("delete from inbox_message where partner = 'phd' or message_key like 'SIDE-BY-SIDE-%'").update();
    }

    @Test
    void laterBatchesArePreparedAheadButWrittenInArrivalOrder() {
        // three versions of one Patient in three batches: only arrival order leaves the third current
        receive("Patient/p1/_history/1", patient("p1", NHS, "First"));
        receive("Condition/c1/_history/1", condition("c1", "p1"));
        receive("Patient/p1/_history/2", patient("p1", NHS, "Second"));
        receive("Condition/c2/_history/1", condition("c2", "p1"));
        receive("Patient/p1/_history/3", patient("p1", NHS, "Third"));

        assertThat(processor.processWaiting()).isEqualTo(5);

        assertThat(statesOfPhdRows()).containsOnly(InboxState.PROCESSED.name()).hasSize(5);
        StoredResource person = record.forPerson(NHS, "Patient").stream()
                .filter(r -> "phd".equals(r.sourcePartner())).findFirst().orElseThrow();
        assertThat(person.version()).isEqualTo(3);
        assertThat(person.content()).contains("\"Third\"");
        assertThat(record.forPerson(NHS, "Condition")).filteredOn(r -> "phd".equals(r.sourcePartner())).hasSize(2);
    }

    @Test
    void hl7MessagesOfOneBatchArePreparedSideBySideAndWrittenInArrivalOrder() {
        // forty updates of one person in one batch, prepared by three threads: only arrival order leaves the last current
        for (int i = 1; i <= 40; i++) {
            inbox.store("cddft", "SIDE-BY-SIDE-" + i, Hl7InboxFormat.FORMAT, "ADT^A08", InboxState.RECEIVED, null,
                    HospitalMessages.adt("A08", "SBS" + i, SIDE_BY_SIDE_NHS, "V-SBS", "WARD1", "", "FAMILY%02d".formatted(i)));
        }
        Set<String> preparedOn = ConcurrentHashMap.newKeySet();
        List<InboxFormat> watched = formats.stream().map(format -> (InboxFormat) new Delegating(format) {
            @Override
            public Prepared prepare(InboxEntry entry) {
                preparedOn.add(Thread.currentThread().getName());
                return super.prepare(entry);
            }
        }).toList();
        CarehubProperties wide = new CarehubProperties();
        wide.getProcessing().setBatchSize(40);
        wide.getProcessing().setPrepareThreads(3);

        int taken = new InboxProcessor(inbox, watched, record, merges, metrics, new TransactionTemplate(transactions), governance, wide, audit)
                .processWaiting();

        assertThat(taken).isEqualTo(40);
        assertThat(preparedOn).as("threads that prepared the batch").hasSize(3);
        assertThat(jdbc.sql("select state from inbox_message where message_key like 'SIDE-BY-SIDE-%'").query(String.class).list())
                .hasSize(40).containsOnly(InboxState.PROCESSED.name());
        assertThat(record.forPerson(SIDE_BY_SIDE_NHS, "Patient")).singleElement().satisfies(person -> {
            assertThat(person.content()).contains("FAMILY40").doesNotContain("FAMILY39");
            assertThat(person.version()).as("one version per message, in order").isEqualTo(40);
        });
    }

    @Test
    void eachFormatIsToldAsEachBatchIsReadWhetherProcessingIsBehind() {
        // five waiting, batches of two: two full batches (more waiting behind them), then a short one (caught up)
        for (int i = 1; i <= 5; i++) {
            receive("Condition/behind-" + i + "/_history/1", condition("behind-" + i, "p1"));
        }
        List<Boolean> told = new CopyOnWriteArrayList<>();
        List<InboxFormat> watched = formats.stream().map(format -> (InboxFormat) new Delegating(format) {
            @Override
            public void processingBehind(boolean behind) {
                if (FhirInboxFormat.FORMAT.equals(format())) {
                    told.add(behind);
                }
                super.processingBehind(behind);
            }
        }).toList();

        int taken = new InboxProcessor(inbox, watched, record, merges, metrics, new TransactionTemplate(transactions), governance, properties, audit)
                .processWaiting();

        assertThat(taken).isEqualTo(5);
        assertThat(told).containsExactly(true, true, false);
    }

    @Test
    void aBatchThatFailsToCommitIsTakenAgainWithTheOnePreparedAheadOfIt() {
        receive("Patient/p2/_history/1", patient("p2", OTHER_NHS, "Before"));
        receive("Condition/c3/_history/1", condition("c3", "p2"));
        receive("Patient/p2/_history/2", patient("p2", OTHER_NHS, "After"));
        receive("Condition/c4/_history/1", condition("c4", "p2"));
        AtomicInteger commits = new AtomicInteger();
        TransactionTemplate failingOnce = new TransactionTemplate(transactions) {
            @Override
            public <T> T execute(TransactionCallback<T> action) throws TransactionException {
                if (commits.getAndIncrement() == 0) {
                    throw new TransientDataAccessResourceException("the database is briefly unavailable");
                }
                return super.execute(action);
            }
        };
        InboxProcessor flaky = new InboxProcessor(inbox, formats, record, merges, metrics, failingOnce, governance, properties, audit);
        assertThatThrownBy(flaky::processWaiting).isInstanceOf(TransientDataAccessException.class);
        assertThat(statesOfPhdRows()).as("nothing written by the failed batch, nothing by the one prepared after it")
                .containsOnly(InboxState.RECEIVED.name()).hasSize(4);

        assertThat(flaky.processWaiting()).isEqualTo(4);

        assertThat(statesOfPhdRows()).containsOnly(InboxState.PROCESSED.name()).hasSize(4);
        assertThat(record.forPerson(OTHER_NHS, "Patient")).singleElement().satisfies(person -> {
            assertThat(person.content()).contains("\"After\"");
            assertThat(person.version()).as("each version written once").isEqualTo(2);
        });
        assertThat(record.forPerson(OTHER_NHS, "Condition")).hasSize(2).allSatisfy(c -> assertThat(c.version()).isEqualTo(1));
    }

    @Test
    void aMessageWhoseProcessingWasInterruptedStaysReceivedWhileOneThatFailedIsKeptFailed() {
        long interrupted = inbox.store("phd", "Patient/p3/_history/1", FhirInboxFormat.FORMAT, "Patient", InboxState.RECEIVED, null,
                patient("p3", NHS, "Waiting")).id();
        long broken = inbox.store("phd", "Patient/p4/_history/1", FhirInboxFormat.FORMAT, "Patient", InboxState.RECEIVED, null,
                patient("p4", NHS, "Broken")).id();

        processor.failed(handOffThatThrew(interrupted,
                new IllegalStateException("interrupted while the next batch was prepared", new InterruptedException())));
        processor.failed(handOffThatThrew(broken, new IllegalStateException("a fault in the hub")));

        assertThat(inbox.find(interrupted).orElseThrow().state()).as("the hub stopping is not the message's fault")
                .isEqualTo(InboxState.RECEIVED);
        assertThat(inbox.find(broken).orElseThrow()).satisfies(e -> {
            assertThat(e.state()).isEqualTo(InboxState.FAILED);
            assertThat(e.reason()).contains("a fault in the hub");
        });
    }

    private Exchange handOffThatThrew(long inboxId, Exception cause) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(InboxProcessor.INBOX_ID, inboxId);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        return exchange;
    }

    @Test
    void aFaultPreparingABatchTogetherIsNamedOnItsMessageAndTheOthersGoOn() {
        receive("Patient/p5/_history/1", patient("p5", NHS, "Fine"));
        receive("Condition/c5/_history/1", condition("c5", "p5"));
        receive("Condition/c6/_history/1", condition("c6", "p5"));
        List<InboxFormat> faulty = formats.stream().map(format -> (InboxFormat) new Delegating(format) {
            @Override
            public Prepared prepare(InboxEntry entry) {
                if (entry.messageKey().startsWith("Condition/c5/")) {
                    throw new IllegalStateException("a fault in the hub");
                }
                return super.prepare(entry);
            }

            @Override
            public List<Prepared> prepareAll(List<InboxEntry> entries) {
                entries.forEach(this::prepare);
                return format.prepareAll(entries);
            }
        }).toList();
        CarehubProperties wide = new CarehubProperties();
        wide.getProcessing().setBatchSize(10);
        int conditionsBefore = record.forPerson(NHS, "Condition").size();

        int taken = new InboxProcessor(inbox, faulty, record, merges, metrics, new TransactionTemplate(transactions), governance, wide, audit)
                .processWaiting();

        assertThat(taken).isEqualTo(3);
        assertThat(statesOfPhdRows()).containsExactly(InboxState.PROCESSED.name(), InboxState.FAILED.name(), InboxState.PROCESSED.name());
        assertThat(jdbc.sql("select reason from inbox_message where message_key = 'Condition/c5/_history/1'").query(String.class).single())
                .isEqualTo("processing error: IllegalStateException: a fault in the hub");
        assertThat(record.forPerson(NHS, "Condition")).as("c6 taken in, c5 not").hasSize(conditionsBefore + 1);
    }

    /** A format as the hub has it, for a test to watch or break one step; preparing together goes through {@link #prepare}. */
    private static class Delegating implements InboxFormat {
        final InboxFormat format;

        Delegating(InboxFormat format) {
            this.format = format;
        }

        @Override
        public String format() {
            return format.format();
        }

        @Override
        public Prepared prepare(InboxEntry entry) {
            return format.prepare(entry);
        }

        @Override
        public boolean preparesEachAlone() {
            return format.preparesEachAlone();
        }

        @Override
        public void flushPrepared() {
            format.flushPrepared();
        }

        @Override
        public void processingBehind(boolean behind) {
            format.processingBehind(behind);
        }
    }

    private void receive(String key, String json) {
        inbox.store("phd", key, FhirInboxFormat.FORMAT, key.substring(0, key.indexOf('/')), InboxState.RECEIVED, null, json);
    }

    private List<String> statesOfPhdRows() {
        return jdbc.sql("select state from inbox_message where partner = 'phd' order by id").query(String.class).list();
    }

    private static String patient(String id, String nhsNumber, String family) {
        return """
                {"resourceType":"Patient","id":"%s","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
                 "name":[{"family":"%s","given":["Jane"]}],"gender":"female","birthDate":"1945-06-12"}
                """.formatted(id, nhsNumber, family);
    }

    private static String condition(String id, String patientId) {
        return """
                {"resourceType":"Condition","id":"%s","subject":{"reference":"Patient/%s"},
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}]}}
                """.formatted(id, patientId);
    }
}
