package org.darlingtontogether.carehub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BiConsumer;
import org.darlingtontogether.carehub.demo.SftpDropServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SFTP server (Apache MINA SSHD) on a free loopback port for a test class, with a known_hosts file trusting
 * it; partners' folders under its root, written the way each partner writes (council: .part then rename; CCG: the
 * file, then an empty .ok done-file).
 */
public final class SftpDrop {

    public static final String USER = "carehub";
    public static final String PASSWORD = "sftp-test-secret";

    private final SftpDropServer server;
    private final Path knownHosts;
    private final Path workDirectory;

    public SftpDrop(Path dir) {
        try {
            server = SftpDropServer.start(dir.resolve("root"), dir.resolve("host-key.pem"), 0, USER, PASSWORD);
            knownHosts = server.writeKnownHosts(dir.resolve("known_hosts"));
            workDirectory = Files.createDirectories(dir.resolve("work"));
            Files.createDirectories(outbox("dbc"));
            Files.createDirectories(outbox("ccg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partner's feed pointed at this server ({@code <partner>/outbox}), polling every 200 ms. */
    public void register(DynamicPropertyRegistry registry, String partner) {
        register(registry, partner, knownHosts);
    }

    public void register(DynamicPropertyRegistry registry, String partner, Path knownHostsFile) {
        String prefix = "carehub.partners." + partner + ".sftp.";
        registry.add(prefix + "host", () -> "127.0.0.1");
        registry.add(prefix + "port", server::port);
        registry.add(prefix + "username", () -> USER);
        registry.add(prefix + "password", () -> PASSWORD);
        registry.add(prefix + "known-hosts", knownHostsFile::toString);
        registry.add(prefix + "directory", () -> partner + "/outbox");
        registry.add(prefix + "poll-delay", () -> "200ms");
        registry.add("carehub.sftp.work-directory", workDirectory::toString);
    }

    public Path outbox(String partner) {
        return server.root().resolve(partner).resolve("outbox");
    }

    public Path processed(String partner, String name) {
        return outbox(partner).resolve("processed").resolve(name);
    }

    public Path failed(String partner, String name) {
        return outbox(partner).resolve("failed").resolve(name);
    }

    /** As the council writes: {@code NAME.part}, then renamed to {@code NAME} once complete. */
    public void councilDrop(String name, String text, Charset charset) {
        councilDrop(name, text.getBytes(charset));
    }

    public void councilDrop(String name, byte[] bytes) {
        try {
            Path part = Files.write(outbox("dbc").resolve(name + ".part"), bytes);
            Files.move(part, outbox("dbc").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a council file by parts (a large one), then renames it. */
    public void councilDrop(String name, BiConsumer<Path, String> writer) {
        try {
            Path part = outbox("dbc").resolve(name + ".part");
            writer.accept(part, name);
            Files.move(part, outbox("dbc").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the CCG writes: the file, then an empty {@code NAME.ok}. */
    public void ccgDrop(String name, String text) {
        try {
            Files.writeString(outbox("ccg").resolve(name), text, StandardCharsets.UTF_8);
            Files.write(outbox("ccg").resolve(name + ".ok"), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SftpDropServer server() {
        return server;
    }

    public Path knownHosts() {
        return knownHosts;
    }
}
