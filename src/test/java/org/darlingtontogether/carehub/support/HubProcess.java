package org.darlingtontogether.carehub.support;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The hub as its own operating-system process, started from the built jar, so a test can kill it with SIGKILL
 * ({@link #kill()}) and start it again on the same database.
 */
public final class HubProcess implements AutoCloseable {

    private final Path jar;
    private final Path dataDir;
    private final int httpPort;
    private final int mllpPort;
    private final List<String> extraArgs;
    private final Path logFile;
    /** Null: the write delay application.yml's URL sets. */
    private Integer writeDelayMillis;
    private Process process;

    public HubProcess(Path dataDir, List<String> extraArgs) {
        this.jar = Path.of(System.getProperty("carehub.jar", "target/carehub.jar"));
        this.dataDir = dataDir;
        this.httpPort = HubTestBase.freePort();
        this.mllpPort = HubTestBase.freePort();
        this.extraArgs = extraArgs;
        this.logFile = dataDir.resolve("hub.log");
    }

    /** H2's write delay for the next start (the embedded default's, as application.yml sets it, unless set). */
    public HubProcess withWriteDelay(int millis) {
        this.writeDelayMillis = millis;
        return this;
    }

    /** Everything the hub has logged so far, over all its starts. */
    public String log() throws IOException {
        return Files.readString(logFile);
    }

    public HubProcess start(String... moreArgs) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no hub jar at " + jar.toAbsolutePath() + ": run mvn package (failsafe runs after it)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + httpPort,
                "--carehub.partners.cddft.mllp.port=" + mllpPort,
                "--carehub.partners.cddft.mllp.host=127.0.0.1",
                "--carehub.demo.enabled=false",
                "--spring.datasource.url=" + databaseUrl()));
        command.addAll(extraArgs);
        command.addAll(List.of(moreArgs));
        process = new ProcessBuilder(command)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        // -Dcarehub.test.hub-start-seconds=600 on a shared, busy machine, where a start has taken minutes
        try {
            Awaitility.await("hub listening").atMost(Duration.ofSeconds(Long.getLong("carehub.test.hub-start-seconds", 180))).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("hub exited with " + process.exitValue() + "; log: " + logTail());
                }
                return accepts(mllpPort) && health().contains("\"UP\"");
            });
        } catch (RuntimeException notUp) {
            // a hub that never came up is not left running behind the test
            process.destroyForcibly();
            throw notUp;
        }
        return this;
    }

    private String databaseUrl() throws IOException {
        String shipped = embeddedDatabaseUrl(dataDir.resolve("carehub"));
        return writeDelayMillis == null ? shipped : withOptions(shipped, ";WRITE_DELAY=" + writeDelayMillis);
    }

    /**
     * An H2 URL with more options ({@code ;KEY=VALUE;...}): each replaces the URL's own setting of that key, if it has
     * one (H2 refuses a URL that names a key twice), or is appended.
     */
    public static String withOptions(String url, String options) {
        String result = url;
        for (String option : options.split(";")) {
            if (option.isBlank()) {
                continue;
            }
            if (option.indexOf('=') < 1) {
                throw new IllegalArgumentException("an H2 option is KEY=VALUE: " + option);
            }
            String key = option.substring(0, option.indexOf('=') + 1);
            Matcher own = Pattern.compile(";" + Pattern.quote(key) + "[^;]*").matcher(result);
            result = own.find() ? own.replaceFirst(Matcher.quoteReplacement(";" + option)) : result + ";" + option;
        }
        return result;
    }

    /**
     * The embedded default's URL as application.yml has it, with every option the hub ships with, on another database
     * file ({@code base}: the file's path without {@code .mv.db}), so a test or benchmark runs the hub as shipped.
     */
    public static String embeddedDatabaseUrl(Path base) throws IOException {
        String yml = Files.readString(Path.of(System.getProperty("user.dir"), "src", "main", "resources", "application.yml"));
        Matcher url = Pattern.compile("url: (jdbc:h2:file:\\./data/carehub;\\S+)").matcher(yml);
        if (!url.find()) {
            throw new IllegalStateException("no embedded H2 URL (jdbc:h2:file:./data/carehub;...) in application.yml");
        }
        return url.group(1).replace("./data/carehub", base.toAbsolutePath().toString());
    }

    /** The options of application.yml's embedded URL ({@code WRITE_DELAY=...;CACHE_SIZE=...;...}), for reports to name. */
    public static String embeddedDatabaseOptions() throws IOException {
        String url = embeddedDatabaseUrl(Path.of("carehub"));
        return url.substring(url.indexOf(';') + 1);
    }

    /** SIGTERM, as an operator stops the hub: waits for it to end. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("hub still running 120 s after SIGTERM; log: " + logTail());
        }
    }

    /** SIGKILL: no shutdown hooks, no flushing, as when a machine's process is killed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int mllpPort() {
        return mllpPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A bearer token for a configured client (client credentials grant). */
    public String token(String clientId, String secret) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        int start = body.indexOf("\"access_token\":\"");
        if (start < 0) {
            throw new IllegalStateException("no token issued: " + body);
        }
        start += "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    /** GET with a bearer token; returns the body (FHIR JSON). */
    public String get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String health() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).GET().build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
