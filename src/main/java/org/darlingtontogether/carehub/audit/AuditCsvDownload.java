package org.darlingtontogether.carehub.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Audit rows as a CSV attachment ({@code audit-<time>.csv}), streamed as they are read ({@link AuditCsv}), and the
 * download recorded as a disclosure ({@link AuditExports}), also when it stops part way: the one way both the API
 * ({@code /api/audit/export.csv}) and the IG console send a download.
 */
@Component
public class AuditCsvDownload {

    private final AuditCsv csv;
    private final AuditExports exports;
    private final Clock clock;

    @Autowired
    public AuditCsvDownload(AuditCsv csv, AuditExports exports) {
        this(csv, exports, Clock.systemUTC());
    }

    AuditCsvDownload(AuditCsv csv, AuditExports exports, Clock clock) {
        this.csv = csv;
        this.exports = exports;
        this.clock = clock;
    }

    /** @param how the kind of disclosure for the audit row, e.g. {@code csv} or {@code console-csv} */
    public void send(String how, AuditSearch.Filter filter, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-"
                + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + ".csv\"");
        long rows = 0;
        boolean ok = false;
        try {
            Writer out = response.getWriter();
            rows = csv.write(filter, out);
            out.flush();
            ok = true;
        } finally {
            exports.record(how, filter, rows, ok);
        }
    }
}
