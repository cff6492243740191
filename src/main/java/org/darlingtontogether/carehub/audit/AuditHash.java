package org.darlingtontogether.carehub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain's hash, SHA-256, over values each length-prefixed so that no two different rows can be written the same.
 * Sealing and verification both use this. Two schemes, recorded on each seal ({@code audit_seal.hash_scheme}):
 * <ul>
 * <li>{@link #WHOLE_ROW} (seals made before V16): the previous row's hash, the row's chain position and every column
 * of the row;</li>
 * <li>{@link #DIGEST} (since V16): the previous row's hash, the chain position and the row's {@link #content digest},
 * which the trail computes as it appends the row, so the sealer need not read the row back.</li>
 * </ul>
 */
public final class AuditHash {

    /** The {@code prev_hash} of the first row of a chain that has no checkpoint before it. */
    public static final String GENESIS = "0".repeat(64);

    public static final int WHOLE_ROW = 1;
    public static final int DIGEST = 2;

    private AuditHash() {
    }

    /** The hash of {@code row} sealed at {@code chainSeq} after {@code prevHash}, by {@code scheme}. */
    public static String of(int scheme, String prevHash, long chainSeq, AuditRow row) {
        return switch (scheme) {
            case WHOLE_ROW -> wholeRow(prevHash, chainSeq, row);
            case DIGEST -> chained(prevHash, chainSeq, content(row));
            default -> throw new IllegalArgumentException("no audit hash scheme " + scheme);
        };
    }

    /** {@link #WHOLE_ROW}. */
    static String wholeRow(String prevHash, long chainSeq, AuditRow row) {
        StringBuilder text = position(prevHash, chainSeq, 256);
        appendContent(text, row);
        return sha256(text.toString());
    }

    /** {@link #DIGEST}: the seal over a row's {@link #content digest}. */
    static String chained(String prevHash, long chainSeq, String contentHash) {
        StringBuilder text = position(prevHash, chainSeq, 160);
        append(text, contentHash);
        return sha256(text.toString());
    }

    /** What every seal's hash begins with: the previous row's hash and this row's chain position. */
    private static StringBuilder position(String prevHash, long chainSeq, int capacity) {
        StringBuilder text = new StringBuilder(capacity);
        append(text, prevHash);
        append(text, Long.toString(chainSeq));
        return text;
    }

    /** The digest of a row's own columns, id included, chain columns not. */
    static String content(AuditRow row) {
        StringBuilder text = new StringBuilder(192);
        appendContent(text, row);
        return sha256(text.toString());
    }

    private static void appendContent(StringBuilder text, AuditRow row) {
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
