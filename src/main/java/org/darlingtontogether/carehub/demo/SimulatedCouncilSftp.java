package org.darlingtontogether.carehub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.parse.TextEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The council's SFTP drop for a newcomer's first run: an SFTP server on loopback (Apache MINA SSHD) with a host key
 * kept under {@code data/demo-sftp/} and a known_hosts file trusting it, and last night's extracts (people, packages
 * of care, assessments, carers) about some of the simulated hospital's people, written as the council writes them
 * ({@code NAME.csv.part}, then renamed). The dbc feed is pointed at it, so it runs exactly as against the council.
 * Only when no real council host is configured; off with {@code carehub.demo.enabled=false}.
 */
@Component
@ConditionalOnProperty(prefix = "carehub.demo", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SimulatedCouncilSftp implements AutoCloseable {

    static final String USER = "darlington-council";
    private static final int PEOPLE = 24;
    private static final Logger log = LoggerFactory.getLogger(SimulatedCouncilSftp.class);

    private final SftpDropServer server;
    private final Path outbox;

    public SimulatedCouncilSftp(CarehubProperties properties, ConfigurableEnvironment environment) throws IOException {
        CarehubProperties.Partner dbc = properties.getPartners().computeIfAbsent("dbc", p -> new CarehubProperties.Partner());
        if (dbc.getSftp() == null) {
            dbc.setSftp(new CarehubProperties.Sftp());
        }
        CarehubProperties.Sftp sftp = dbc.getSftp();
        if (sftp.isEnabled()) {
            log.info("Simulated council SFTP drop not started: carehub.partners.dbc.sftp.host is set");
            server = null;
            outbox = null;
            return;
        }
        Path base = Path.of("data", "demo-sftp");
        Path root = base.resolve("council");
        wipe(root);
        // a fresh password each run, known only to this process
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        server = SftpDropServer.start(root, base.resolve("host-key.pem"), 0, USER, password);
        Path knownHosts = server.writeKnownHosts(base.resolve("known_hosts"));
        outbox = Files.createDirectories(root.resolve(sftp.getDirectory()));

        sftp.setHost("127.0.0.1");
        sftp.setPort(server.port());
        sftp.setUsername(USER);
        sftp.setPassword(password);
        sftp.setKnownHosts(knownHosts.toAbsolutePath().toString());
        sftp.setSimulated(true);
        // the route reads the same names through Camel's placeholders
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("carehub.partners.dbc.sftp.host", sftp.getHost());
        names.put("carehub.partners.dbc.sftp.port", sftp.getPort());
        names.put("carehub.partners.dbc.sftp.username", USER);
        names.put("carehub.partners.dbc.sftp.password", password);
        names.put("carehub.partners.dbc.sftp.known-hosts", sftp.getKnownHosts());
        names.put("carehub.partners.dbc.sftp.directory", sftp.getDirectory());
        names.put("carehub.partners.dbc.sftp.poll-delay", "5s");
        environment.getPropertySources().addFirst(new MapPropertySource("simulated-council-sftp", names));

        dropLastNightsExtracts(people());
    }

    /** Some of the simulated hospital's people (valid NHS numbers), so the record joins both partners' views. */
    static List<SyntheticPerson> people() {
        return SyntheticPopulation.create(SimulatedHospital.SEED, SyntheticAdt.DEFAULT_PEOPLE, 4, 2).people().stream()
                .filter(p -> p.nhsIntent() == SyntheticAdt.NhsIntent.VALID)
                .limit(PEOPLE)
                .toList();
    }

    private void dropLastNightsExtracts(List<SyntheticPerson> people) throws IOException {
        // people as the council writes since 2024 (UTF-8 with BOM); carers as an older Windows-1252 re-send
        drop("dbc_people_20260101.csv", true, StandardCharsets.UTF_8, out -> SyntheticExtracts.writePeople(out, people));
        drop("dbc_packages_20260101.csv", true, StandardCharsets.UTF_8, out -> SyntheticExtracts.writePackages(out, people));
        drop("dbc_assessments_20260101.csv", false, StandardCharsets.UTF_8, out -> SyntheticExtracts.writeAssessments(out, people));
        drop("dbc_carers_20260101.csv", false, TextEncoding.WINDOWS_1252, out -> SyntheticExtracts.writeCarers(out, people));
    }

    private interface Content {
        void write(Writer out) throws IOException;
    }

    private void drop(String name, boolean bom, java.nio.charset.Charset charset, Content content) throws IOException {
        Path part = outbox.resolve(name + ".part");
        try (var stream = Files.newOutputStream(part)) {
            if (bom) {
                stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            try (Writer out = new java.io.OutputStreamWriter(stream, charset)) {
                content.write(out);
            }
        }
        Files.move(part, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() {
        if (server != null) {
            log.info("Simulated council SFTP drop on 127.0.0.1:{}: last night's extracts are in {}; the dbc feed moves"
                    + " them to processed/ (reject reports in failed/)", server.port(), outbox.toAbsolutePath());
        }
    }

    private static void wipe(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
