package org.darlingtontogether.carehub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.darlingtontogether.carehub.support.HubProcess;

/**
 * The packaged hub as its own process, as it runs in production: {@code java -Xmx512m} with
 * {@link #PRODUCTION_JVM_OPTIONS} {@code -jar carehub.jar}, with the simulators off, free ports, a fresh H2 file
 * database (application.yml's URL, {@link HubProcess#embeddedDatabaseUrl}) in a temporary folder, the repository root as
 * working directory (routes/ and mappings/ are read from there), and a GC log for its heap. The benchmark reads the
 * hub's own counters through the actuator with an operations token, and its shared record through the FHIR API with
 * a consumer token; both clients get one-off secrets on the command line, so no credential file is needed.
 */
final class HubUnderTest implements AutoCloseable {

    /**
     * The production command's JVM options (deploy/README.md): thread priorities applied, so processing yields to the
     * intake (InboxProcessor), at nice 19; G1 regions of 8 MB and a fixed marking threshold, so H2's store buffers
     * (1-7 MB each, several a second) are no humongous objects starting a collection and a marking cycle each
     * (docs/benchmarks.md, "Fewer collector pauses", "A smaller page cache").
     */
    static final List<String> PRODUCTION_JVM_OPTIONS = List.of("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19",
            "-XX:G1HeapRegionSize=8m", "-XX:-G1UseAdaptiveIHOP", "-XX:InitiatingHeapOccupancyPercent=60");

    static final String OPS_CLIENT = "hub-ops";
    static final String CONSUMER_CLIENT = "care-hub";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jar;
    private final Path workDir;
    private final Path dataDir;
    private final String heap;
    private final String h2Options;
    private final List<String> datasourceArgs;
    private final List<String> extraArgs;
    private final int httpPort = freePort();
    private final int mllpPort = freePort();
    private final String opsSecret = randomSecret();
    private final String consumerSecret = randomSecret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private String opsToken;
    private String consumerToken;

    /**
     * @param h2Options set in the H2 URL, replacing its own setting of a key (e.g. {@code ;CACHE_SIZE=16384}) or
     *                  appended (e.g. {@code ;RETENTION_TIME=0}), for what-if runs; normally empty
     * @param datasourceArgs the hub's datasource settings when not the embedded H2 file (e.g. a PostgreSQL schema); empty for H2
     * @param extraArgs more hub arguments (e.g. {@code --carehub.handoff.uri=...}), for what-if runs; normally none
     */
    HubUnderTest(Path jar, Path workDir, Path dataDir, String heap, String h2Options, List<String> datasourceArgs,
                 List<String> extraArgs) {
        this.jar = jar;
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.heap = heap;
        this.h2Options = h2Options;
        this.datasourceArgs = datasourceArgs;
        this.extraArgs = extraArgs;
    }

