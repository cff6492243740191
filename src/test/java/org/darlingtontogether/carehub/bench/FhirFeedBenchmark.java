package org.darlingtontogether.carehub.bench;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.demo.PartnerFhirServer;
import org.darlingtontogether.carehub.demo.SyntheticFhirRecords;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR feed benchmark (mvn -Pbench-fhir verify): an initial sync of {@code bench.resources} (50,000) resources from a
 * local partner FHIR server (HAPI RestfulServer in this JVM, paged by {@code bench.page.size}) into the packaged hub,
 * run as its own process with the embedded H2 file. Reports resources per second until all are committed to the inbox
 * (the watermark moved) and until all are in the shared record (processed), the hub's peak heap (GC log) and CPU.
 * A warm-up sync through the other feed (tewv) comes first, so the measured sync (phd) starts with a warm hub and
 * an empty watermark. Report in {@code bench.out}/fhir-benchmark.md. {@code bench.profile=true} adds a Flight Recorder
 * profile of the hub during the measured sync; {@code bench.hub.args} adds hub arguments for what-if runs;
 * {@code bench.database=postgres} runs the hub on PostgreSQL ({@code bench.postgres.url/user/password}, a schema of its own).
 */
public final class FhirFeedBenchmark {

    private static final List<String> TYPES = List.of("Patient", "Encounter", "Condition", "AllergyIntolerance", "MedicationStatement",
            "Observation", "CarePlan", "Consent");

    private final int resources = Integer.getInteger("bench.resources", 50_000);
    private final int warmup = Integer.getInteger("bench.warmup.resources", 10_000);
    private final int pageSize = Integer.getInteger("bench.page.size", 200);
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/carehub.jar"));
    private final Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    private final String heap = System.getProperty("bench.hub.heap", "512m");
    private final Duration timeout = Duration.ofSeconds(Long.getLong("bench.drain.timeout.seconds", 600));
    private final long quietWait = Long.getLong("bench.quiet.wait.seconds", 120);
    /** Flight Recorder on the hub during the measured sync (initialised before the warm-up); off by default. */
    private final boolean profile = Boolean.parseBoolean(System.getProperty("bench.profile", "false"));
    /**
     * How the partner holds what is synced: {@code existing} (default) — records written over the day before, all there
     * when the sync starts, as an initial sync finds them; {@code fresh} — written one by one while the hub polls, all
     * stamped within the last second or so, so the feed's settle window has it read them all a second time.
     */
    private final boolean fresh = "fresh".equals(System.getProperty("bench.seed", "existing"));
    /**
     * What-if runs: set in the hub's H2 URL (replacing its own setting of a key, or appended),
     * e.g. {@code ;CACHE_SIZE=65536}.
     */
    private final String h2Options = System.getProperty("bench.h2.options", "");
    /** The hub on PostgreSQL (a schema of its own, {@code bench.postgres.url/user/password}) instead of its H2 file. */
    private final boolean postgres = "postgres".equalsIgnoreCase(System.getProperty("bench.database", "h2"));
    /** What-if runs: more hub arguments, e.g. {@code --carehub.processing.batch-size=500}. */
    private final List<String> hubArgs = System.getProperty("bench.hub.args", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.hub.args").trim().split("\\s+"));

    public static void main(String[] args) throws Exception {
        try {
            new FhirFeedBenchmark().run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            // no lingering server thread may keep a failed run alive
            System.exit(1);
        }
    }

    private void run() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        Files.createDirectories(out);
        Path data = Files.createTempDirectory(out.toAbsolutePath(), "fhir-bench-");
        progress("building %,d + %,d synthetic resources", warmup, resources);
        List<Resource> warm = records("w", warmup, 0);
        List<Resource> measured = records("m", resources, warmup / 10 + 1);
        PostgresSchema pg = postgres ? PostgresSchema.fromProperties(Long.toString(System.currentTimeMillis(), 36)) : null;
        if (pg != null) {
            pg.create();
        }
        try {
            run(fhir, data, warm, measured, pg);
        } finally {
            if (pg != null) {
                pg.drop();
            }
        }
    }

