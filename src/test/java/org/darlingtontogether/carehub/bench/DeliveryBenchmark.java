package org.darlingtontogether.carehub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.darlingtontogether.carehub.CareHubApplication;
import org.darlingtontogether.carehub.deliver.DeliveryRepository;
import org.darlingtontogether.carehub.deliver.DeliveryState;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.support.HospitalMessages;
import org.darlingtontogether.carehub.support.HubProcess;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumers' side of the hub, measured ({@code mvn -Pbench-deliver verify}): the hub runs in this JVM (Spring Boot,
 * an H2 file in a temporary folder with the embedded default's URL from application.yml, demo off), with
 * {@code mdt-frail-elderly}'s push URL pointing at a JDK HttpServer receiver in the same JVM answering 200.
 * <ol>
 * <li>Push throughput: {@code bench.deliveries} Encounters over {@code bench.people} synthetic people are written
 * to the shared record (outbox rows in the same transactions) with the delivery route stopped; then the route is
 * started and the time until every row is DELIVERED is measured (governed at send time, in order per person).</li>
 * <li>{@code $everything}: one person with {@code bench.everything.resources} resources (a Patient and Observations),
 * read {@code bench.everything.requests} times over HTTP with the consumer's token after a warm-up; p50/p99/max.</li>
 * </ol>
 */
