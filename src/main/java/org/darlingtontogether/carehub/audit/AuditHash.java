package org.darlingtontogether.carehub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain's hash: SHA-256 over the previous row's hash, the row's chain position and every content column, each
 * length-prefixed so that no two different rows can be written the same. Sealing and verification both use this.
 */
public final class AuditHash {

    /** The {@code prev_hash} of the first row of a chain that has no checkpoint before it. */
    public static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    public static String of(String prevHash, long chainSeq, AuditRow row) {
        StringBuilder text = new StringBuilder(256);
        append(text, prevHash);
        append(text, Long.toString(chainSeq));
        append(text, Long.toString(row.id()));
        append(text, row.recordedAt().toString());
        append(text, row.action());
        append(text, row.actor());
        append(text, row.purpose());
        append(text, row.partner());
        append(text, row.nhsNumber());
        append(text, row.entityType());
        append(text, row.entityId());
        append(text, row.entityVersion());
        append(text, row.category());
        append(text, row.outcome());
        append(text, row.rule());
        append(text, row.agreementId());
        append(text, row.agreementVersion());
        append(text, row.detail());
        // only rows about several resources have these; rows without them hash as before the columns existed
        if (row.entityCount() != null || row.entityRefs() != null) {
            append(text, row.entityCount() == null ? null : row.entityCount().toString());
            append(text, row.entityRefs());
        }
        return sha256(text.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void append(StringBuilder text, String value) {
        if (value == null) {
            text.append("-1:");
        } else {
            text.append(value.length()).append(':').append(value);
        }
        text.append('|');
    }
}
