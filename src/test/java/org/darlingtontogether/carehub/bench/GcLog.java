package org.darlingtontogether.carehub.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code -Xlog:gc} log: each collection line says heap used before and after and the committed size,
 * e.g. {@code Pause Young (Normal) (G1 Evacuation Pause) 301M->42M(512M) 4.1ms}. The largest "before" is the peak
 * heap in use; the largest "after" bounds what the hub kept (a young pause leaves old-generation garbage in place, so
 * it is an upper bound of the live set, not the live set).
 */
final class GcLog {

    private static final Pattern HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)(?:\\s+([\\d.]+)ms)?");

    /** Collections seen in a stretch of the log. Sizes in bytes, -1 when there was no collection. */
    record Summary(int collections, long peakBeforeBytes, long peakAfterBytes, long committedBytes, double pauseMillis,
                   int fullCollections) {
    }

    private final Path file;

    GcLog(Path file) {
        this.file = file;
    }

    /** Where the log ends now, to read a later stretch from. */
    long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    Summary since(long offset) {
        int count = 0;
        int full = 0;
        long peakBefore = -1;
        long peakAfter = -1;
        long committed = -1;
        double pauses = 0;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(Math.min(offset, in.length()));
            byte[] rest = new byte[(int) (in.length() - in.getFilePointer())];
            in.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = HEAP.matcher(line);
                if (!line.contains("Pause") || !m.find()) {
                    continue;
                }
                count++;
                if (line.contains("Pause Full")) {
                    full++;
                }
                peakBefore = Math.max(peakBefore, bytes(m.group(1), m.group(2)));
                peakAfter = Math.max(peakAfter, bytes(m.group(3), m.group(4)));
                committed = Math.max(committed, bytes(m.group(5), m.group(6)));
                if (m.group(7) != null) {
                    pauses += Double.parseDouble(m.group(7));
                }
            }
        } catch (IOException e) {
            return new Summary(0, -1, -1, -1, 0, 0);
        }
        return new Summary(count, peakBefore, peakAfter, committed, pauses, full);
    }

    private static long bytes(String value, String unit) {
        long v = Long.parseLong(value);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }
}
