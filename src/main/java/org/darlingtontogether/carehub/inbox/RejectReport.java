package org.darlingtontogether.carehub.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The reject report written back to a partner's {@code failed/} folder: a CSV of {@code row,reason} (row numbers as a
 * spreadsheet shows the file: the header is row 1). Reasons name the column and the rule, never the value. Holds at
 * most {@link #LIMIT} lines and counts the rest: every rejected row is also kept in the inbox as FAILED.
 */
final class RejectReport {

    static final int LIMIT = 10_000;

    private final StringBuilder text = new StringBuilder();
    private final CSVPrinter printer;
    private long count;

    RejectReport() {
        try {
            printer = new CSVPrinter(text, CSVFormat.RFC4180);
            printer.printRecord("row", "reason");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void reject(String row, String reason) {
        count++;
        if (count > LIMIT) {
            return;
        }
        try {
            printer.printRecord(row, reason);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long count() {
        return count;
    }

    /** The report, or null when nothing was rejected. */
    String text() {
        if (count == 0) {
            return null;
        }
        if (count > LIMIT) {
            reject("", (count - LIMIT) + " more rejected rows are listed in the hub's inbox as FAILED");
        }
        return text.toString();
    }
}
