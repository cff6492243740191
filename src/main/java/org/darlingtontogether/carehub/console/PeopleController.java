package org.darlingtontogether.carehub.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.audit.AuditExports;
import org.darlingtontogether.carehub.audit.AuditReports;
import org.darlingtontogether.carehub.audit.AuditSearch;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A person's access history, as a subject access request needs it: which consumer read or was sent which of the
 * person's records, when, for what purpose, and whether it was shared or withheld by which rule. The NHS number is
 * posted (never in an address, so never in a browser's history or an access log), checked before anything is read,
 * and the report itself is recorded in the audit trail as a disclosure.
 */
@Controller
class PeopleController {

    static final int DEFAULT_DAYS = 365;
    /** Rows shown on the page; the summary counts them all. */
    static final int SHOWN = 500;

    private final AuditReports reports;
    private final AuditExports exports;

    PeopleController(AuditReports reports, AuditExports exports) {
        this.reports = reports;
        this.exports = exports;
    }

    @GetMapping("/console/people")
    String form(Model model) {
        model.addAttribute("page", "people");
        model.addAttribute("from", ConsoleFormat.today().minusDays(DEFAULT_DAYS - 1L).toString());
        model.addAttribute("to", ConsoleFormat.today().toString());
        return "console/people";
    }

    @PostMapping("/console/people")
    String history(@RequestParam(name = "nhsNumber", required = false) String nhsNumber, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model) {
        model.addAttribute("page", "people");
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        String problem = NhsNumber.problemWith(nhsNumber);
        if (problem != null) {
            model.addAttribute("failure", "No history shown: " + problem + ".");
            return "console/people";
        }
        ConsolePeriod period;
        try {
            period = ConsolePeriod.of(from, to, DEFAULT_DAYS);
        } catch (IllegalArgumentException e) {
            model.addAttribute("failure", "No history shown: " + e.getMessage() + ".");
            return "console/people";
        }
        String person = NhsNumber.of(nhsNumber).value();
        List<AuditReports.Access> access = reports.subjectAccess(person, period.start(), period.end());
        exports.record("console-subject-access", new AuditSearch.Filter(period.start(), period.end(), person, null, null, null, null, null),
                access.size(), true);

        model.addAttribute("nhsNumber", ConsoleFormat.nhsNumber(person));
        model.addAttribute("from", period.from().toString());
        model.addAttribute("to", period.to().toString());
        model.addAttribute("period", period.describe());
        model.addAttribute("total", access.size());
        model.addAttribute("truncated", access.size() >= AuditReports.SUBJECT_ACCESS_LIMIT);
        model.addAttribute("shown", Math.min(SHOWN, access.size()));
        model.addAttribute("summary", summary(access));
        model.addAttribute("rows", access.stream().limit(SHOWN).map(AccessRow::of).toList());
        return "console/people";
    }

    /** Per consumer: records shared (read or sent), withheld, and the last time, most recent consumer first. */
    private static List<ConsumerSummary> summary(List<AuditReports.Access> access) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, String> last = new LinkedHashMap<>();
        for (AuditReports.Access a : access) { // newest first: the first row seen per consumer is its last
            String consumer = a.consumer() == null ? "(unknown)" : a.consumer();
            last.putIfAbsent(consumer, ConsoleFormat.time(a.when()));
            long[] c = counts.computeIfAbsent(consumer, k -> new long[3]);
            switch (a.action()) {
                case "READ", "DELIVERY" -> c["WITHHOLD".equals(a.outcome()) ? 1 : 0] += a.resources();
                case "RETRACTION_DUE" -> c[2]++;
                default -> { } // DELIVERED confirms a DELIVERY already counted
            }
        }
        return counts.entrySet().stream()
                .map(e -> new ConsumerSummary(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], last.get(e.getKey()))).toList();
    }

    record ConsumerSummary(String consumer, long shared, long withheld, long retracted, String last) {
    }

    record AccessRow(String when, String action, String consumer, String purpose, String record, String outcome, String rule) {
        static AccessRow of(AuditReports.Access a) {
            String record = ConsoleFormat.record(a.resourceType(), a.resourceId(), a.resourceVersion(), a.resources());
            return new AccessRow(ConsoleFormat.time(a.when()), ConsoleLabels.action(a.action()), a.consumer(), a.purpose(), record,
                    a.outcome(), a.rule());
        }
    }
}
