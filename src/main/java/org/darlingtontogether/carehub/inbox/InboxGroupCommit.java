package org.darlingtontogether.carehub.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the messages that arrive together on several connections in one transaction (group commit), and answers
 * each caller only once that transaction is durable: still commit-then-ACK, but one disk flush for a group instead of
 * one per message. A lone message is committed at once, on its own; nobody waits for a group to fill. On the embedded
 * H2 file database the group's new messages are made durable by the {@link IntakeJournal} (one file write) rather than
 * by an H2 store of everything changed since the last one.
 *
 * <p>One writer thread per hub instance takes whatever is waiting (up to {@link #MAX_GROUP}) and commits it. If the
 * group's transaction fails, every caller in it gets the failure and answers AR, so senders send again.
 */
@Component
public class InboxGroupCommit implements AutoCloseable {

    static final int MAX_GROUP = 64;
    private static final long ANSWER_TIMEOUT_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(InboxGroupCommit.class);

    /** A message to commit, and where its caller waits for the receipt. */
    private record Pending(String partner, String messageKey, String format, String messageType, InboxState state,
                           String reason, String payload, Instant receivedAt, CompletableFuture<InboxReceipt> receipt) {

        IntakeJournal.Entry entry() {
            return new IntakeJournal.Entry(partner, messageKey, format, messageType, state, reason, payload, receivedAt);
        }
    }

    private final InboxRepository inbox;
    private final TransactionTemplate transaction;
    private final IntakeJournal journal;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public InboxGroupCommit(InboxRepository inbox, TransactionTemplate transaction, IntakeJournal journal) {
        this.inbox = inbox;
        this.transaction = transaction;
        this.journal = journal;
        this.writer = new Thread(this::commitGroups, "inbox-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Commits one message (or finds the earlier one with its key) and returns once it is durable. Throws the
     * database's {@link org.springframework.dao.DataAccessException} when the group could not be committed.
     */
    public InboxReceipt store(String partner, String messageKey, String format, String messageType,
                              InboxState state, String reason, String payload) {
        if (!running) {
            throw new DataAccessResourceFailureException("the inbox is shutting down");
        }
        CompletableFuture<InboxReceipt> receipt = new CompletableFuture<>();
        waiting.add(new Pending(partner, messageKey, format, messageType, state, reason, payload, Instant.now(), receipt));
        try {
            return receipt.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("the inbox did not commit within " + ANSWER_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while the inbox committed");
        }
    }

    private void commitGroups() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (running) {
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                commit(group);
                journal.trimIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
        failAll(new DataAccessResourceFailureException("the inbox is shutting down"));
    }

    private void commit(List<Pending> group) {
        List<InboxReceipt> receipts;
        try {
            if (journal.enabled()) {
                // the commit need not reach the database file: the journal keeps the group's new messages
                receipts = CommitDurability.lazily(() -> storeAll(group));
                journal.keep(added(group, receipts));
            } else {
                receipts = storeAll(group);
            }
        } catch (RuntimeException failure) {
            // a driver's message can quote values: the type only
            log.warn("inbox group of {} not committed ({})", group.size(), failure.getClass().getSimpleName());
            group.forEach(p -> p.receipt().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).receipt().complete(receipts.get(i));
        }
    }

    /** The group's messages that were new (not repeats of one stored before). */
    private static List<IntakeJournal.Entry> added(List<Pending> group, List<InboxReceipt> receipts) {
        List<IntakeJournal.Entry> added = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            if (!receipts.get(i).duplicate()) {
                added.add(group.get(i).entry());
            }
        }
        return added;
    }

    private List<InboxReceipt> storeAll(List<Pending> group) {
        return transaction.execute(status -> {
            List<InboxReceipt> stored = new ArrayList<>(group.size());
            for (Pending p : group) {
                stored.add(inbox.storeInTransaction(p.partner(), p.messageKey(), p.format(), p.messageType(), p.state(), p.reason(),
                        p.payload(), p.receivedAt()));
            }
            return stored;
        });
    }

    private void failAll(RuntimeException failure) {
        Pending p;
        while ((p = waiting.poll()) != null) {
            p.receipt().completeExceptionally(failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(5));
        failAll(new DataAccessResourceFailureException("the inbox is shutting down"));
    }
}