public final class DeliveryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int deliveries = Integer.getInteger("bench.deliveries", 20_000);
        int people = Integer.getInteger("bench.people", 2_000);
        int resources = Integer.getInteger("bench.everything.resources", 1_000);
        int requests = Integer.getInteger("bench.everything.requests", 300);
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Path dir = Files.createTempDirectory("carehub-deliver-bench");

        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        int httpPort = HubUnderTest.freePort();
        boolean postgres = "postgres".equalsIgnoreCase(System.getProperty("bench.database", "h2"));
        PostgresSchema pg = postgres ? PostgresSchema.fromProperties(Long.toString(System.currentTimeMillis(), 36)) : null;
        // the embedded default as shipped (its write delay and page cache), on a file of its own
        String shippedUrl = HubProcess.embeddedDatabaseUrl(dir.resolve("carehub"));
        List<String> hubArgs = new ArrayList<>(List.of(
                "--carehub.demo.enabled=false",
                "--server.port=" + httpPort,
                "--carehub.partners.cddft.mllp.host=127.0.0.1",
                "--carehub.partners.cddft.mllp.port=" + HubUnderTest.freePort(),
                "--carehub.delivery.enabled=false",
                "--carehub.consumers.mdt-frail-elderly.push-url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/frail",
                "--logging.level.org.darlingtontogether=WARN"));
        if (postgres) {
            pg.create();
            hubArgs.addAll(pg.hubArguments());
        } else {
            hubArgs.add("--spring.datasource.url=" + shippedUrl);
        }
        String database = postgres ? "PostgreSQL (" + pg.name() + ", synchronous_commit " + pg.synchronousCommit() + ")"
                : "H2 file with application.yml's options (" + HubProcess.embeddedDatabaseOptions() + "), lazy processing commits";
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(CareHubApplication.class).run(hubArgs.toArray(String[]::new));
        StringBuilder report = new StringBuilder("# Delivery benchmark\n\n");
        try {
            SharedRecordStore store = hub.getBean(SharedRecordStore.class);
            TransactionTemplate tx = hub.getBean(TransactionTemplate.class);
            DeliveryRepository outbox = hub.getBean(DeliveryRepository.class);

            String everyone = HospitalMessages.testNhsNumber(0);
            String patientId = "bench-patient-0";
            List<RecordWrite> big = new ArrayList<>();
            big.add(new RecordWrite(patient(patientId, everyone), everyone, "cddft", 1, "demographics"));
            for (int i = 1; i < resources; i++) {
                big.add(new RecordWrite(observation("bench-obs-" + i, patientId, i), everyone, "cddft", 1, "observations"));
            }
            write(tx, store, big);

            long writeStart = System.nanoTime();
            List<RecordWrite> batch = new ArrayList<>();
            int perPerson = Math.max(1, deliveries / people);
            for (int p = 1; p <= people; p++) {
                String nhs = HospitalMessages.testNhsNumber(p);
                for (int e = 0; e < perPerson; e++) {
                    batch.add(new RecordWrite(encounter("bench-enc-" + p + "-" + e, "bench-patient-" + p), nhs, "cddft", 1, "encounters"));
                    if (batch.size() == 500) {
                        write(tx, store, batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            write(tx, store, batch);
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
            long pending = outbox.counts().getOrDefault(DeliveryState.PENDING, 0L);

            long start = System.nanoTime();
            hub.getBean(CamelContext.class).getRouteController().startRoute("delivery-outbox");
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            Map<DeliveryState, Long> counts;
            do {
                Thread.sleep(20); // polling a counter in a benchmark, not a test
                counts = outbox.counts();
            } while (counts.getOrDefault(DeliveryState.PENDING, 0L) > 0 && System.nanoTime() < deadline);
            double seconds = (System.nanoTime() - start) / 1e9;
            long delivered = counts.getOrDefault(DeliveryState.DELIVERED, 0L);

            report.append("Hub in-process (Spring Boot, ").append(database).append("), receiver in the same JVM; ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, other builds possibly running (see MachineCpu in the MLLP benchmark).\n\n")
                    .append("## Push delivery throughput\n\n")
                    .append("| outbox rows | people | written in | delivered | dead | receiver got | time | deliveries/s |\n")
                    .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
                    .append(String.format("| %d | %d | %.1f s | %d | %d | %d | %.2f s | **%.0f** |%n%n", pending, people + 1, writeSeconds, delivered,
                            counts.getOrDefault(DeliveryState.DEAD, 0L), received.get(), seconds, delivered / seconds));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + httpPort;
            String token = token(http, base, "mdt-frail-elderly", "mdt-frail-elderly-demo-secret");
            HttpRequest everything = HttpRequest.newBuilder(URI.create(base + "/fhir/Patient/" + patientId + "/$everything"))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").GET().build();
            int total = JSON.readTree(http.send(everything, HttpResponse.BodyHandlers.ofString()).body()).path("total").asInt();
            for (int i = 0; i < Math.max(30, requests / 5); i++) {
                http.send(everything, HttpResponse.BodyHandlers.ofString());
            }
            long[] micros = new long[requests];
            long bytes = 0;
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                HttpResponse<String> answer = http.send(everything, HttpResponse.BodyHandlers.ofString());
                micros[i] = (System.nanoTime() - t) / 1000;
                bytes = answer.body().length();
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("$everything answered " + answer.statusCode());
                }
            }
            Arrays.sort(micros);
            report.append("## `Patient/{id}/$everything`, one person with ").append(resources).append(" resources\n\n")
                    .append("| requests | total in Bundle | body | p50 | p99 | max |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n")
                    .append(String.format("| %d | %d | %d KB | %.1f ms | **%.1f ms** | %.1f ms |%n", requests, total, bytes / 1024,
                            micros[requests / 2] / 1000.0, micros[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1000.0,
                            micros[requests - 1] / 1000.0));
        } finally {
            hub.close();
            receiver.stop(0);
            if (pg != null) {
                pg.drop();
            }
        }
        System.out.println(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("deliver-benchmark.md"), report);
        System.exit(0);
    }

    private static void write(TransactionTemplate tx, SharedRecordStore store, List<RecordWrite> writes) {
        tx.executeWithoutResult(s -> store.writeAll(writes));
    }

    private static String token(HttpClient http, String base, String client, String secret) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        return json.path("access_token").asText();
    }

    private static Patient patient(String id, String nhs) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhs);
        patient.addName().setFamily("BENCH").addGiven("SYNTHETIC");
        RecordMeta.stamp(patient, RecordMeta.source("cddft", "bench-" + id), "demographics");
        return patient;
    }

    private static Observation observation(String id, String patientId, int n) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "2345-7", "Glucose")));
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setValue(new Quantity(4.0 + (n % 50) / 10.0).setUnit("mmol/L"));
        RecordMeta.stamp(observation, RecordMeta.source("cddft", "bench-" + id), "observations");
        return observation;
    }

    private static Resource encounter(String id, String patientId) {
        Encounter encounter = new Encounter();
        encounter.setId(id);
        encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
        encounter.setSubject(new Reference("Patient/" + patientId));
        RecordMeta.stamp(encounter, RecordMeta.source("cddft", "bench-" + id), "encounters");
        return encounter;
    }
}
