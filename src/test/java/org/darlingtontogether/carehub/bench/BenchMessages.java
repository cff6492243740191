package org.darlingtontogether.carehub.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.darlingtontogether.carehub.demo.SyntheticAdt;
import org.darlingtontogether.carehub.demo.SyntheticPopulation;

/**
 * The benchmark's traffic, from the simulated hospital ({@link SyntheticAdt}). Measured batches are each person's
 * first message (a registration, A04 or A28, with its own visit) over one population of distinct made-up people with
 * valid test NHS numbers, so no measured message is about a person or visit another one touched. Warm-up traffic is the
 * simulator's ordinary mixed stream (admissions, transfers, discharges, results, updates, merges, a few quarantined)
 * about a small population of its own.
 */
final class BenchMessages {

    private static final int WARMUP_POOL = 4000;

    private final List<List<String>> batches = new ArrayList<>();
    private final List<List<String>> warmupRegistrations;
    private final List<String> warmup = new ArrayList<>(WARMUP_POOL);
    private final String runId;
    private final AtomicLong warmupSequence = new AtomicLong();

    /**
     * {@code batchCount} batches of {@code perBatch} messages, every one about a different person; and
     * {@code warmupBatches} more such batches, about people of their own, for the warm-up ({@link #warmupRegistrations}).
     */
    BenchMessages(String runId, int batchCount, int perBatch, int warmupBatches) {
        Instant start = Instant.now().minus(Duration.ofDays(1));
        SyntheticPopulation people = SyntheticPopulation.create(20260301L, (batchCount + warmupBatches) * perBatch, 0, 0);
        SyntheticAdt measured = new SyntheticAdt(people, 20260301L, "BM" + runId + "-", start);
        for (int b = 0; b < batchCount; b++) {
            batches.add(registrations(measured, perBatch));
        }
        List<List<String>> warmupBatchList = new ArrayList<>(warmupBatches);
        for (int b = 0; b < warmupBatches; b++) {
            warmupBatchList.add(registrations(measured, perBatch));
        }
        warmupRegistrations = List.copyOf(warmupBatchList);
        SyntheticAdt mixed = new SyntheticAdt(7L, "BW" + runId + "-", start);
        for (int i = 0; i < WARMUP_POOL; i++) {
            warmup.add(mixed.next().text());
        }
        this.runId = runId;
    }

    /** The next {@code count} people's registrations. */
    private static List<String> registrations(SyntheticAdt people, int count) {
        List<String> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(people.next().text());
        }
        return List.copyOf(batch);
    }

    List<String> batch(int index) {
        return batches.get(index);
    }

    /**
     * The end of every setup's warm-up: batches shaped as the measured ones (each person's registration, so every
     * message creates records), about people no measured batch names. The mixed stream alone repeats its pool after
     * 4,000 messages, after which the record is left unchanged; after it the hub's JIT was still compiling (the record's
     * insert path, the actuator polled by the measured runs) for 20-30 % of the hub's CPU in the first measured runs
     * (docs/benchmarks.md, "A warm-up shaped as the measured load").
     */
    List<List<String>> warmupRegistrations() {
        return warmupRegistrations;
    }

    /**
     * Endless warm-up traffic, safe to call from several sender threads: the simulator's mixed stream, generated once
     * (generating costs ~0.2 ms a message) and cycled, each time under a new control id (MSH-10), so the hub takes every
     * one as a new message; after the first pass its content repeats (records then update or stay unchanged).
     */
    Supplier<String> warmupStream() {
        return () -> {
            long n = warmupSequence.getAndIncrement();
            String text = warmup.get((int) (n % WARMUP_POOL));
            return n < WARMUP_POOL ? text : withControlId(text, "BW" + runId + "-R" + n);
        };
    }

    /** The message with MSH-10 replaced. */
    static String withControlId(String message, String controlId) {
        int at = 0;
        for (int field = 0; field < 9; field++) {
            at = message.indexOf('|', at) + 1;
        }
        int end = message.indexOf('|', at);
        return message.substring(0, at) + controlId + message.substring(end);
    }

    /** The NHS number (ten digits) in a message's PID-3 repetition whose assigning authority is NHS; null if none. */
    static String nhsNumberOf(String message) {
        int pid = message.indexOf("\rPID|");
        if (pid < 0) {
            return null;
        }
        int end = message.indexOf('\r', pid + 1);
        String[] fields = message.substring(pid + 1, end < 0 ? message.length() : end).split("\\|", -1);
        if (fields.length < 4) {
            return null;
        }
        for (String repetition : fields[3].split("~")) {
            String[] components = repetition.split("\\^", -1);
            if (components.length >= 4 && components[3].equals("NHS")) {
                return components[0].replace(" ", "").replace("-", "");
            }
        }
        return null;
    }
}