    void start(Duration timeout) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no hub jar at " + jar.toAbsolutePath()
                    + ": build it first (mvn -DskipTests package) or pass -Dbench.jar=...");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(PRODUCTION_JVM_OPTIONS);
        // what-if: more JVM options for the hub (a collector, say), e.g. -Dbench.hub.jvm="-XX:+UseZGC"
        String jvmOptions = System.getProperty("bench.hub.jvm", "").strip();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-Xlog:gc:file=" + gcLog() + "::filecount=0",
                "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + httpPort,
                "--carehub.partners.cddft.mllp.port=" + mllpPort,
                "--carehub.partners.cddft.mllp.host=127.0.0.1",
                "--carehub.demo.enabled=false",
                "--carehub.operators." + OPS_CLIENT + ".client-secret={noop}" + opsSecret,
                "--carehub.consumers." + CONSUMER_CLIENT + ".client-secret={noop}" + consumerSecret,
                "--carehub.security.token-ttl=6h"));
        if (datasourceArgs.isEmpty()) {
            command.add("--spring.datasource.url=" + HubProcess.withOptions(HubProcess.embeddedDatabaseUrl(databaseBase()), h2Options));
        } else {
            command.addAll(datasourceArgs);
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(accepts(mllpPort) && healthUp())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue() + "; see " + logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("hub not up within " + timeout.toSeconds() + " s; see " + logFile());
            }
            Thread.sleep(250);
        }
        opsToken = token(OPS_CLIENT, opsSecret);
        consumerToken = token(CONSUMER_CLIENT, consumerSecret);
    }

    int mllpPort() {
        return mllpPort;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Path dataDir() {
        return dataDir;
    }

    Path gcLog() {
        return dataDir.resolve("hub-gc.log").toAbsolutePath();
    }

    Path logFile() {
        return dataDir.resolve("hub.log").toAbsolutePath();
    }

    /** The H2 database's base name (H2 adds {@code .mv.db}). */
    Path databaseBase() {
        return dataDir.resolve("carehub").toAbsolutePath();
    }

    long databaseFileBytes() {
        try {
            return Files.size(Path.of(databaseBase() + ".mv.db"));
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The hub's counter {@code carehub.feed.messages{partner=cddft, outcome=...}}: how many messages reached that
     * outcome since the hub started (0 before the first one).
     */
    double feedCounter(String outcome) throws IOException, InterruptedException {
        return feedCounter("cddft", outcome);
    }

    /** The counter {@code carehub.feed.messages{partner, outcome}} of any partner (dbc's SFTP feed, phd's FHIR feed). */
    double feedCounter(String partner, String outcome) throws IOException, InterruptedException {
        JsonNode body = actuator("/actuator/metrics/carehub.feed.messages?tag=partner:" + partner + "&tag=outcome:" + outcome);
        return body == null ? 0 : body.path("measurements").path(0).path("value").asDouble(0);
    }

    /**
     * Messages with an outcome: in the record (processed), or parked as quarantined, withheld or failed. The failed
     * counter also counts intake refusals (AE); measured messages are all answered AA, so within a measured phase its
     * increase is processing failures only.
     */
    double settled() throws IOException, InterruptedException {
        return feedCounter("processed") + feedCounter("quarantined") + feedCounter("withheld") + feedCounter("failed");
    }

    /** Heap in use now (all heap pools), in bytes; -1 when the actuator does not answer. */
    double heapUsedBytes() throws IOException, InterruptedException {
        JsonNode body = actuator("/actuator/metrics/jvm.memory.used?tag=area:heap");
        return body == null ? -1 : body.path("measurements").path(0).path("value").asDouble(-1);
    }

    /** Inbox rows still waiting for processing (RECEIVED), read through the operations API; at most {@code limit}. */
    int receivedBacklog(int limit) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/ops/inbox?state=RECEIVED&partner=cddft&limit=" + limit, opsToken());
        if (response.statusCode() != 200) {
            return -1;
        }
        return JSON.readTree(response.body()).size();
    }

    /** Whether the shared record answers a FHIR Patient search by this NHS number with at least one Patient. */
    boolean patientQueryable(String nhsNumber) throws IOException, InterruptedException {
        String query = URLEncoder.encode("https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber, StandardCharsets.UTF_8);
        HttpResponse<String> response = get("/fhir/Patient?identifier=" + query, consumerToken);
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode bundle = JSON.readTree(response.body());
        for (JsonNode entry : bundle.path("entry")) {
            if ("Patient".equals(entry.path("resource").path("resourceType").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The hub's CPU time so far (user + system), from /proc; -1 where there is no /proc. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes read and written so far through file and socket calls ({@code rchar}, {@code wchar}). */
    record IoBytes(long read, long written) {
    }

    /**
     * What the hub has read and written so far (/proc/&lt;pid&gt;/io), or null where there is no such file or it lacks
     * either count. Its database file and journal are most of the writes: how much the store writes a message is the
     * part of its work that the CPU figures, noisy on a shared machine, hide.
     */
    IoBytes ioBytes() {
        long read = -1;
        long written = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io"))) {
                if (line.startsWith("rchar:")) {
                    read = Long.parseLong(line.substring(6).strip());
                } else if (line.startsWith("wchar:")) {
                    written = Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return read < 0 || written < 0 ? null : new IoBytes(read, written);
    }

    /** Starts a Java Flight Recorder recording (default settings: ~1% overhead, CPU samples every 20 ms) in the hub, written to {@code file} on stop. */
    void startFlightRecording(Path file) throws IOException, InterruptedException {
        jcmd("JFR.start", "name=bench", "settings=default", "filename=" + file.toAbsolutePath());
    }

    /**
     * Starts and stops an empty recording. The first recording in a JVM instruments the JDK's I/O classes, which
     * throws away compiled code; doing it before the warm-up keeps that cost out of the profiled run.
     */
    void initialiseFlightRecorder() throws IOException, InterruptedException {
        jcmd("JFR.start", "name=init", "settings=default");
        jcmd("JFR.stop", "name=init");
    }

    void stopFlightRecording() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=bench");
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(process.pid()));
        command.addAll(List.of(args));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("jcmd.log").toFile())).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd " + String.join(" ", args) + " did not finish");
        }
        if (jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " exited " + jcmd.exitValue());
        }
    }

    /** SIGTERM and wait (the hub closes its database cleanly), SIGKILL after 60 s. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    private JsonNode actuator(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path, opsToken());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException(path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'))
                    + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private String opsToken() {
        return opsToken;
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String token(String clientId, String secret) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new IllegalStateException("token endpoint refused " + clientId + ": HTTP " + response.statusCode());
        }
        return body.get("access_token").asText();
    }

    private boolean healthUp() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
