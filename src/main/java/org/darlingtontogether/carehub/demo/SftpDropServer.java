package org.darlingtontogether.carehub.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A partner's SFTP drop on loopback (Apache MINA SSHD): one user with a password, a folder as the user's whole file
 * system, and a host key kept in a file so the known_hosts line stays valid across restarts. Stands in for the
 * council's server in the demo (and in tests).
 */
public final class SftpDropServer implements AutoCloseable {

    private final SshServer server;
    private final Path root;

    private SftpDropServer(SshServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /**
     * Starts the server on 127.0.0.1.
     *
     * @param root    the folder the user sees as {@code /}
     * @param hostKey where the host key is kept (generated when absent)
     * @param port    the port, or 0 for any free one
     */
    public static SftpDropServer start(Path root, Path hostKey, int port, String username, String password) throws IOException {
        Files.createDirectories(root);
        if (hostKey.getParent() != null) {
            Files.createDirectories(hostKey.getParent());
        }
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm("EC");
        keys.setKeySize(256);
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((user, pass, session) -> username.equals(user) && password.equals(pass));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.start();
        return new SftpDropServer(server, root);
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    /** The line a client's known_hosts needs to trust this server: {@code [127.0.0.1]:port <type> <key>}. */
    public String knownHostsLine() throws IOException {
        return knownHostsLine(port(), hostKey());
    }

    public static String knownHostsLine(int port, PublicKey key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key);
    }

    /** Writes a known_hosts file trusting this server (and nothing else). */
    public Path writeKnownHosts(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return Files.writeString(file, knownHostsLine() + "\n", StandardCharsets.US_ASCII);
    }

    public PublicKey hostKey() throws IOException {
        try {
            KeyPair pair = server.getKeyPairProvider().loadKeys(null).iterator().next();
            return pair.getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the host key", e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
