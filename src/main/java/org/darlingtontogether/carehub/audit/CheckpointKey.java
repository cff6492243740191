package org.darlingtontogether.carehub.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.darlingtontogether.carehub.config.SecretReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The key that signs retention checkpoints (HMAC-SHA256): {@code carehub.audit.checkpoint-key-ref}, or for the embedded
 * default a key generated once into {@code data/audit-checkpoint.key}, readable by the hub's user only.
 */
@Component
public class CheckpointKey {

    static final Path EMBEDDED = Path.of("data", "audit-checkpoint.key");
    private static final Logger log = LoggerFactory.getLogger(CheckpointKey.class);

    private final AuditProperties properties;
    private volatile byte[] key;

    public CheckpointKey(AuditProperties properties) {
        this.properties = properties;
    }

    /** HMAC-SHA256 of the text, hex. */
    public String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private byte[] key() {
        if (key == null) {
            String reference = properties.getCheckpointKeyRef();
            key = (reference == null || reference.isBlank() ? embedded() : SecretReference.resolve(reference)).getBytes(StandardCharsets.UTF_8);
        }
        return key;
    }

    private static synchronized String embedded() {
        try {
            if (!Files.exists(EMBEDDED)) {
                Files.createDirectories(EMBEDDED.getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(EMBEDDED, HexFormat.of().formatHex(random), StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(EMBEDDED, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own permissions protect it
                }
                log.warn("generated the audit checkpoint key {}: set carehub.audit.checkpoint-key-ref outside the embedded default", EMBEDDED);
            }
            return Files.readString(EMBEDDED, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit checkpoint key " + EMBEDDED, e);
        }
    }
}
