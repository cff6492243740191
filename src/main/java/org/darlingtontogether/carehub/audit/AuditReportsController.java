package org.darlingtontogether.carehub.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Audit rows and reports for the IG role (scope {@code audit}, by the security configuration): {@code GET
 * /api/audit/events}, {@code /export.csv}, {@code /reports/sharing}, {@code /reports/sharing-per-day},
 * {@code /reports/subject-access} and {@code /reports/unusual-access} (README, "Audit exports and reports").
 * {@code from} and {@code to} are ISO dates (whole Europe/London days) or instants ({@link AuditTimes}); a bad
 * parameter answers 400 with a problem ({@code application/problem+json}) saying which and why. Every disclosure of
 * rows (events, CSV, subject access) appends an {@code AUDIT_EXPORTED} row; the aggregate reports hold no person.
 */
@RestController
@RequestMapping(path = "/api/audit")
public class AuditReportsController {

    /** Reports without {@code from} cover this long before {@code to}. */
    static final Duration DEFAULT_REPORT_WINDOW = Duration.ofDays(30);

    private final AuditSearch search;
    private final AuditReports reports;
    private final AuditCsvDownload download;
    private final AuditExports exports;
    private final Clock clock;

    @Autowired
    public AuditReportsController(AuditSearch search, AuditReports reports, AuditCsvDownload download, AuditExports exports) {
        this(search, reports, download, exports, Clock.systemUTC());
    }

    AuditReportsController(AuditSearch search, AuditReports reports, AuditCsvDownload download, AuditExports exports, Clock clock) {
        this.search = search;
        this.reports = reports;
        this.download = download;
        this.exports = exports;
        this.clock = clock;
    }

    /** Rows newest first, {@code limit} (1 to 1000, default 100) at a time; page on with {@code before} = the last id seen. */
    @GetMapping(path = "/events", produces = "application/json")
    public List<AuditRow> events(@RequestParam(required = false) String nhsNumber, @RequestParam(required = false) String actor,
                                 @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
                                 @RequestParam(required = false) String partner, @RequestParam(required = false) String category,
                                 @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                 @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
        AuditSearch.Filter filter = filter(nhsNumber, actor, action, outcome, partner, category, from, to);
        List<AuditRow> rows = search.page(filter, before, limit);
        exports.record("events", filter, rows.size(), true);
        return rows;
    }

    /** Every matching row, oldest first, as a CSV attachment streamed as it is read; the same filters as {@code /events}. */
    @GetMapping("/export.csv")
    public void exportCsv(@RequestParam(required = false) String nhsNumber, @RequestParam(required = false) String actor,
                          @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
                          @RequestParam(required = false) String partner, @RequestParam(required = false) String category,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          HttpServletResponse response) throws IOException {
        download.send("csv", filter(nhsNumber, actor, action, outcome, partner, category, from, to), response);
    }

    /** Decisions shared and withheld by partner, consumer, category and rule, and quarantines by partner. */
    @GetMapping(path = "/reports/sharing", produces = "application/json")
    public AuditReports.Sharing sharing(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] window = reportWindow(from, to);
        return reports.sharing(window[0], window[1]);
    }

    /** Reads and deliveries shared and withheld per Europe/London date (at most 400 days). */
    @GetMapping(path = "/reports/sharing-per-day", produces = "application/json")
    public List<AuditReports.Day> sharingPerDay(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] window = reportWindow(from, to);
        if (Duration.between(window[0], window[1]).toDays() > 400) {
            throw new IllegalArgumentException("sharing-per-day covers at most 400 days: narrow from and to");
        }
        return reports.sharingPerDay(window[0], window[1]);
    }

    /** Who read or was sent what about one person and when, newest first; all time unless {@code from}/{@code to} narrow it. */
    @GetMapping(path = "/reports/subject-access", produces = "application/json")
    public List<AuditReports.Access> subjectAccess(@RequestParam(required = false) String nhsNumber,
                                                   @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        String person = NhsNumber.of(nhsNumber).value();
        Instant start = AuditTimes.from(from);
        Instant end = AuditTimes.to(to);
        start = start == null ? Instant.EPOCH : start;
        end = end == null ? Instant.now(clock).plusSeconds(1) : end;
        AuditTimes.checkWindow(start, end);
        List<AuditReports.Access> access = reports.subjectAccess(person, start, end);
        exports.record("subject-access", new AuditSearch.Filter(start, end, person, null, null, null, null, null), access.size(), true);
        return access;
    }

    /** Per consumer: people read in the window against its usual daily rate, flagged when unusual. */
    @GetMapping(path = "/reports/unusual-access", produces = "application/json")
    public List<AuditReports.Unusual> unusualAccess(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] window = reportWindow(from, to);
        return reports.unusualAccess(window[0], window[1]);
    }

    private AuditSearch.Filter filter(String nhsNumber, String actor, String action, String outcome, String partner, String category,
                                      String from, String to) {
        Instant start = AuditTimes.from(from);
        Instant end = AuditTimes.to(to);
        AuditTimes.checkWindow(start, end);
        return AuditSearch.Filter.checked(start, end, nhsNumber, actor, action, outcome, partner, category);
    }

    /** {@code to} defaults to now, {@code from} to {@link #DEFAULT_REPORT_WINDOW} before {@code to}. */
    private Instant[] reportWindow(String from, String to) {
        Instant end = AuditTimes.to(to);
        end = end == null ? Instant.now(clock) : end;
        Instant start = AuditTimes.from(from);
        start = start == null ? end.minus(DEFAULT_REPORT_WINDOW) : start;
        AuditTimes.checkWindow(start, end);
        return new Instant[] {start, end};
    }

    @ExceptionHandler(NhsNumber.InvalidNhsNumberException.class)
    ProblemDetail invalidNhsNumber(NhsNumber.InvalidNhsNumberException e) {
        ProblemDetail problem = problem("invalid-nhs-number", "Invalid NHS number", e.getMessage());
        problem.setProperty("field", "nhsNumber");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem("bad-request", "Bad request", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem("bad-request", "Bad request", e.getName() + " must be a whole number");
        problem.setProperty("field", e.getName());
        return problem;
    }

    private static ProblemDetail problem(String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("urn:carehub:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