    private void run(FhirContext fhir, Path data, List<Resource> warm, List<Resource> measured, PostgresSchema pg) throws Exception {
        try (PartnerFhirServer gp = new PartnerFhirServer(fhir, TYPES).start();
             PartnerFhirServer trust = new PartnerFhirServer(fhir, TYPES).start();
             HubUnderTest hub = new HubUnderTest(jar, Path.of("").toAbsolutePath(), data, heap, h2Options,
                     pg != null ? pg.hubArguments() : List.of(), hubArguments(gp, trust))) {
            hub.start(Duration.ofMinutes(10));
            if (profile) {
                // its code instrumentation done now, so it does not land in the measured sync
                hub.initialiseFlightRecorder();
            }
            progress("hub up (pid %d); warm-up: %,d resources through tewv", hub.pid(), warmup);
            if (fresh) {
                warm.forEach(trust::put);
            } else {
                // as existing records too: written now, the settle window would have tewv read them again mid-measure
                trust.putAllWrittenOver(warm, Duration.ofDays(1));
            }
            awaitSettled(hub, "tewv", warmup);
            double othersBusy = MachineCpu.awaitQuiet(0.3, quietWait, hub::cpuNanos);
            progress("other load on the machine before measuring: %.2f cores busy", othersBusy);

            Path jfr = out.resolve("fhir-hub-profile.jfr").toAbsolutePath();
            if (profile) {
                Files.deleteIfExists(jfr);
                hub.startFlightRecording(jfr);
            }
            GcLog gc = new GcLog(hub.gcLog());
            long gcMark = gc.mark();
            if (!fresh) {
                awaitEndOfPollCycle(gp);
            }
            long cpuBefore = hub.cpuNanos();
            long start = System.nanoTime();
            if (fresh) {
                measured.forEach(gp::put);
            } else {
                gp.putAllWrittenOver(measured, Duration.ofDays(1));
            }
            long seeded = System.nanoTime();
            long committedAt = -1;
            long settledAt = -1;
            long deadline = start + timeout.toNanos();
            while (settledAt < 0) {
                if (System.nanoTime() > deadline) {
                    // a busy machine: report how far it got rather than nothing
                    progress("not all resources settled within %d s: %,.0f committed, %,.0f settled", timeout.toSeconds(),
                            hub.feedCounter("phd", "received"), settled(hub, "phd"));
                    settledAt = System.nanoTime();
                    if (committedAt < 0) {
                        committedAt = settledAt;
                    }
                    break;
                }
                double received = committedAt < 0 ? hub.feedCounter("phd", "received") : resources;
                if (committedAt < 0 && received >= resources) {
                    committedAt = System.nanoTime();
                }
                double settled = settled(hub, "phd");
                if (settled >= resources) {
                    settledAt = System.nanoTime();
                    if (committedAt < 0) {
                        committedAt = settledAt;
                    }
                }
                // each look is three authenticated requests to the hub: every 100 ms they took ~5 % of its CPU, so
                // look seldom until the end is near, then often enough that the times are exact to ~20 ms
                boolean nearTheEnd = (committedAt < 0 && received >= 0.95 * resources) || settled >= 0.95 * resources;
                Thread.sleep(nearTheEnd ? 20 : 500);
            }
            long cpu = hub.cpuNanos() - cpuBefore;
            if (profile) {
                hub.stopFlightRecording();
            }
            GcLog.Summary heapUse = gc.since(gcMark);
            double processed = hub.feedCounter("phd", "processed");
            double waited = hub.feedCounter("phd", "quarantined");
            double committed = hub.feedCounter("phd", "received");
            double othersDuring = MachineCpu.othersBusyCores(1000, hub::cpuNanos);
            String report = report(start, seeded, committedAt, settledAt, cpu, heapUse, processed, committed, waited, othersBusy, othersDuring, data,
                    pg == null ? "embedded H2 file" : "PostgreSQL, a schema of its own, synchronous_commit=" + pg.synchronousCommit());
            if (profile) {
                report += "\n## Where the hub's time went (Flight Recorder, " + jfr + ")\n\n" + FlightRecordingSummary.summarise(jfr, 40);
            }
            Files.writeString(out.resolve("fhir-benchmark.md"), report);
            System.out.println(report);
        }
    }

