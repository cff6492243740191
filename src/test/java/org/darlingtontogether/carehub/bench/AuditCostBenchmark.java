package org.darlingtontogether.carehub.bench;

import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditProperties;
import org.darlingtontogether.carehub.audit.AuditSealer;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * What one audit row costs on the embedded H2 database, apart from the rest of the hub: {@code mvn -Pbench-audit verify}.
 * The MLLP benchmark's {@code hub-no-audit} setup measures the audit's share of the end-to-end rate, but on a shared
 * 2-core machine that share moves by tens of percent from run to run; this measures the audit alone, in one JVM, with
 * the hub's own {@link AuditTrail} and {@link AuditSealer} on a fresh H2 file migrated by the hub's migrations (URL
 * options as {@code application.yml}). Rows like the hub's entry decisions (one per message, a random person each) are
 * appended in transactions of {@code bench.audit.batch} while the sealer runs every 100 ms, as configured. Variants:
 * as configured; the rows appended but never sealed (the insert's share); and, as a what-if, without the indexes by
 * person, time and agreement; run in the order of {@code bench.audit.variants}, one named twice running twice (the
 * first variant in the JVM pays for the JIT's warm-up). Process CPU per row over the second of two rounds (the first
 * warms the JIT). Report in
 * {@code bench.out}/audit-benchmark.md.
 */
public final class AuditCostBenchmark {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final int rows = Integer.getInteger("bench.audit.rows", 50_000);
    private final int batch = Integer.getInteger("bench.audit.batch", 20);
    /** Which variants, in which order: {@code configured}, {@code unsealed}, {@code no-indexes}; one named twice runs twice. */
    private final String variantNames = System.getProperty("bench.audit.variants", "unsealed,configured,unsealed,configured");
    /** Extra H2 URL options for a what-if, e.g. {@code ;AUTO_COMPACT_FILL_RATE=0} (none by default). */
    private final String h2Options = System.getProperty("bench.audit.h2", "");
    private final Path out = Path.of(System.getProperty("bench.out", "target/bench"));

    private record Variant(String name, boolean seal, List<String> sql) {
    }

    private record Result(Variant variant, double warmMicros, double micros, double seconds, long unsealed) {
    }

    public static void main(String[] args) throws Exception {
        new AuditCostBenchmark().run();
    }

    private void run() throws Exception {
        Map<String, Variant> known = Map.of(
                "configured", new Variant("as configured (appended, sealed every 100 ms)", true, List.of()),
                "unsealed", new Variant("appended, never sealed (the insert alone)", false, List.of()),
                "no-indexes", new Variant("what-if: without ix_audit_person, ix_audit_time, ix_audit_agreement", true,
                        List.of("drop index ix_audit_person", "drop index ix_audit_time", "drop index ix_audit_agreement")));
        List<Variant> variants = new ArrayList<>();
        for (String name : variantNames.split(",")) {
            Variant variant = known.get(name.strip());
            if (variant == null) {
                throw new IllegalArgumentException("bench.audit.variants: no variant " + name + "; known: " + known.keySet());
            }
            // a variant named twice runs twice, so that JIT warm-up and order show up as the difference between the two
            boolean again = variants.stream().anyMatch(v -> v.name().startsWith(variant.name()));
            variants.add(again ? new Variant(variant.name() + " (again)", variant.seal(), variant.sql()) : variant);
        }
        List<Result> results = new ArrayList<>();
        for (Variant variant : variants) {
            results.add(measure(variant));
            System.out.printf("[audit bench] %s: %.0f µs CPU per row%n", variant.name(), results.get(results.size() - 1).micros());
        }
        StringBuilder r = new StringBuilder();
        r.append("# Audit cost benchmark, ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        r.append(String.format("Machine: %d cores, %s. Command: `mvn -Pbench-audit verify -Dbench.audit.rows=%d -Dbench.audit.batch=%d"
                        + " -Dbench.audit.variants=%s%s`.%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), rows, batch, variantNames,
                h2Options.isEmpty() ? "" : " -Dbench.audit.h2='" + h2Options + "'"));
        r.append(String.format("Per variant: a fresh H2 file, two rounds of %,d entry-decision rows in transactions of %d; process CPU per row."
                + " Variants run in the order listed, in one JVM: the first pays for the JIT's warm-up even in its second round (measured:"
                + " 30-50 %% more), so compare the variants run later, marked (again).%n%n", rows, batch));
        r.append("| variant | µs CPU per row, round 1 | µs CPU per row, round 2 | round 2 seconds | rows left unsealed |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (Result x : results) {
            r.append(String.format("| %s | %.0f | %.0f | %.1f | %,d |%n", x.variant().name(), x.warmMicros(), x.micros(), x.seconds(), x.unsealed()));
        }
        Files.createDirectories(out);
        Path file = out.resolve("audit-benchmark.md");
        Files.writeString(file, r.toString());
        System.out.println();
        System.out.println(r);
    }

    private Result measure(Variant variant) throws Exception {
        Path dir = Files.createTempDirectory("carehub-audit-bench-");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("carehub") + ";WRITE_DELAY=100;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" + h2Options);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (HikariDataSource data = new HikariDataSource(config)) {
            Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(data);
            variant.sql().forEach(jdbc::execute);
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(data);
            AuditProperties properties = new AuditProperties();
            AuditTrail trail = new AuditTrail(jdbc, properties, transactions);
            AuditSealer sealer = new AuditSealer(jdbc, new TransactionTemplate(transactions), properties);
            if (variant.seal()) {
                timer.scheduleWithFixedDelay(sealer::sealAll, 100, 100, TimeUnit.MILLISECONDS);
            }
            Random random = new Random(7);
            double warm = round(trail, random, 0);
            long t0 = System.nanoTime();
            double micros = round(trail, random, rows);
            if (variant.seal()) {
                // what is still waiting is sealed, and paid for, inside the round
                long cpu0 = OS.getProcessCpuTime();
                sealer.sealAll();
                micros += (OS.getProcessCpuTime() - cpu0) / 1000.0 / rows;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            long unsealed = jdbc.queryForObject("select count(*) from audit_unsealed", Long.class);
            return new Result(variant, warm, micros, seconds, unsealed);
        } finally {
            timer.shutdownNow();
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** One round: {@code rows} entry-decision rows, each about a random synthetic person; process CPU µs per row. */
    private double round(AuditTrail trail, Random random, int firstId) {
        long cpu0 = OS.getProcessCpuTime();
        for (int i = 0; i < rows; i += batch) {
            List<AuditEntry> entries = new ArrayList<>(batch);
            for (int j = 0; j < batch; j++) {
                entries.add(AuditEntry.of(AuditAction.ENTRY).partner("cddft").person(String.format("999%07d", random.nextInt(10_000_000)))
                        .entity("InboxMessage", Integer.toString(firstId + i + j), null).category("demographics")
                        .outcome("SHARE", "agreement darlington-together-dsa v2: direct care, the source may share")
                        .agreement("darlington-together-dsa", "2"));
            }
            trail.append(entries);
        }
        return (OS.getProcessCpuTime() - cpu0) / 1000.0 / rows;
    }
}
