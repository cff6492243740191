package org.darlingtontogether.carehub.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.support.HubProcess;
import org.springframework.util.FileSystemUtils;

/**
 * The MLLP throughput benchmark ({@code mvn -Pbench verify}): the same ADT load against a bare ACK listener, a
 * parse-and-map listener that stores nothing, and the packaged hub as its own process at -Xmx512m; each with 1 and 4
 * connections whose senders wait for every ACK. Reports ACKed and end-to-end (until in the shared record) rates, ACK
 * latency, the hub's heap, CPU and database file, checks the targets, and profiles the hub under load.
 * Writes the report to stdout and to {@code target/bench/mllp-benchmark.md}.
 *
 * <p>Settings (system properties): {@code bench.messages} per measured run (10000), {@code bench.connections}
 * (1,4), {@code bench.warmup.seconds} per setup (45: less left the JIT compiling on a slow 2-core machine) of the
 * simulator's mixed stream, then {@code bench.warmup.runs} (3) runs shaped as the measured ones, not counted,
 * {@code bench.setups} (ack,map,hub; a hub setup named twice runs twice), {@code bench.jar} (target/carehub.jar), {@code bench.hub.heap} (512m), {@code bench.profile} (true), {@code bench.out} (target/bench),
 * {@code bench.drain.timeout.seconds} (300), {@code bench.keep} (false: delete the hub's database afterwards),
 * {@code bench.quiet.wait.seconds} (180: how long to wait for other builds on the machine to finish before each run);
 * for what-if runs {@code bench.h2.options} (set in the H2 URL: replacing its own setting of a key, or appended),
 * {@code bench.hub.args} (more hub arguments),
 * {@code bench.hub.jvm} (more JVM options for the hub, e.g. another collector) and
 * {@code bench.database=postgres} (the hub on PostgreSQL, {@code bench.postgres.url/user/password}, in a schema of its own)
 * or {@code bench.database=h2-memory} (H2 in the hub's heap, no file: what the file store costs; give the hub a heap
 * that holds the whole database, e.g. {@code bench.hub.heap=3g}).
 */
public final class MllpBenchmark {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final double TARGET_E2E = 1500;
    private static final double TARGET_SHARE_OF_MAP = 0.5;
    private static final double TARGET_P99_MS = 10;
    /** Issue 7: writing the audit trail may cost at most this share of the end-to-end rate. */
    private static final double TARGET_AUDIT_COST = 0.15;
    private static final String NO_AUDIT = "hub without audit";
    /** The label's suffix for the second run of a hub setup named twice in {@code bench.setups}. */
    private static final String AGAIN = " (again)";

