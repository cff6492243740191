package org.darlingtontogether.carehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The whole machine's busy CPU time from /proc/stat, so that a run can say how much CPU other processes took meanwhile
 * (on a shared 2-core machine another build running beside the benchmark halves every figure).
 */
final class MachineCpu {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ 100

    private MachineCpu() {
    }

    /** Busy CPU time of all cores since boot (user, nice, system, irq, softirq, steal), in nanoseconds; -1 without /proc. */
    static long busyNanos() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Cores kept busy over the next {@code millis} by everything on the machine except {@code ours} (CPU nanoseconds). */
    static double othersBusyCores(long millis, LongSupplier ours) throws InterruptedException {
        long b0 = busyNanos();
        long o0 = ours.getAsLong();
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        long b1 = busyNanos();
        long o1 = ours.getAsLong();
        return b0 < 0 ? 0 : Math.max(0, (b1 - b0) - (o1 - o0)) / (double) (System.nanoTime() - t0);
    }

    /**
     * Waits (at most {@code maxSeconds}) until other processes leave the machine nearly idle, i.e. no other build or
     * test is running; {@code ours} is the CPU time of the benchmark's own processes. Returns the others' busy cores
     * seen last.
     */
    static double awaitQuiet(double maxBusyCores, long maxSeconds, LongSupplier ours) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        double busy = othersBusyCores(1000, ours);
        while (busy > maxBusyCores && System.nanoTime() < deadline) {
            busy = othersBusyCores(2000, ours);
        }
        return busy;
    }
}
