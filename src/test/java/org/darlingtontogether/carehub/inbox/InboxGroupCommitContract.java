package org.darlingtontogether.carehub.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The intake's group commit, on each database: many senders at once each get their own committed row, a repeat
 * (in the same group or later) is recognised, and a group that cannot commit fails every caller in it, storing none.
 */
abstract class InboxGroupCommitContract {

    abstract DataSource dataSource();

    private InboxRepository inbox;
    private InboxGroupCommit commits;
    private JdbcClient jdbc;

    @BeforeEach
    void start() {
        jdbc = JdbcClient.create(dataSource());
        inbox = new InboxRepository(jdbc);
        commits = new InboxGroupCommit(inbox, new TransactionTemplate(new DataSourceTransactionManager(dataSource())),
                new IntakeJournal(dataSource(), java.time.Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        commits.close();
    }

    @Test
    void manySendersAtOnceEachGetTheirOwnCommittedRow() throws Exception {
        int senders = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<InboxReceipt>>> results = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            results.add(pool.submit(() -> {
                start.await();
                List<InboxReceipt> receipts = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    receipts.add(commits.store("cddft", "S" + sender + "-" + i, "HL7V2", "ADT^A01",
                            InboxState.RECEIVED, null, "MSH|payload " + sender + "/" + i));
                }
                return receipts;
            }));
        }
        start.countDown();
        Set<Long> ids = new HashSet<>();
        for (Future<List<InboxReceipt>> result : results) {
            for (InboxReceipt receipt : result.get()) {
                assertThat(receipt.duplicate()).isFalse();
                ids.add(receipt.id());
            }
        }
        pool.shutdown();

        assertThat(ids).hasSize(senders * each);
        assertThat(jdbc.sql("select count(*) from inbox_message").query(Long.class).single()).isEqualTo(senders * each);
        InboxEntry one = inbox.findByKey("cddft", "S3-17").orElseThrow();
        assertThat(one.payload()).isEqualTo("MSH|payload 3/17");
        assertThat(ids).contains(one.id());
    }

    @Test
    void aRepeatIsAnsweredWithTheEarlierRowWhetherInTheSameGroupOrLater() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<InboxReceipt>> same = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            same.add(pool.submit(() -> {
                start.await();
                return commits.store("cddft", "SAME", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|same");
            }));
        }
        start.countDown();
        List<InboxReceipt> receipts = new ArrayList<>();
        for (Future<InboxReceipt> f : same) {
            receipts.add(f.get());
        }
        pool.shutdown();

        assertThat(receipts).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(receipts).extracting(InboxReceipt::id).containsOnly(receipts.get(0).id());

        InboxReceipt failedFirst = commits.store("cddft", "BAD", "HL7V2", null, InboxState.FAILED, "cannot read HL7 v2", "xx");
        InboxReceipt later = commits.store("cddft", "BAD", "HL7V2", null, InboxState.FAILED, "cannot read HL7 v2", "xx");
        assertThat(later.duplicate()).isTrue();
        assertThat(later.id()).isEqualTo(failedFirst.id());
        assertThat(later.state()).isEqualTo(InboxState.FAILED);
        assertThat(later.reason()).isEqualTo("cannot read HL7 v2");
    }

    @Test
    void aGroupThatCannotCommitFailsItsCallerAndStoresNothing() {
        jdbc.sql("alter table inbox_message rename to inbox_message_offline").update();
        try {
            assertThatThrownBy(() -> commits.store("cddft", "DOWN", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|x"))
                    .isInstanceOf(DataAccessException.class);
        } finally {
            jdbc.sql("alter table inbox_message_offline rename to inbox_message").update();
        }
        assertThat(inbox.findByKey("cddft", "DOWN")).isEmpty();

        // and the writer goes on: the next message commits
        assertThat(commits.store("cddft", "UP", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|y").duplicate()).isFalse();
    }
}
