package org.darlingtontogether.carehub.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.govern.Agreement;
import org.darlingtontogether.carehub.govern.Agreements;
import org.darlingtontogether.carehub.govern.DecisionPoint;
import org.darlingtontogether.carehub.govern.Directive;
import org.darlingtontogether.carehub.govern.PersonDirectives;
import org.darlingtontogether.carehub.govern.RecordFacts;

/**
 * The decision point's cost ({@code mvn -Pbench-govern verify}): decisions per second on one thread under the
 * partnership's real agreement ({@code agreements/}), over generated records (the hospital's categories mostly, some
 * from the other partners, a tenth labelled mental-health) and people's directives (objections narrowed various ways,
 * explicit consents, withdrawals, the national opt-out), for all six consumers; and the entry check
 * ({@link DecisionPoint#admit}) per message of three resources. Compares the cost per message with the backbone's
 * ~700 µs of hub CPU per message. Pure CPU: the decision log's batch insert and reading directives are not in it.
 * Writes to stdout and {@code target/bench/governance-benchmark.md}.
 *
 * <p>Settings: {@code bench.govern.seconds} measured per case (10), {@code bench.govern.warmup.seconds} (5),
 * {@code bench.out} (target/bench).
 */
public final class GovernanceBenchmark {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final List<String> CONSUMERS = List.of("mdt-frail-elderly", "mdt-high-impact", "ltc-collaborative", "care-hub",
            "navigator", "planning");
    private static final Map<String, String> PURPOSES = Map.of("mdt-frail-elderly", "direct-care", "mdt-high-impact", "direct-care",
            "ltc-collaborative", "direct-care", "care-hub", "direct-care", "navigator", "navigator", "planning", "planning");
    /** Hub CPU per message end to end on the backbone (docs/benchmarks.md), the yardstick for "does not halve the rate". */
    private static final double BACKBONE_US_PER_MESSAGE = 700;

    private final double seconds = Double.parseDouble(System.getProperty("bench.govern.seconds", "10"));
    private final double warmup = Double.parseDouble(System.getProperty("bench.govern.warmup.seconds", "5"));
    private final Path out = Path.of(System.getProperty("bench.out", "target/bench"));

    private long sink;

    public static void main(String[] args) throws Exception {
        new GovernanceBenchmark().run();
    }

