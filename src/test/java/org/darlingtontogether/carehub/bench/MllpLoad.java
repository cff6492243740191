package org.darlingtontogether.carehub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Real senders' behaviour: K connections, each sending one message and waiting for its ACK before the next.
 * Measures each message's round trip (write to ACK read) and when the last ACK arrived. Messages are framed before
 * the clock starts.
 */
final class MllpLoad {

    private static final int SOCKET_TIMEOUT_MS = 60_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one measured load run saw. Latencies in nanoseconds, one per ACKed message, unsorted. */
    record Result(int connections, int sent, int accepted, int rejected, int errors, long startNanos, long lastAckNanos,
                  long[] latencies, long senderCpuNanos, String firstRejection) {

        double ackedPerSecond() {
            return (accepted + rejected) / seconds(lastAckNanos - startNanos);
        }

        static double seconds(long nanos) {
            return nanos / 1e9;
        }
    }

    private MllpLoad() {
    }

    /** Sends every message once over {@code connections} connections (shared work list) and waits for all ACKs. */
    static Result run(String host, int port, int connections, List<String> texts) throws Exception {
        List<byte[]> messages = texts.stream().map(BenchSender::frame).toList();
        int n = messages.size();
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastAck = new AtomicLong();
        AtomicLong senderCpu = new AtomicLong();
        AtomicReference<String> firstRejection = new AtomicReference<>();
        List<BenchSender> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            clients.add(new BenchSender(host, port, SOCKET_TIMEOUT_MS));
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> new Thread(r, "bench-sender"));
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (BenchSender client : clients) {
                running.add(pool.submit(() -> {
                    long cpuAtStart = THREADS.getCurrentThreadCpuTime();
                    try {
                        send(client, messages, next, latencies, lastAck, accepted, rejected, errors, firstRejection);
                    } finally {
                        senderCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuAtStart);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            for (BenchSender client : clients) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing a benchmark socket: nothing to recover
                }
            }
        }
        long[] measured = java.util.Arrays.stream(latencies).filter(l -> l > 0).toArray();
        int sent = Math.min(next.get(), n);
        return new Result(connections, sent, accepted.get(), rejected.get(), errors.get() + (n - sent), start,
                lastAck.get() == 0 ? start : lastAck.get(), measured, senderCpu.get(), firstRejection.get());
    }

    /** One connection's share: take the next message, send it, wait for its ACK; stop when none are left. */
    private static void send(BenchSender client, List<byte[]> messages, AtomicInteger next, long[] latencies, AtomicLong lastAck,
                             AtomicInteger accepted, AtomicInteger rejected, AtomicInteger errors,
                             AtomicReference<String> firstRejection) {
        int n = messages.size();
        int i;
        while ((i = next.getAndIncrement()) < n) {
            long t0 = System.nanoTime();
            try {
                String ack = client.send(messages.get(i));
                long t1 = System.nanoTime();
                latencies[i] = t1 - t0;
                lastAck.accumulateAndGet(t1, Math::max);
                if (isAccept(ack)) {
                    accepted.incrementAndGet();
                } else {
                    rejected.incrementAndGet();
                    firstRejection.compareAndSet(null, "message " + i + ": " + afterMsh(ack));
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                firstRejection.compareAndSet(null, "message " + i + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                latencies[i] = -1;
                return; // this connection is broken; the others carry on with the rest
            }
        }
    }

    /**
     * Sends fresh messages for {@code seconds} over {@code connections} connections (warm-up); returns how many were
     * acknowledged. Bounded in time and, for safety, in count.
     */
    static long runFor(String host, int port, int connections, double seconds, Supplier<String> messages, long maxMessages)
            throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> new Thread(r, "bench-warmup"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                running.add(pool.submit(() -> {
                    try (BenchSender client = new BenchSender(host, port, SOCKET_TIMEOUT_MS)) {
                        while (System.nanoTime() < deadline && done.get() < maxMessages) {
                            client.send(BenchSender.frame(messages.get()));
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get((long) seconds + 120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return done.get();
    }

    /** An ACK's MSA and ERR segments (codes, locations and the hub's reason: no patient data). */
    static String afterMsh(String ack) {
        int msa = ack.indexOf("\rMSA");
        return (msa < 0 ? ack : ack.substring(msa)).replace('\r', ' ').trim();
    }

    /** MSA-1 of an ACK is AA (or CA, the enhanced-mode commit accept). The MSA segment, not "MSA" inside MSH-10. */
    static boolean isAccept(String ack) {
        int msa = ack.indexOf("\rMSA|");
        return msa >= 0 && (ack.startsWith("AA", msa + 5) || ack.startsWith("CA", msa + 5));
    }

    /** The value at percentile p (0-100) of sorted nanosecond latencies, in milliseconds. */
    static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
