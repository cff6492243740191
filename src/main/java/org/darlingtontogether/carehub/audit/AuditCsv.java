package org.darlingtontogether.carehub.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * Writes audit rows as CSV (RFC 4180): a header naming every column of {@code audit_event}, chain columns included,
 * then one line per row as it comes from {@link AuditSearch#stream}, so the export is never held in memory. Instants
 * are ISO-8601 UTC; an empty field is a null.
 */
@Component
public class AuditCsv {

    /** The header: the columns of {@link AuditRow#COLUMNS}, in that order. */
    public static final String[] HEADER = Arrays.stream(AuditRow.COLUMNS.split(",")).map(String::strip).toArray(String[]::new);

    private final AuditSearch search;

    public AuditCsv(AuditSearch search) {
        this.search = search;
    }

    /** Writes every row the filter matches, oldest id first; answers how many. */
    public long write(AuditSearch.Filter filter, Writer out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get());
        try {
            long rows = search.stream(filter, row -> print(csv, row));
            csv.flush();
            return rows;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void print(CSVPrinter csv, AuditRow r) {
        try {
            csv.printRecord(r.id(), r.recordedAt(), r.action(), r.actor(), r.purpose(), r.partner(), r.nhsNumber(), r.entityType(),
                    r.entityId(), r.entityVersion(), r.category(), r.outcome(), r.rule(), r.agreementId(), r.agreementVersion(), r.detail(),
                    r.chainSeq(), r.prevHash(), r.rowHash(), r.entityCount(), r.entityRefs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