    private final int messages = Integer.getInteger("bench.messages", 10_000);
    private final int[] connections = Arrays.stream(System.getProperty("bench.connections", "1,4").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();
    private final double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmup.seconds", "45"));
    /** Runs as measured (K = 4, registrations of people of their own), not counted, that end each setup's warm-up. */
    private final int warmupRuns = Integer.getInteger("bench.warmup.runs", 3);
    private final List<String> setups = List.of(System.getProperty("bench.setups", "ack,map,hub").split(","));
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/carehub.jar"));
    private final String hubHeap = System.getProperty("bench.hub.heap", "512m");
    private final boolean profile = Boolean.parseBoolean(System.getProperty("bench.profile", "true"));
    private final Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    private final Duration drainTimeout = Duration.ofSeconds(Long.getLong("bench.drain.timeout.seconds", 300));
    private final boolean keep = Boolean.getBoolean("bench.keep");
    private final String h2Options = System.getProperty("bench.h2.options", "");
    private final Store store = Store.named(System.getProperty("bench.database", "h2"));
    private final boolean postgres = store == Store.POSTGRES;
    private PostgresSchema pg;
    private final List<String> hubArgs = System.getProperty("bench.hub.args", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.hub.args").trim().split("\\s+"));
    private final long quietWaitSeconds = Long.getLong("bench.quiet.wait.seconds", 180);

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> storage = new LinkedHashMap<>();
    private String profileSummary;
    private boolean hubHeapOk;
    private String hubHeapNote = "hub not run";
    private BenchMessages load;

    /** One measured run. Rates in messages per second; NaN where not applicable. */
    record Row(String setup, int connections, MllpLoad.Result load, double endToEnd, String endToEndNote, double p50, double p99,
               double max, double serverCpuMicros, double senderCpuMicros, double peakHeapMb, String checked,
               double otherCores) {
    }

    public static void main(String[] args) throws Exception {
        MllpBenchmark benchmark = new MllpBenchmark();
        int exit = benchmark.run();
        System.exit(exit);
    }

    private int run() throws Exception {
        Files.createDirectories(out);
        String runId = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36).toUpperCase();
        int batches = connections.length + (profile ? 1 : 0);
        progress("generating %d batches of %d synthetic ADT messages (distinct people and visits)", batches, messages);
        load = new BenchMessages(runId, batches, messages, warmupRuns);
        boolean failed = false;
        Set<String> done = new HashSet<>();
        for (String setup : setups) {
            // a hub setup named twice runs twice (e.g. hub,hub-no-audit,hub-no-audit,hub: the audit's cost measured in
            // both orders); the verdicts take the mean of its runs
            String again = done.add(setup.trim()) ? "" : AGAIN;
            try {
                switch (setup.trim()) {
                    case "ack" -> baseline("bare ACK", () -> new BaselineServer("ack", m -> null));
                    case "map" -> {
                        try (ParseAndMapWork work = new ParseAndMapWork()) {
                            baseline("parse + map", () -> new BaselineServer("map", work));
                            notes.add(String.format("parse + map baseline encoded %,d characters of FHIR JSON in all.", work.encodedChars()));
                        }
                    }
                    case "hub" -> hub("hub" + again, List.of());
                    // the same hub writing no audit rows: what the audit trail costs (issue 7's 15% budget)
                    case "hub-no-audit" -> hub(NO_AUDIT + again, List.of("--carehub.audit.enabled=false"));
                    default -> throw new IllegalArgumentException("unknown setup " + setup + " (ack, map, hub, hub-no-audit)");
                }
            } catch (Exception e) {
                failed = true;
                notes.add("setup " + setup + " did not complete: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                progress("setup %s did not complete: %s", setup, e);
            }
        }
        String report = report();
        System.out.println();
        System.out.println(report);
        Path file = out.resolve("mllp-benchmark.md");
        Files.writeString(file, report);
        progress("report written to %s", file.toAbsolutePath());
        return failed ? 1 : 0;
    }

    private interface BaselineServerFactory {
        BaselineServer open() throws Exception;
    }

    // ---------------------------------------------------------------- baselines (in this JVM)

    private void baseline(String name, BaselineServerFactory factory) throws Exception {
        try (BaselineServer server = factory.open()) {
            progress("%s: warm-up %.0f s", name, warmupSeconds);
            long warm = MllpLoad.runFor("127.0.0.1", server.port(), 4, warmupSeconds, load.warmupStream(), 5_000_000);
            progress("%s: warm-up sent %,d messages", name, warm);
            for (List<String> registrations : load.warmupRegistrations()) {
                MllpLoad.Result r = MllpLoad.run("127.0.0.1", server.port(), 4, registrations);
                progress("%s (warm-up, not counted) K=4: %,.0f msgs/s ACKed", name, r.ackedPerSecond());
            }
            for (int b = 0; b < connections.length; b++) {
                int k = connections[b];
                long errorsBefore = server.errors();
                awaitQuiet(() -> 0);
                resetPeaks();
                long cpu0 = OS.getProcessCpuTime();
                long machine0 = MachineCpu.busyNanos();
                MllpLoad.Result r = MllpLoad.run("127.0.0.1", server.port(), k, load.batch(b));
                long cpu = OS.getProcessCpuTime() - cpu0;
                double others = (MachineCpu.busyNanos() - machine0 - cpu) / (double) (r.lastAckNanos() - r.startNanos());
                long rejected = server.errors() - errorsBefore;
                if (r.firstRejection() != null) {
                    notes.add(name + " K=" + k + ": " + (r.rejected() + r.errors()) + " not AA, first: " + r.firstRejection());
                }
                double acked = r.ackedPerSecond();
                long[] sorted = r.latencies().clone();
                Arrays.sort(sorted);
                rows.add(new Row(name, k, r, acked, "= ACKed (ACK after the work; nothing stored)",
                        MllpLoad.percentileMillis(sorted, 50), MllpLoad.percentileMillis(sorted, 99),
                        MllpLoad.percentileMillis(sorted, 100), (cpu - r.senderCpuNanos()) / 1e3 / r.sent(),
                        r.senderCpuNanos() / 1e3 / r.sent(), peakHeapMb(), rejected == 0 ? "" : rejected + " AE",
                        others));
                progress("%s K=%d: %,.0f msgs/s ACKed, p99 %.2f ms", name, k, acked, MllpLoad.percentileMillis(sorted, 99));
            }
        }
    }

    /** Waits for other builds or tests on the machine to finish, so they do not share the cores with a measurement. */
    private void awaitQuiet(LongSupplier hubCpu) throws InterruptedException {
        double busy = MachineCpu.awaitQuiet(0.3, quietWaitSeconds, () -> OS.getProcessCpuTime() + Math.max(0, hubCpu.getAsLong()));
        if (busy > 0.3) {
            progress("machine still busy (%.1f cores used by other processes) after waiting %d s: measuring anyway", busy, quietWaitSeconds);
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound: the pools peak at different moments). */
    private static double peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
    }

    // ---------------------------------------------------------------- the hub (its own process)

    private void hub(String label, List<String> setupArgs) throws Exception {
        boolean main = label.equals("hub");
        boolean profile = this.profile && main;
        List<String> args = new ArrayList<>(hubArgs);
        args.addAll(setupArgs);
        Path data = Files.createTempDirectory("carehub-bench-");
        Path workDir = Path.of(System.getProperty("user.dir"));
        if (postgres) {
            pg = PostgresSchema.fromProperties(Long.toString(System.currentTimeMillis(), 36));
            pg.create();
        }
        List<String> datasourceArgs = switch (store) {
            case H2_FILE -> List.of();
            case POSTGRES -> pg.hubArguments();
            case H2_MEMORY -> List.of("--spring.datasource.url=" + HubProcess.withOptions(
                    "jdbc:h2:mem:carehub-bench;DB_CLOSE_DELAY=-1;" + HubProcess.embeddedDatabaseOptions(), h2Options));
        };
        HubUnderTest hub = new HubUnderTest(jar, workDir, data, hubHeap, h2Options, datasourceArgs, args);
        LongSupplier dbBytes = switch (store) {
            case H2_FILE -> hub::databaseFileBytes;
            case POSTGRES -> pg::sizeBytes;
            case H2_MEMORY -> () -> -1;
        };
        GcLog gc = new GcLog(hub.gcLog());
        long gcStart;
        try {
            progress("%s: starting %s at -Xmx%s (database and logs in %s)", label, jar, hubHeap, data);
            long t0 = System.nanoTime();
            hub.start(Duration.ofSeconds(180));
            progress("hub: up in %.1f s, pid %d", (System.nanoTime() - t0) / 1e9, hub.pid());
            if (profile) {
                hub.initialiseFlightRecorder();
            }
            gcStart = gc.mark();
            progress("hub: warm-up %.0f s (simulated hospital traffic)", warmupSeconds);
            long warm = MllpLoad.runFor("127.0.0.1", hub.mllpPort(), 4, warmupSeconds, load.warmupStream(), 1_000_000);
            long drained = drain(hub);
            progress("hub: warm-up sent %,d messages; backlog drained %.1f s after", warm, drained / 1e9);
            // then runs as measured, not counted: registrations that create records, the actuator polled to the end
            for (List<String> registrations : load.warmupRegistrations()) {
                hubRun(hub, gc, 4, registrations, label + " (warm-up, not counted)");
                warm += registrations.size();
            }
            String prefix = main ? "" : label + ": ";
            storage.put(prefix + "after warm-up (" + String.format("%,d", warm) + " messages)", mb(dbBytes.getAsLong()));
            for (int b = 0; b < connections.length; b++) {
                rows.add(hubRun(hub, gc, connections[b], load.batch(b), main ? "hub" : label));
                storage.put(prefix + "after K=" + connections[b] + " run", mb(dbBytes.getAsLong()));
            }
            if (profile) {
                Path jfr = out.resolve("hub-profile.jfr").toAbsolutePath();
                Files.deleteIfExists(jfr);
                int k = connections[connections.length - 1];
                progress("hub: profiled run (Flight Recorder) with K=%d", k);
                hub.startFlightRecording(jfr);
                Row profiled = hubRun(hub, gc, k, load.batch(connections.length), "hub (profiled, JFR on)");
                hub.stopFlightRecording();
                rows.add(profiled);
                storage.put("after profiled run", mb(dbBytes.getAsLong()));
                profileSummary = FlightRecordingSummary.summarise(jfr, 25);
                notes.add("hub profile recording: " + jfr);
            }
            GcLog.Summary all = gc.since(gcStart);
            boolean oom = Files.readString(hub.logFile()).contains("OutOfMemoryError");
            if (!main) {
                return;
            }
            hubHeapOk = hub.alive() && !oom && all.fullCollections() == 0;
            hubHeapNote = String.format("-Xmx%s; under load: peak heap in use %s MB (before a collection), at most %s MB after one (G1 young pauses leave old-generation garbage in place),"
                            + " %d collections (%d full), %.0f ms paused in all%s", hubHeap, mbOrDash(all.peakBeforeBytes()),
                    mbOrDash(all.peakAfterBytes()), all.collections(), all.fullCollections(), all.pauseMillis(),
                    oom ? "; OutOfMemoryError in the hub's log" : "");
        } finally {
            hub.close();
        }
        storage.put((main ? "" : label + ": ") + "after the hub stopped", mb(dbBytes.getAsLong()));
        if (postgres) {
            databaseAfterRun(pg.connect(), false, null);
            storage.put("PostgreSQL synchronous_commit", pg.synchronousCommit());
            if (!keep) {
                pg.drop();
            } else {
                notes.add("PostgreSQL schema kept: " + pg.name());
            }
        } else if (store == Store.H2_MEMORY) {
            storage.put("rows", "not counted: the in-memory database went with the hub");
        } else {
            String url = "jdbc:h2:file:" + hub.databaseBase() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            databaseAfterRun(DriverManager.getConnection(url, "sa", ""), true, hub);
        }
        if (!keep) {
            FileSystemUtils.deleteRecursively(data);
        } else {
            notes.add("hub database and logs kept in " + data);
        }
    }

    private Row hubRun(HubUnderTest hub, GcLog gc, int k, List<String> batch, String name) throws Exception {
        awaitQuiet(hub::cpuNanos);
        double before = hub.feedCounter("processed");
        long gcMark = gc.mark();
        long cpu0 = hub.cpuNanos();
        HubUnderTest.IoBytes io0 = hub.ioBytes();
        long benchCpu0 = OS.getProcessCpuTime();
        long machine0 = MachineCpu.busyNanos();
        Completion completion = new Completion(hub, before, batch.size(), drainTimeout);
        Thread watcher = new Thread(completion, "bench-completion");
        watcher.start();
        MllpLoad.Result r = MllpLoad.run("127.0.0.1", hub.mllpPort(), k, batch);
        completion.sendersDone = true;
        watcher.join(drainTimeout.toMillis() + 10_000);
        long cpu = hub.cpuNanos() - cpu0;
        HubUnderTest.IoBytes io = hub.ioBytes();
        long end = completion.doneNanos > 0 ? completion.doneNanos : System.nanoTime();
        double others = (MachineCpu.busyNanos() - machine0 - cpu - (OS.getProcessCpuTime() - benchCpu0)) / (double) (end - r.startNanos());
        GcLog.Summary heap = gc.since(gcMark);
        double peakMb = Math.max(heap.peakBeforeBytes(), completion.peakHeapBytes) / 1048576.0;
        long[] sorted = r.latencies().clone();
        Arrays.sort(sorted);
        double endToEnd = completion.doneNanos > 0 ? batch.size() / ((completion.doneNanos - r.startNanos()) / 1e9) : Double.NaN;
        String note = completion.doneNanos > 0
                ? String.format("all %,d in the record %.2f s after the last ACK", batch.size(), (completion.doneNanos - r.lastAckNanos()) / 1e9)
                : "not all processed within " + drainTimeout.toSeconds() + " s: " + completion.problem;
        if (io0 != null && io != null) {
            note += String.format("; meanwhile the hub wrote %.1f KB and read %.1f KB a message (files and sockets, /proc/<pid>/io)",
                    (io.written() - io0.written()) / 1024.0 / batch.size(), (io.read() - io0.read()) / 1024.0 / batch.size());
        }
        String checked = spotCheck(hub, batch);
        if (r.firstRejection() != null) {
            notes.add(name + " K=" + k + ": " + (r.rejected() + r.errors()) + " not AA, first: " + r.firstRejection());
        }
        progress("%s K=%d: %,.0f msgs/s ACKed, %,.0f msgs/s end-to-end, ACK p99 %.2f ms; %s", name, k, r.ackedPerSecond(), endToEnd,
                MllpLoad.percentileMillis(sorted, 99), checked);
        return new Row(name, k, r, endToEnd, note, MllpLoad.percentileMillis(sorted, 50), MllpLoad.percentileMillis(sorted, 99),
                MllpLoad.percentileMillis(sorted, 100), cpu / 1e3 / r.sent(), r.senderCpuNanos() / 1e3 / r.sent(), peakMb,
                checked, others);
    }

    /** A few people from the batch (first, last, and between), looked up by NHS number through the FHIR API. */
    private static String spotCheck(HubUnderTest hub, List<String> batch) {
        int[] picks = {0, batch.size() / 4, batch.size() / 2, 3 * batch.size() / 4, batch.size() - 1};
        int found = 0;
        int asked = 0;
        for (int i : picks) {
            String nhs = BenchMessages.nhsNumberOf(batch.get(i));
            if (nhs == null) {
                continue;
            }
            asked++;
            try {
                if (hub.patientQueryable(nhs)) {
                    found++;
                }
            } catch (Exception e) {
                return "FHIR check failed: " + e.getClass().getSimpleName();
            }
        }
        return "FHIR Patient search " + found + "/" + asked;
    }

    /**
     * Watches the hub's processed counter from the start of a run until it has grown by the batch size: the moment
     * the last message of the run is committed in the shared record (the counter moves after the commit). Each poll is
     * an authenticated actuator request the hub must serve (JWT check, ~1 ms of its CPU), so it polls every 500 ms while
     * the senders run, then at intervals shrinking to 10 ms as the finish nears. Also samples the hub's heap.
     */
    private static final class Completion implements Runnable {
        private final HubUnderTest hub;
        private final double before;
        private final int expected;
        private final Duration timeout;
        volatile boolean sendersDone;
        volatile long doneNanos;
        volatile double peakHeapBytes = -1;
        volatile String problem = "";
        private double rateFromCount = -1;
        private long rateFromNanos;

        /** Messages per second processed since the previous poll that saw progress. */
        private double rateSince(double processed, long now) {
            double rate = rateFromCount < 0 || now == rateFromNanos ? 0 : (processed - rateFromCount) / ((now - rateFromNanos) / 1e9);
            if (rateFromCount < 0 || processed > rateFromCount) {
                rateFromCount = processed;
                rateFromNanos = now;
            }
            return rate;
        }

        Completion(HubUnderTest hub, double before, int expected, Duration timeout) {
            this.hub = hub;
            this.before = before;
            this.expected = expected;
            this.timeout = timeout;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastHeap = 0;
            double lastSeen = -1;
            long lastProgress = System.nanoTime();
            try {
                while (System.nanoTime() < deadline) {
                    double processed = hub.feedCounter("processed") - before;
                    long now = System.nanoTime();
                    if (processed >= expected) {
                        doneNanos = now;
                        return;
                    }
                    if (processed != lastSeen) {
                        lastSeen = processed;
                        lastProgress = now;
                    } else if (processed > 0 && now - lastProgress > 30_000_000_000L) {
                        problem = String.format("processing stalled at %,.0f of %,d", processed, expected);
                        return;
                    }
                    if (!sendersDone && now - lastHeap > 1_000_000_000L) {
                        lastHeap = now;
                        peakHeapBytes = Math.max(peakHeapBytes, hub.heapUsedBytes());
                    }
                    long pause = 500;
                    if (sendersDone) {
                        // close to the finish, look often; far from it, sleep about half the expected remaining time
                        double rate = rateSince(processed, now);
                        double remainingMillis = rate > 0 ? (expected - processed) / rate * 1000 : 500;
                        pause = (long) Math.max(10, Math.min(500, remainingMillis / 2));
                    }
                    long until = System.nanoTime() + pause * 1_000_000L;
                    boolean wasSending = !sendersDone;
                    while (System.nanoTime() < until && !(wasSending && sendersDone)) {
                        Thread.sleep(5);
                    }
                }
                problem = "timed out";
            } catch (Exception e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    /** Waits until no inbox row is RECEIVED (the backlog is processed); returns how long that took. */
    private long drain(HubUnderTest hub) throws Exception {
        long start = System.nanoTime();
        long deadline = start + drainTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            int backlog = hub.receivedBacklog(1);
            if (backlog == 0) {
                return System.nanoTime() - start;
            }
            if (backlog < 0) {
                // no operations API answer: wait until the processed counter stops moving
                double a = hub.settled();
                Thread.sleep(2000);
                if (hub.settled() == a) {
                    return System.nanoTime() - start;
                }
                continue;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("hub backlog not processed within " + drainTimeout.toSeconds() + " s");
    }

    /** After a clean stop: the inbox and record as stored, and (H2) how small the file gets when compacted. */
    private void databaseAfterRun(Connection connection, boolean h2, HubUnderTest hub) {
        try (Connection c = connection; Statement s = c.createStatement()) {
            StringBuilder states = new StringBuilder();
            try (ResultSet rs = s.executeQuery("select state, count(*) from inbox_message group by state order by state")) {
                while (rs.next()) {
                    states.append(states.length() == 0 ? "" : ", ").append(rs.getString(1)).append(' ').append(String.format("%,d", rs.getLong(2)));
                }
            }
            long current = single(s, "select count(*) from record_resource");
            long history = single(s, "select count(*) from record_resource_history");
            storage.put("rows", "inbox: " + states + "; record_resource: " + String.format("%,d", current)
                    + "; record_resource_history: " + String.format("%,d", history));
            if (h2) {
                s.execute("shutdown compact");
            }
        } catch (Exception e) {
            storage.put("rows", "could not read the database after the run: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (h2) {
            storage.put("after SHUTDOWN COMPACT (offline)", mb(hub.databaseFileBytes()));
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- report

    private String report() throws IOException {
        StringBuilder r = new StringBuilder();
        r.append("# MLLP benchmark, ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        r.append(String.format("Machine: %d cores (%s), %s %s. Command: `mvn -Pbench verify -Dbench.messages=%d`.%n%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), messages));
        r.append(String.format("Load: %,d ADT messages per run (each about a different synthetic person and visit, valid test NHS"
                + " numbers), over K MLLP connections, each sending one message and waiting for its ACK. Warm-up per setup: %.0f s"
                + " of the simulator's mixed stream, then %d runs as measured (K=4, registrations of people of their own), not counted."
                + " Baselines run in the benchmark's JVM (-Xmx%d MB, shared with the senders); the hub is `java -Xmx%s %s -jar %s`"
                + " (the production command), its own process, %s.%n%n", messages, warmupSeconds, warmupRuns,
                Runtime.getRuntime().maxMemory() / 1048576, hubHeap, String.join(" ", HubUnderTest.PRODUCTION_JVM_OPTIONS),
                jar.getFileName(),
                switch (store) {
                    case H2_FILE -> "H2 file database (" + HubProcess.embeddedDatabaseOptions() + "), lazy processing commits";
                    case POSTGRES -> "on PostgreSQL (a schema of its own; size = its tables and indexes)";
                    case H2_MEMORY -> "**H2 in memory, no file (a what-if: not the hub as configured)**";
                }));
        String hubJvm = System.getProperty("bench.hub.jvm", "").strip();
        if (!h2Options.isEmpty() || !hubArgs.isEmpty() || !hubJvm.isEmpty()) {
            r.append("**What-if run, not the hub as configured:** H2 URL options `").append(h2Options).append("`, hub arguments `")
                    .append(String.join(" ", hubArgs)).append("`, hub JVM options `").append(hubJvm).append("`.\n\n");
        }
        r.append("End-to-end: from the first message sent until the hub's `carehub.feed.messages{outcome=processed}` counter"
                + " (incremented after the record transaction commits) has grown by the run's message count, polled through the"
                + " actuator every 500 ms while the senders run and, after the last ACK, at intervals shrinking to 10 ms as the"
                + " finish nears (each poll costs the hub ~1 ms of CPU for the token check); then 5 people of the run are looked up by NHS number through the FHIR API.\n\n");
        r.append("| setup | K | msgs | ACKed msgs/s | end-to-end msgs/s | ACK p50 ms | ACK p99 ms | ACK max ms | not AA | server CPU µs/msg"
                + " | sender CPU µs/msg | peak heap MB | other processes, cores | check |\n");
        r.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Row row : rows) {
            MllpLoad.Result l = row.load();
            r.append(String.format("| %s | %d | %,d | %,.0f | %s | %.2f | %.2f | %.1f | %d | %.0f | %.0f | %.0f | %.2f | %s |%n", row.setup(),
                    row.connections(), l.sent(), l.ackedPerSecond(), Double.isNaN(row.endToEnd()) ? "n/a" : String.format("%,.0f", row.endToEnd()),
                    row.p50(), row.p99(), row.max(), l.rejected() + l.errors(), row.serverCpuMicros(), row.senderCpuMicros(),
                    row.peakHeapMb(), Math.max(0, row.otherCores()), row.checked()));
        }
        r.append("\nServer CPU: the hub process's CPU time per message (from /proc), or for a baseline the benchmark JVM's less the"
                + " senders' threads. Sender CPU: the sending threads' CPU per message. Peak heap: hub, the largest heap in use before a"
                + " collection (GC log) or sampled through the actuator; baselines, the benchmark JVM's heap pools' peaks (senders"
                + " included). Other processes: CPU used on the machine meanwhile by anything but the hub and the benchmark"
                + " (another build running beside the benchmark makes every figure in its row unreliable).\n\n");
        for (Row row : rows) {
            if (row.setup().startsWith("hub")) {
                r.append("- ").append(row.setup()).append(" K=").append(row.connections()).append(": ").append(row.endToEndNote()).append('\n');
            }
        }
        r.append("\n## Targets\n\n");
        targets(r);
        r.append(switch (store) {
            case H2_FILE -> "\n## Hub database file (H2 as application.yml sets it, lazy processing commits)\n\n";
            case POSTGRES -> "\n## Hub database (PostgreSQL)\n\n";
            case H2_MEMORY -> "\n## Hub database (H2 in memory, no file: sizes not measured)\n\n";
        });
        storage.forEach((k, v) -> r.append("- ").append(k).append(": ").append(v).append('\n'));
        if (profileSummary != null) {
            r.append("\n## Where the hub's time goes (Flight Recorder, profiled run)\n\n").append(profileSummary);
        }
        if (!notes.isEmpty()) {
            r.append("\n## Notes\n\n");
            notes.forEach(n -> r.append("- ").append(n).append('\n'));
        }
        return r.toString();
    }

    private void targets(StringBuilder r) {
        int k4 = connections[connections.length - 1];
        Rate hub4 = rate("hub", k4);
        Row map4 = find("parse + map", k4);
        if (hub4 == null) {
            r.append("- hub not measured: no verdict\n");
            return;
        }
        r.append(verdict(hub4.mean() >= TARGET_E2E, String.format("end-to-end >= %,.0f msgs/s with %d connections: %s",
                TARGET_E2E, k4, hub4)));
        if (map4 != null) {
            double share = hub4.mean() / map4.load().ackedPerSecond();
            r.append(verdict(share >= TARGET_SHARE_OF_MAP, String.format("end-to-end >= 50%% of the parse-and-map baseline (%,.0f msgs/s, K=%d): %.0f%%",
                    map4.load().ackedPerSecond(), k4, 100 * share)));
        } else {
            r.append("- [n/a] share of the parse-and-map baseline: baseline not measured\n");
        }
        for (Row row : rows) {
            if (row.setup().equals("hub") || row.setup().equals("hub" + AGAIN)) {
                r.append(verdict(row.p99() < TARGET_P99_MS, String.format("ACK p99 < %.0f ms with %d connection(s)%s: %.2f ms",
                        TARGET_P99_MS, row.connections(), row.setup().endsWith(AGAIN) ? AGAIN : "", row.p99())));
            }
        }
        Rate quiet4 = rate(NO_AUDIT, k4);
        if (quiet4 != null) {
            double cost = 1 - hub4.mean() / quiet4.mean();
            r.append(verdict(cost <= TARGET_AUDIT_COST, String.format("audit trail costs <= %.0f%% of the end-to-end rate (K=%d): %s msgs/s with it,"
                    + " %s without: %.1f%%", 100 * TARGET_AUDIT_COST, k4, hub4, quiet4, 100 * cost)));
        } else {
            r.append("- [n/a] audit cost: setup hub-no-audit not measured\n");
        }
        r.append(verdict(hubHeapOk, "hub at -Xmx" + hubHeap + " (alive, no OutOfMemoryError, no full GC): " + hubHeapNote));
        boolean allProcessed = rows.stream().filter(x -> x.setup().startsWith("hub")).allMatch(x -> !Double.isNaN(x.endToEnd())
                && x.load().rejected() + x.load().errors() == 0);
        r.append(verdict(allProcessed, "every message ACKed AA and processed"));
    }

    /** A hub setup's end-to-end rate at K: its one run, or the mean of its two (the setup named twice). */
    record Rate(List<Double> runs) {
        double mean() {
            return runs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        @Override
        public String toString() {
            return runs.size() == 1 ? String.format("%,.0f", runs.get(0))
                    : String.format("%,.0f (mean of %s)", mean(), runs.stream().map(x -> String.format("%,.0f", x)).collect(Collectors.joining(" and ")));
        }
    }

    private Rate rate(String setup, int k) {
        List<Double> runs = rows.stream().filter(x -> (x.setup().equals(setup) || x.setup().equals(setup + AGAIN)) && x.connections() == k)
                .map(Row::endToEnd).toList();
        return runs.isEmpty() ? null : new Rate(runs);
    }

    private Row find(String setup, int k) {
        return rows.stream().filter(x -> x.setup().equals(setup) && x.connections() == k).findFirst().orElse(null);
    }

    private static String verdict(boolean pass, String what) {
        return "- [" + (pass ? "PASS" : "FAIL") + "] " + what + "\n";
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    /** The store the hub runs on ({@code bench.database}). */
    private enum Store {
        H2_FILE("h2"),
        POSTGRES("postgres"),
        /** A what-if: the same H2 settings, in memory (no file written, so no page serialised, stored or read back). */
        H2_MEMORY("h2-memory");

        private final String name;

        Store(String name) {
            this.name = name;
        }

        /** A misspelt name fails, rather than running the default and being reported as the what-if. */
        static Store named(String name) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(store -> store.name.equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("bench.database is h2, postgres or h2-memory, not " + name));
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format("%,.1f MB", bytes / 1048576.0);
    }

    private static String mbOrDash(long bytes) {
        return bytes < 0 ? "-" : String.format("%,.0f", bytes / 1048576.0);
    }

    private static void progress(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), String.format(format, args));
    }
}