    /**
     * Waits for one of the hub's poll cycles over the empty server to end (its last request: the last type's deletions),
     * so the records put there next are first found by a cycle that begins with Patient, as an initial sync finds a
     * partner's records. Put in the middle of a cycle, they are found type by type from wherever the cycle was, and
     * every resource of the types after it waits for its Patient until the next cycle (seen: 32,000 of 50,000).
     */
    private static void awaitEndOfPollCycle(PartnerFhirServer partner) throws InterruptedException {
        // the cycle's last request is for the last type: its search on a server with nothing of that type yet (the
        // feed reads no history before it has a watermark), else its history
        String lastType = "/" + TYPES.get(TYPES.size() - 1);
        partner.clearRequests();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> seen = partner.requests();
            String last = seen.isEmpty() ? "" : seen.get(seen.size() - 1);
            if (last.contains(lastType + "?") || last.contains(lastType + "/_history")) {
                return;
            }
            Thread.sleep(2);
        }
        progress("no end of a poll cycle seen within 30 s: seeding anyway");
    }

    private List<String> hubArguments(PartnerFhirServer gp, PartnerFhirServer trust) {
        List<String> args = new ArrayList<>(List.of(
                "--carehub.partners.phd.base-url=" + gp.baseUrl(),
                "--carehub.partners.tewv.base-url=" + trust.baseUrl(),
                "--carehub.partners.phd.poll-interval=1s",
                "--carehub.partners.tewv.poll-interval=1s",
                "--carehub.partners.phd.page-size=" + pageSize,
                "--carehub.partners.tewv.page-size=" + pageSize));
        args.addAll(hubArgs);
        return args;
    }

    private String report(long start, long seeded, long committedAt, long settledAt, long cpuNanos, GcLog.Summary heapUse,
                          double processed, double committed, double waited, double othersBusy, double othersAfter, Path data,
                          String database) {
        // an initial sync starts from a partner that holds its records: the clock starts once they are on the server
        // (the hub's next poll, up to a poll interval later, is inside the times); written one by one while the hub
        // polls (fresh), the writing is part of what is measured
        long clock = fresh ? start : seeded;
        double intake = (committedAt - clock) / 1e9;
        double endToEnd = (settledAt - clock) / 1e9;
        StringBuilder r = new StringBuilder();
        r.append("# FHIR feed benchmark (").append(Instant.now()).append(")\n\n");
        r.append(String.format("Initial sync of %,d resources (Patient 1 in 10; Condition, Observation, Encounter, MedicationStatement,"
                + " AllergyIntolerance, CarePlan, Consent) from a local HAPI RestfulServer, _count=%d, into the packaged hub"
                + " (-Xmx%s, %s). The server runs in the benchmark's JVM on the same machine (it pages and encodes"
                + " every resource), so partner and hub share the CPU; other load before measuring: %.2f cores.%n%n",
                resources, pageSize, heap, database, othersBusy));
        r.append(fresh ? "The resources were written one by one while the hub polled (`-Dbench.seed=fresh`), all stamped within"
                + " seconds of the search: the feed's settle window (`settle-time`) has it read them a second time.\n\n"
                : "The resources were put on the server at once, stamped over the day before, just after one of the hub's"
                + " poll cycles ended; the clock starts when the server holds them, as an initial sync finds a partner's records"
                + " (`-Dbench.seed=fresh` writes them one by one while the hub polls).\n\n");
        if (!hubArgs.isEmpty() || !h2Options.isEmpty()) {
            r.append("What-if run, not the hub as configured: ").append(String.join(" ", hubArgs))
                    .append(h2Options.isEmpty() ? "" : " H2 URL + " + h2Options).append("\n\n");
        }
        r.append("| measure | value |\n| --- | --- |\n");
        r.append(String.format(fresh ? "| writing to the server (inside the times below) | %.1f s |%n"
                : "| seeding the server (before the clock starts) | %.1f s |%n", (seeded - start) / 1e9));
        r.append(String.format("| committed to the inbox (watermark moved) | %,.0f in %.1f s, **%,.0f resources/s** |%n",
                committed, intake, committed / intake));
        r.append(String.format("| in the shared record (processed) | %,.0f in %.1f s, **%,.0f resources/s** |%n",
                processed, endToEnd, processed / endToEnd));
        r.append(String.format("| quarantined on the way, waiting for their Patient (taken again once it is in; counted once as processed) | %,.0f |%n", waited));
        r.append(String.format("| hub CPU | %.1f s (%.2f cores on average): %,.0f resources processed per hub CPU second |%n",
                cpuNanos / 1e9, cpuNanos / 1e9 / endToEnd, processed / (cpuNanos / 1e9)));
        r.append(String.format("| other load on the machine | %.2f cores busy before, %.2f after |%n", othersBusy, othersAfter));
        r.append(String.format("| hub peak heap (GC log, before collection) | %s |%n", mb(heapUse.peakBeforeBytes())));
        r.append(String.format("| hub heap after collections, peak | %s |%n", mb(heapUse.peakAfterBytes())));
        r.append(String.format("| GC | %d collections, %.0f ms paused, %d full |%n", heapUse.collections(), heapUse.pauseMillis(),
                heapUse.fullCollections()));
        r.append("\nHub log and GC log: ").append(data).append("\n");
        return r.toString();
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,.0f MB", bytes / 1048576.0);
    }

    /** n resources: one Patient per ten, the others about those Patients, cycling through the types. */
    private static List<Resource> records(String prefix, int n, int nhsOffset) {
        List<Resource> all = new ArrayList<>(n);
        List<Resource> later = new ArrayList<>(n);
        int patients = Math.max(1, n / 10);
        int nhs = 0;
        long candidate = 999_100_000L + nhsOffset * 7L;
        for (int p = 0; p < patients; p++) {
            String number = null;
            while (number == null) {
                for (int check = 0; check <= 9 && number == null; check++) {
                    String c = Long.toString(candidate) + check;
                    if (NhsNumber.isValid(c)) {
                        number = c;
                    }
                }
                candidate++;
            }
            String id = prefix + "p" + p;
            all.add(SyntheticFhirRecords.patient(id, number, "https://bench.example/id", "Bench", "Person" + p, p % 2 == 0 ? "F" : "M", null));
            nhs++;
        }
        for (int i = 0; all.size() + later.size() < n; i++) {
            String patient = prefix + "p" + (i % patients);
            String id = prefix + "r" + i;
            later.add(switch (i % 7) {
                case 0 -> SyntheticFhirRecords.condition(id, patient, "38341003", "Hypertensive disorder");
                case 1 -> SyntheticFhirRecords.observation(id, patient, "271649006", "Systolic blood pressure", 120 + i % 40, "mm[Hg]");
                case 2 -> SyntheticFhirRecords.encounter(id, patient, "AMB", "Review", "2024-03-01");
                case 3 -> SyntheticFhirRecords.medication(id, patient, "318420003", "Amlodipine 5mg tablets");
                case 4 -> SyntheticFhirRecords.allergy(id, patient, "91936005", "Allergy to penicillin");
                case 5 -> SyntheticFhirRecords.carePlan(id, patient, "Care plan");
                default -> SyntheticFhirRecords.consent(id, patient, true, "NAV01", "Navigator", "2024-01-01");
            });
        }
        all.addAll(later);
        return all;
    }

    private void awaitSettled(HubUnderTest hub, String partner, int expected) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (settled(hub, partner) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(partner + ": not all resources settled within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    /**
     * Processed or failed. Not quarantined: every synthetic resource names a person with a valid NHS number, so one
     * quarantined waits for its Patient (on a page the partner had not served yet) and is processed once that is in.
     */
    private static double settled(HubUnderTest hub, String partner) throws Exception {
        return hub.feedCounter(partner, "processed") + hub.feedCounter(partner, "failed");
    }

    private static void progress(String format, Object... args) {
        System.out.printf("[fhir-bench] " + format + "%n", args);
    }
}