    void run() throws Exception {
        CarehubProperties properties = new CarehubProperties();
        Map<String, CarehubProperties.Consumer> consumers = new LinkedHashMap<>();
        for (String id : CONSUMERS) {
            CarehubProperties.Consumer consumer = new CarehubProperties.Consumer();
            consumer.setClientSecret("{noop}bench");
            consumer.setPurpose(PURPOSES.get(id));
            consumers.put(id, consumer);
        }
        properties.setConsumers(consumers);
        Agreements agreements = new Agreements(properties);
        LocalDate today = LocalDate.now();
        List<Agreement> inForce = agreements.inForceOn(today);
        if (inForce.isEmpty()) {
            throw new IllegalStateException("no agreement in force today in agreements/: the benchmark measures the real one");
        }

        Random random = new Random(42);
        int people = 1000;
        List<PersonDirectives> directives = new ArrayList<>(people);
        int withDirectives = 0;
        for (int p = 0; p < people; p++) {
            List<Directive> mine = new ArrayList<>();
            int roll = random.nextInt(100);
            if (roll < 5) {
                mine.add(directive(Directive.Kind.OBJECTION, null, null, null, false));
            } else if (roll < 10) {
                mine.add(directive(Directive.Kind.OBJECTION, null, pick(random, CONSUMERS), null, false));
            } else if (roll < 13) {
                mine.add(directive(Directive.Kind.OBJECTION, "tewv", null, "mental-health", false));
            } else if (roll < 18) {
                mine.add(directive(Directive.Kind.EXPLICIT_CONSENT, null, "mdt-high-impact", "mental-health", false));
            } else if (roll < 23) {
                mine.add(directive(Directive.Kind.EXPLICIT_CONSENT, null, "navigator", null, random.nextInt(4) == 0));
            }
            withDirectives += mine.isEmpty() ? 0 : 1;
            directives.add(new PersonDirectives(mine, random.nextInt(50) == 0));
        }
        int records = 10_000;
        List<RecordFacts> facts = new ArrayList<>(records);
        List<Integer> owner = new ArrayList<>(records);
        List<String> hospital = List.of("demographics", "encounters", "encounters", "observations", "observations", "observations",
                "conditions", "allergies");
        for (int i = 0; i < records; i++) {
            int roll = random.nextInt(100);
            String source = roll < 60 ? "cddft" : roll < 75 ? "phd" : roll < 85 ? "tewv" : roll < 95 ? "dbc" : "ccg";
            String category = switch (source) {
                case "dbc" -> pick(random, List.of("demographics", "social-care", "care-plans"));
                case "ccg" -> pick(random, List.of("risk-scores", "encounters"));
                default -> pick(random, hospital);
            };
            Set<String> labels = source.equals("tewv") || random.nextInt(10) == 0 ? Set.of("mental-health") : Set.of();
            facts.add(new RecordFacts(source, category, labels));
            owner.add(random.nextInt(people));
        }

        StringBuilder report = new StringBuilder();
        report.append("# Governance decision point benchmark\n\n")
                .append("Run ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append("; agreements in force: ").append(inForce.stream().map(Agreement::label).toList()).append(" (")
                .append(inForce.stream().mapToInt(a -> a.rules().size()).sum()).append(" rules)\n\n")
                .append(records).append(" records of ").append(people).append(" people (").append(withDirectives)
                .append(" with directives), 6 consumers; one thread.\n\n");
        double othersBefore = MachineCpu.othersBusyCores(1000, OS::getProcessCpuTime);

        // decisions: every record for every consumer
        measure("warm-up", warmup, () -> decideAll(facts, owner, directives, inForce, today));
        Result decide = measure("decide", seconds, () -> decideAll(facts, owner, directives, inForce, today));
        double decisionsPerSecond = decide.operations() * (double) records * CONSUMERS.size() / decide.seconds();
        double usPerDecision = 1e6 / decisionsPerSecond;

        // entry: messages of three resources each, admitted or withheld
        measure("warm-up", warmup / 2, () -> admitAll(facts, inForce));
        Result admit = measure("admit", seconds, () -> admitAll(facts, inForce));
        double messagesPerSecond = admit.operations() * (records / 3.0) / admit.seconds();
        double usPerMessageAtEntry = 1e6 / messagesPerSecond;
        double othersAfter = MachineCpu.othersBusyCores(1000, OS::getProcessCpuTime);

        // a message's resources are decided once at entry, then on each read: say each is read by two consumers
        double usPerMessage = usPerMessageAtEntry + 3 * 2 * usPerDecision;
        report.append("| measure | result |\n| --- | ---: |\n")
                .append(String.format("| decisions/s (one thread) | %,.0f |%n", decisionsPerSecond))
                .append(String.format("| µs per decision | %.3f |%n", usPerDecision))
                .append(String.format("| entry checks (messages of 3 resources)/s | %,.0f |%n", messagesPerSecond))
                .append(String.format("| µs per message at entry | %.3f |%n", usPerMessageAtEntry))
                .append(String.format("| µs per message, entry + 3 resources read by 2 consumers | %.3f |%n", usPerMessage))
                .append(String.format("| share of the backbone's ~%.0f µs per message | %.2f %% |%n", BACKBONE_US_PER_MESSAGE,
                        100 * usPerMessage / BACKBONE_US_PER_MESSAGE))
                .append(String.format("%nOther load on the machine: %.2f cores busy before, %.2f after (of %d).%n", othersBefore, othersAfter,
                        Runtime.getRuntime().availableProcessors()))
                .append(String.format("%nTarget: the decision point must not halve the backbone's end-to-end rate, i.e. cost less than %.0f µs"
                        + " per message: %s (%.1f µs).%n", BACKBONE_US_PER_MESSAGE, usPerMessage < BACKBONE_US_PER_MESSAGE ? "PASS" : "FAIL",
                        usPerMessage))
                .append("\n(checksum ").append(sink).append(")\n");
        System.out.println(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("governance-benchmark.md"), report.toString());
    }

    private long decideAll(List<RecordFacts> facts, List<Integer> owner, List<PersonDirectives> directives, List<Agreement> inForce,
                           LocalDate today) {
        long shared = 0;
        for (String consumer : CONSUMERS) {
            String purpose = PURPOSES.get(consumer);
            for (int i = 0; i < facts.size(); i++) {
                if (DecisionPoint.decide(facts.get(i), consumer, purpose, inForce, directives.get(owner.get(i)), today).shared()) {
                    shared++;
                }
            }
        }
        return shared;
    }

    private long admitAll(List<RecordFacts> facts, List<Agreement> inForce) {
        long admitted = 0;
        for (int i = 0; i + 2 < facts.size(); i += 3) {
            boolean all = true;
            for (int j = i; j < i + 3 && all; j++) {
                all = DecisionPoint.admit(facts.get(j).source(), facts.get(j).categories(), inForce).shared();
            }
            admitted += all ? 1 : 0;
        }
        return admitted;
    }

    private record Result(long operations, double seconds) {
    }

    private Result measure(String name, double forSeconds, java.util.function.LongSupplier pass) {
        long end = System.nanoTime() + (long) (forSeconds * 1e9);
        long start = System.nanoTime();
        long passes = 0;
        do {
            sink += pass.getAsLong();
            passes++;
        } while (System.nanoTime() < end);
        return new Result(passes, (System.nanoTime() - start) / 1e9);
    }

    private static Directive directive(Directive.Kind kind, String source, String consumer, String category, boolean withdrawn) {
        return new Directive(kind, "Consent/bench", source, consumer, category, null, LocalDate.of(2026, 1, 1), null, "bench", withdrawn);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
