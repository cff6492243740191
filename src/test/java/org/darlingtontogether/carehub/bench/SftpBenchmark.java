package org.darlingtontogether.carehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.darlingtontogether.carehub.demo.SftpDropServer;
import org.darlingtontogether.carehub.demo.SyntheticExtracts;
import org.darlingtontogether.carehub.support.HubProcess;

/**
 * The council's SFTP feed at size: a 1,000,000-row people extract dropped on a real SFTP server (Apache MINA SSHD, in
 * this JVM, on loopback) and taken by the packaged hub run as its own process at {@code -Xmx256m} with processing
 * off, so what is measured is the way into the inbox: download, charset detection, CSV parsing, row checks and
 * batched inbox commits. Rows per second from the file's arrival until all its rows are counted received and the file
 * is in processed/; the intake's own time from its log line; peak heap from the hub's GC log. Run with
 * {@code mvn -Pbench-sftp verify}; the report goes to stdout and {@code target/bench/sftp-benchmark.md}.
 */
public final class SftpBenchmark {

    private static final Pattern INTAKE = Pattern.compile(
            "(\\d+) rows, (\\d+) new to the inbox, (\\d+) rejected, in (\\d+) ms \\((\\d+) rows/s\\)");

    private SftpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int warmupRows = Integer.getInteger("bench.warmup.rows", 50_000);
        String heap = System.getProperty("bench.hub.heap", "256m");
        Path jar = Path.of(System.getProperty("bench.jar", "target/carehub.jar"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("sftp-bench");
        Path root = work.resolve("sftp");
        String password = Long.toHexString(Double.doubleToLongBits(Math.random()));

        System.out.printf("writing a %,d-row council people extract...%n", rows);
        Path big = work.resolve("big.csv");
        SyntheticExtracts.writeBulkPeople(big, rows);
        Path warm = work.resolve("warm.csv");
        SyntheticExtracts.writeBulkPeople(warm, warmupRows);

        try (SftpDropServer server = SftpDropServer.start(root, work.resolve("host-key.pem"), 0, "council", password)) {
            Path knownHosts = server.writeKnownHosts(work.resolve("known_hosts"));
            Path outbox = Files.createDirectories(root.resolve("outbox"));
            List<String> hubArgs = List.of(
                    "--carehub.processing.enabled=false",
                    "--carehub.partners.dbc.sftp.host=127.0.0.1",
                    "--carehub.partners.dbc.sftp.port=" + server.port(),
                    "--carehub.partners.dbc.sftp.username=council",
                    "--carehub.partners.dbc.sftp.password=" + password,
                    "--carehub.partners.dbc.sftp.known-hosts=" + knownHosts,
                    "--carehub.partners.dbc.sftp.directory=outbox",
                    "--carehub.partners.dbc.sftp.poll-delay=100ms",
                    "--carehub.sftp.work-directory=" + work.resolve("hub-work"));
            Files.createDirectories(work.resolve("hub-data"));
            boolean postgres = "postgres".equalsIgnoreCase(System.getProperty("bench.database", "h2"));
            PostgresSchema pg = null;
            if (postgres) {
                pg = PostgresSchema.fromProperties("sftp" + Long.toString(System.currentTimeMillis(), 36));
                pg.create();
            }
            String database = postgres ? "PostgreSQL (127.0.0.1, a schema of its own)" : "embedded H2 file (" + HubProcess.embeddedDatabaseOptions() + "), lazy processing commits";
            try (HubUnderTest hub = new HubUnderTest(jar, Path.of("").toAbsolutePath(), work.resolve("hub-data"), heap,
                    "", postgres ? pg.hubArguments() : List.of(), hubArgs)) {
                // generous: on a shared, busy machine the hub has taken over three minutes to start
                hub.start(Duration.ofMinutes(10));
                GcLog gc = new GcLog(hub.gcLog());

                System.out.printf("warm-up: %,d rows%n", warmupRows);
                Result warmup = drop(hub, outbox, warm, "dbc_people_20250101.csv", warmupRows, 0);
                long mark = gc.mark();
                long cpuBefore = hub.cpuNanos();
                System.out.printf("measured: %,d rows%n", rows);
                Result measured = drop(hub, outbox, big, "dbc_people_20250102.csv", rows, warmupRows);
                long cpu = hub.cpuNanos() - cpuBefore;
                GcLog.Summary heapUse = gc.since(mark);
                String intake = lastIntakeLine(hub.logFile());
                long dbBytes = postgres ? pg.sizeBytes() : hub.databaseFileBytes();

                String report = String.join("\n",
                        "# SFTP feed benchmark (council people extract into the inbox)",
                        "",
                        "Run " + Instant.now() + ", hub `java -Xmx" + heap + " " + String.join(" ", HubUnderTest.PRODUCTION_JVM_OPTIONS)
                                + " -jar carehub.jar`, processing off, " + database + ", SFTP server (MINA SSHD) on loopback, "
                                + Runtime.getRuntime().availableProcessors()
                                + " cores.",
                        "",
                        "| run | rows | file size | arrival to all committed and moved | rows/s | intake alone (hub log) |",
                        "| --- | ---: | ---: | ---: | ---: | --- |",
                        row("warm-up", warmupRows, Files.size(warm), warmup, "-"),
                        row("measured", rows, Files.size(big), measured, intake),
                        "",
                        String.format(Locale.ROOT, "Hub heap during the measured run (GC log): peak in use %s, most kept after a"
                                        + " collection %s, committed %s, %d collections (%d full), %.0f ms paused.",
                                mib(heapUse.peakBeforeBytes()), mib(heapUse.peakAfterBytes()), mib(heapUse.committedBytes()),
                                heapUse.collections(), heapUse.fullCollections(), heapUse.pauseMillis()),
                        String.format(Locale.ROOT, "Hub CPU during the measured run: %.1f s (%.1f µs per row). Database size after: %s.",
                                cpu / 1e9, cpu / 1e3 / rows, mib(dbBytes)),
                        "",
                        "Target: at least 20,000 rows/s into the inbox at -Xmx256m: "
                                + (measured.rowsPerSecond() >= 20_000 ? "met" : "NOT met") + ".",
                        "");
                System.out.println(report);
                Files.writeString(out.resolve(postgres ? "sftp-benchmark-postgres.md" : "sftp-benchmark.md"), report,
                        StandardCharsets.UTF_8);
            } finally {
                if (pg != null) {
                    pg.drop();
                }
            }
        }
    }

    private record Result(double seconds, double rowsPerSecond) {
    }

    /** Drops the file as the council does (.part, then rename) and waits until all rows are received and it is moved. */
    private static Result drop(HubUnderTest hub, Path outbox, Path file, String name, int rows, int before) throws Exception {
        Path part = outbox.resolve(name + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        double receivedBefore = hub.feedCounter("dbc", "received");
        long started = System.nanoTime();
        Files.move(part, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path processed = outbox.resolve("processed").resolve(name);
        long deadline = started + Duration.ofMinutes(15).toNanos();
        while (!(Files.exists(processed) && hub.feedCounter("dbc", "received") - receivedBefore >= rows)) {
            if (System.nanoTime() > deadline || !hub.alive()) {
                throw new IllegalStateException(name + " not taken within 15 minutes (hub alive: " + hub.alive()
                        + "); see " + hub.logFile());
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(seconds, rows / seconds);
    }

    private static String row(String run, int rows, long bytes, Result result, String intake) {
        return String.format(Locale.ROOT, "| %s | %,d | %s | %.1f s | %,.0f | %s |", run, rows, mib(bytes), result.seconds(),
                result.rowsPerSecond(), intake);
    }

    private static String lastIntakeLine(Path log) throws IOException {
        String found = "-";
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = INTAKE.matcher(line);
            if (m.find()) {
                found = String.format(Locale.ROOT, "%s ms, %,d rows/s", m.group(4), Long.parseLong(m.group(5)));
            }
        }
        return found;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
