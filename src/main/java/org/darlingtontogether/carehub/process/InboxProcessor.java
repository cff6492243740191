package org.darlingtontogether.carehub.process;

import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.util.ObjectHelper;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditActor;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.config.CommitDurability;
import org.darlingtontogether.carehub.govern.DecisionLog;
import org.darlingtontogether.carehub.govern.EntryGate;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.MappedMessage;
import org.darlingtontogether.carehub.ops.FeedMetrics;
import org.darlingtontogether.carehub.record.IdentityMerge;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes committed inbox messages through parse, identify and map into the shared record, oldest first, and moves
 * each inbox row to its outcome in the same transaction as its record changes: a crash at any point leaves rows
 * RECEIVED, and processing them again changes nothing that was already done. Messages waiting together are
 * processed together, in one transaction, which is what keeps up with a busy feed; while one batch is written, the
 * next is prepared on a thread of its own (parsing, mapping and encoding are half the work), with helpers sharing the
 * batch when its messages do not depend on one another ({@code carehub.processing.prepare-threads}).
 */
@Component("inboxProcessor")
public class InboxProcessor {

    public static final String INBOX_ID = "CareHubInboxId";
    /** A batch is shared among preparing threads only in parts of at least this many messages (a few are quicker alone). */
    static final int FEWEST_PER_PART = 8;
    private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);

    /**
     * Processing runs below the intake's priority: when both want the CPU, a message waiting for its ACK goes first and
     * processing catches up after. Linux applies Java thread priorities only with {@code -XX:ThreadPriorityPolicy=1},
     * as nice values: nice 4 for this one, or nice 19 with {@code -XX:JavaPriority1_To_OSPriority=19}, as the production
     * command in deploy/README.md runs the hub (lowering needs no privilege); without the first this changes nothing.
     * Measured in docs/benchmarks.md ("Processing below the intake", "A smaller page cache").
     */
    static final int PROCESSING_PRIORITY = Thread.MIN_PRIORITY;

    private final InboxRepository inbox;
    private final Map<String, InboxFormat> formats;
    private final SharedRecordStore record;
    private final IdentityMerge merges;
    private final FeedMetrics metrics;
    private final TransactionTemplate transaction;
    private final EntryGate governance;
    private final AuditTrail audit;
    private final int batchSize;
    /**
     * At most one thread, so batches are prepared in order; it ends when idle, so nothing needs shutting down (a pool
     * shut down while the hand-off still runs would refuse the next batch, and fail a message that is only waiting).
     */
    private final ExecutorService preparing = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread thread = new Thread(task, "inbox-prepare");
        thread.setDaemon(true);
        thread.setPriority(PROCESSING_PRIORITY);
        return thread;
    });

    /**
     * Helpers that prepare parts of a batch beside the preparing thread, when its messages do not depend on one another
     * (one per processor beyond the first by default); idle ones end, as the preparing thread does.
     */
    private final ThreadPoolExecutor helpers;
    private final int prepareThreads;

    public InboxProcessor(InboxRepository inbox, List<InboxFormat> formats, SharedRecordStore record, IdentityMerge merges,
                          FeedMetrics metrics, TransactionTemplate transaction, EntryGate governance, CarehubProperties properties, AuditTrail audit) {
        this.audit = audit;
        this.inbox = inbox;
        this.formats = formats.stream().collect(Collectors.toUnmodifiableMap(InboxFormat::format, f -> f));
        this.record = record;
        this.merges = merges;
        this.metrics = metrics;
        this.transaction = transaction;
        this.governance = governance;
        this.batchSize = properties.getProcessing().getBatchSize();
        this.prepareThreads = properties.getProcessing().prepareThreadsInUse();
        int helping = Math.max(1, prepareThreads - 1);
        AtomicInteger helperNumber = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(helping, helping, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "inbox-prepare-helper-" + helperNumber.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(PROCESSING_PRIORITY);
            return thread;
        });
        this.helpers.allowCoreThreadTimeOut(true);
    }

    /**
     * A hand-off: processes the message and every other committed message waiting, oldest first, until this one
     * is done. A hand-off whose message an earlier batch already took does nothing.
     */
    public void process(@Header(INBOX_ID) Long inboxId) {
        // whichever thread hands off (the seda consumer by default) processes below the intake, as the preparing threads
        Thread thread = Thread.currentThread();
        int priority = thread.getPriority();
        thread.setPriority(PROCESSING_PRIORITY);
        try {
            run(inboxId);
        } finally {
            thread.setPriority(priority);
        }
    }

    /** Everything waiting (after a restart), oldest first; returns how many messages were taken. */
    public int processWaiting() {
        return run(null);
    }

    /**
     * Batch after batch, oldest first, until a batch is short or holds {@code untilId}. While one batch's transaction
     * is written on this thread, the next is read and prepared (parsed, mapped, encoded) on the preparing thread: in
     * order, since preparing depends only on what was prepared before it (a partner's Patient, flushed before its
     * batch is applied), never on what a batch wrote.
     */
    private int run(Long untilId) {
        // lazily durable (CommitDurability): a batch lost in a crash leaves its rows RECEIVED, processed again at start
        return CommitDurability.lazily(() -> runBatches(untilId));
    }

    private int runBatches(Long untilId) {
        int taken = 0;
        List<Outcome> batch = prepareAfter(0);
        while (!batch.isEmpty()) {
            long last = batch.get(batch.size() - 1).entry().id();
            boolean more = batch.size() == batchSize && (untilId == null || batch.stream().noneMatch(o -> o.entry().id() == untilId));
            Future<List<Outcome>> next = more ? preparing.submit(() -> prepareAfter(last)) : null;
            try {
                applyBatch(batch);
            } catch (RuntimeException | Error failed) {
                // the batch is taken again by the hand-off's retry, once the one prepared ahead of it is let go
                if (next != null) {
                    letGo(next);
                }
                throw failed;
            }
            taken += batch.size();
            batch = next == null ? List.of() : await(next);
        }
        return taken;
    }

    /** The next batch of RECEIVED messages after a position, each prepared; the batch's partner Patients written. */
    private List<Outcome> prepareAfter(long afterId) {
        // lazily durable on the preparing thread too (its partner Patients), as on the hand-off's (run)
        return CommitDurability.lazily(() -> {
            List<InboxEntry> entries = inbox.findReceivedAfter(afterId, batchSize);
            boolean behind = entries.size() == batchSize;
            formats.values().forEach(format -> format.processingBehind(behind));
            List<Outcome> outcomes = prepareAll(entries);
            formats.values().forEach(InboxFormat::flushPrepared);
            return outcomes;
        });
    }

    /**
     * Each message prepared, in the batch's order. Messages that do not depend on one another are shared out in
     * consecutive parts among the helpers, this thread taking the first part; otherwise one after the other.
     */
    private List<Outcome> prepareAll(List<InboxEntry> entries) {
        int parts = Math.min(prepareThreads, entries.size() / FEWEST_PER_PART);
        if (parts < 2 || !entries.stream().allMatch(this::preparesAlone)) {
            return prepareEach(entries);
        }
        int partSize = (entries.size() + parts - 1) / parts;
        List<Future<List<Outcome>>> others = new ArrayList<>(parts - 1);
        for (int from = partSize; from < entries.size(); from += partSize) {
            List<InboxEntry> part = entries.subList(from, Math.min(entries.size(), from + partSize));
            others.add(helpers.submit(() -> prepareEach(part)));
        }
        List<Outcome> outcomes = new ArrayList<>(entries.size());
        outcomes.addAll(prepareEach(entries.subList(0, partSize)));
        for (Future<List<Outcome>> part : others) {
            outcomes.addAll(await(part));
        }
        return outcomes;
    }

    /** Each message prepared in order, consecutive messages of one format together ({@link InboxFormat#prepareAll}). */
    private List<Outcome> prepareEach(List<InboxEntry> entries) {
        List<Outcome> outcomes = new ArrayList<>(entries.size());
        int from = 0;
        while (from < entries.size()) {
            String format = entries.get(from).format();
            int to = from + 1;
            while (to < entries.size() && entries.get(to).format().equals(format)) {
                to++;
            }
            outcomes.addAll(prepareRun(entries.subList(from, to)));
            from = to;
        }
        return outcomes;
    }

    /** Consecutive messages of one format; should preparing them together throw, each is prepared alone, to name the one. */
    private List<Outcome> prepareRun(List<InboxEntry> run) {
        InboxFormat format = formats.get(run.get(0).format());
        List<Prepared> together = null;
        if (format != null && run.size() > 1) {
            try {
                together = format.prepareAll(run);
            } catch (RuntimeException unexpected) {
                log.warn("preparing {} {} messages together failed ({}): each alone", run.size(), format.format(), unexpected.getClass().getName());
            }
        }
        List<Outcome> outcomes = new ArrayList<>(run.size());
        for (int i = 0; i < run.size(); i++) {
            outcomes.add(prepare(run.get(i), together == null ? null : together.get(i)));
        }
        return outcomes;
    }

    private boolean preparesAlone(InboxEntry entry) {
        InboxFormat format = formats.get(entry.format());
        return format == null || format.preparesEachAlone();
    }

    private static List<Outcome> await(Future<List<Outcome>> prepared) {
        try {
            return prepared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while messages were prepared", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("preparing messages failed", e.getCause());
        }
    }

    /** Waits for a batch prepared ahead to finish and drops it: its rows stay RECEIVED, to be prepared again. */
    private static void letGo(Future<List<Outcome>> prepared) {
        try {
            prepared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("a batch prepared ahead of a failed one also failed: {}", e.getCause().getClass().getName());
        }
    }

    private void applyBatch(List<Outcome> outcomes) {
        try {
            transaction.executeWithoutResult(status -> applyAll(outcomes));
            outcomes.forEach(this::report);
        } catch (TransientDataAccessException | CannotGetJdbcConnectionException retryable) {
            throw retryable;
        } catch (RuntimeException batchFailed) {
            if (outcomes.size() == 1) {
                throw batchFailed;
            }
            // one message's changes failed the batch: each on its own, so the others go on and the culprit is named
            for (Outcome outcome : outcomes) {
                applyAlone(outcome);
            }
        }
    }

    private void applyAlone(Outcome outcome) {
        try {
            transaction.executeWithoutResult(status -> apply(outcome));
            report(outcome);
        } catch (TransientDataAccessException | CannotGetJdbcConnectionException retryable) {
            throw retryable;
        } catch (RuntimeException e) {
            Outcome failed = Outcome.parked(outcome.entry(), InboxState.FAILED, describe(e), "processing error: " + e.getClass().getName());
            transaction.executeWithoutResult(status -> apply(failed));
            report(failed);
        }
    }

    /**
     * Parse, identify and map, by the row's format, then govern (may the source share what it sent at all: if not, the
     * row is WITHHELD with the rule), then encode what goes into the record. No writes but a format's own
     * ({@link InboxFormat#flushPrepared}).
     */
    private Outcome prepare(InboxEntry entry, Prepared preparedOrNull) {
        InboxFormat format = formats.get(entry.format());
        if (format == null) {
            String problem = "no processing for inbox format " + entry.format();
            return Outcome.parked(entry, InboxState.FAILED, problem, problem);
        }
        try {
            Prepared prepared = preparedOrNull != null ? preparedOrNull : format.prepare(entry);
            if (prepared.mapped() == null) {
                return new Outcome(entry, prepared.state(), null, prepared.reason(), prepared.loggable(), null, List.of());
            }
            EntryGate.Admission admission = governance.admit(entry.partner(), prepared.mapped());
            if (!admission.decision().shared()) {
                String reason = "withheld by governance: " + admission.decision().describe();
                return new Outcome(entry, InboxState.WITHHELD, null, reason, reason, admission, List.of());
            }
            // encoded now, after governance labelled them, so the batch's transaction holds only the writes
            return new Outcome(entry, prepared.state(), prepared.mapped(), prepared.reason(), prepared.loggable(), admission,
                    record.encodeAll(prepared.mapped().writes()));
        } catch (RuntimeException unexpected) {
            // a fault in the hub, not the message: kept FAILED with the cause, replayable once mended
            return Outcome.parked(entry, InboxState.FAILED, describe(unexpected), "processing error: " + unexpected.getClass().getName());
        }
    }

    /** A batch's changes: record writes gathered into as few statements as the merges among them allow. */
    private void applyAll(List<Outcome> outcomes) {
        List<SharedRecordStore.EncodedWrite> writes = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.mapped() == null) {
                continue;
            }
            if (!outcome.mapped().merges().isEmpty()) {
                // a merge moves what is already stored: what came before it in the batch must be stored first
                record.writeEncoded(writes);
                writes.clear();
                for (MappedMessage.Merge merge : outcome.mapped().merges()) {
                    merges.merge(merge.from(), merge.to(), outcome.entry().id());
                }
            }
            writes.addAll(outcome.encoded());
            if (!outcome.mapped().deletions().isEmpty()) {
                // a deletion follows what came before it in the batch (a resource created, then deleted)
                record.writeEncoded(writes);
                writes.clear();
                delete(outcome);
            }
        }
        record.writeEncoded(writes);
        governance.stored(allWrites(outcomes));
        List<DecisionLog.Entry> decisions = new ArrayList<>(outcomes.size());
        List<AuditEntry> quarantined = new ArrayList<>();
        List<Long> processed = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            if (outcome.state() == InboxState.PROCESSED) {
                processed.add(outcome.entry().id());
            } else {
                inbox.markOutcome(outcome.entry().id(), outcome.state(), outcome.reason());
            }
            if (outcome.admission() != null) {
                decisions.add(EntryGate.logEntry(outcome.entry().id(), outcome.entry().partner(), outcome.admission()));
            }
            if (outcome.state() == InboxState.QUARANTINED) {
                quarantined.add(quarantine(outcome));
            }
        }
        inbox.markProcessed(processed);
        governance.record(decisions);
        audit.append(quarantined);
    }

    private static List<RecordWrite> allWrites(List<Outcome> outcomes) {
        List<RecordWrite> all = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.mapped() != null) {
                all.addAll(outcome.mapped().writes());
            }
        }
        return all;
    }

    private void apply(Outcome outcome) {
        long id = outcome.entry().id();
        if (outcome.admission() != null) {
            governance.record(List.of(EntryGate.logEntry(id, outcome.entry().partner(), outcome.admission())));
        }
        if (outcome.mapped() == null) {
            inbox.markOutcome(id, outcome.state(), outcome.reason());
            if (outcome.state() == InboxState.QUARANTINED) {
                audit.append(quarantine(outcome));
            }
            return;
        }
        for (MappedMessage.Merge merge : outcome.mapped().merges()) {
            merges.merge(merge.from(), merge.to(), id);
        }
        record.writeEncoded(outcome.encoded());
        delete(outcome);
        governance.stored(outcome.mapped().writes());
        inbox.markOutcome(id, InboxState.PROCESSED, null);
    }

    /** The audit row of a message set aside: which message, from whom, and the log-safe reason (never its content). */
    private static AuditEntry quarantine(Outcome outcome) {
        return AuditEntry.of(AuditAction.QUARANTINED).actor(AuditActor.HUB).partner(outcome.entry().partner())
                .entity("InboxMessage", String.valueOf(outcome.entry().id()), null).detail(outcome.loggable());
    }

    private void delete(Outcome outcome) {
        for (MappedMessage.Deletion deletion : outcome.mapped().deletions()) {
            record.markDeleted(deletion.resourceType(), deletion.id(), outcome.entry().id());
        }
    }

    private void report(Outcome outcome) {
        InboxEntry entry = outcome.entry();
        switch (outcome.state()) {
            case PROCESSED -> metrics.count(entry.partner(), FeedMetrics.Outcome.PROCESSED);
            case QUARANTINED -> metrics.count(entry.partner(), FeedMetrics.Outcome.QUARANTINED);
            case WITHHELD -> metrics.count(entry.partner(), FeedMetrics.Outcome.WITHHELD);
            default -> metrics.count(entry.partner(), FeedMetrics.Outcome.FAILED);
        }
        if (outcome.state() != InboxState.PROCESSED) {
            log.info("inbox {} ({} {}) {}: {}", entry.id(), entry.partner(), entry.messageKey(), outcome.state(), outcome.loggable());
        }
    }

    /**
     * Marks the handed-off message FAILED after processing threw and retries are spent. The cause is recorded by type
     * and message; the stored original stays for replay. Processing interrupted (the hub stopping while it waited for
     * the next batch, say) is not the message's fault: it stays RECEIVED, and recovery takes it at the next start.
     */
    public void failed(Exchange exchange) {
        Long inboxId = exchange.getMessage().getHeader(INBOX_ID, Long.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String type = cause == null ? "unknown" : cause.getClass().getName();
        if (inboxId == null) {
            log.error("hand-off without an inbox id failed: {}", type);
            return;
        }
        if (interrupted(cause)) {
            log.warn("inbox {}: processing was interrupted ({}); left RECEIVED, to be processed at the next start", inboxId, type);
            return;
        }
        inbox.find(inboxId).filter(e -> e.state() == InboxState.RECEIVED).ifPresent(entry -> {
            Outcome failed = Outcome.parked(entry, InboxState.FAILED, cause == null ? "processing error" : describe(cause),
                    "processing error: " + type);
            inbox.markOutcome(entry.id(), failed.state(), failed.reason());
            report(failed);
        });
    }

    private static boolean interrupted(Throwable cause) {
        return ObjectHelper.getException(InterruptedException.class, cause) != null
                || ObjectHelper.getException(ClosedByInterruptException.class, cause) != null;
    }

    /** Stored with the row for operators; a driver's message can quote values, so it is never logged. */
    private static String describe(Throwable e) {
        return "processing error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * What became of one message: processed with its mapping, or parked with the reason (and what may be logged); with
     * the governance decision at entry when it got that far, and the mapping's writes encoded for the record.
     */
    private record Outcome(InboxEntry entry, InboxState state, MappedMessage mapped, String reason, String loggable,
                           EntryGate.Admission admission, List<SharedRecordStore.EncodedWrite> encoded) {
        static Outcome parked(InboxEntry entry, InboxState state, String reason, String loggable) {
            return new Outcome(entry, state, null, reason, loggable, null, List.of());
        }
    }
}
