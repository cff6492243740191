package org.darlingtontogether.carehub.console;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.darlingtontogether.carehub.audit.AuditReports;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The IG lead's reports for a period (the last 30 days unless the form says otherwise): sharing per day as a chart;
 * decisions shared and withheld by partner, consumer, category and rule; quarantines by partner; and consumers reading
 * unusually many people. Counts only: no person appears on this page.
 */
@Controller
class ReportsController {

    static final int DEFAULT_DAYS = 30;

    private final AuditReports reports;
    private final SharingChart chart;

    ReportsController(AuditReports reports, SharingChart chart) {
        this.reports = reports;
        this.chart = chart;
    }

    @GetMapping("/console/reports")
    String reports(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        model.addAttribute("page", "reports");
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        ConsolePeriod period;
        try {
            period = ConsolePeriod.of(from, to, DEFAULT_DAYS);
        } catch (IllegalArgumentException e) {
            model.addAttribute("failure", e.getMessage() + ".");
            return "console/reports";
        }
        model.addAttribute("from", period.from().toString());
        model.addAttribute("to", period.to().toString());
        model.addAttribute("period", period.describe());

        AuditReports.Sharing sharing = reports.sharing(period.start(), period.end());
        model.addAttribute("sharingChart", chart.render(period));
        model.addAttribute("byPartner", rows(sharing.byPartner()));
        model.addAttribute("byConsumer", rows(sharing.byConsumer()));
        model.addAttribute("byCategory", rows(sharing.byCategory()));
        model.addAttribute("byRule", rows(sharing.byRule()));
        model.addAttribute("quarantined", sharing.quarantinedByPartner());
        model.addAttribute("totalShared", sharing.byPartner().stream().mapToLong(AuditReports.Count::shared).sum());
        model.addAttribute("totalWithheld", sharing.byPartner().stream().mapToLong(AuditReports.Count::withheld).sum());
        model.addAttribute("totalQuarantined", sharing.quarantinedByPartner().stream().mapToLong(AuditReports.Quarantined::quarantined).sum());
        List<AuditReports.Unusual> unusual = reports.unusualAccess(period.start(), period.end());
        model.addAttribute("unusual", unusual.stream().map(UnusualRow::of).toList());
        model.addAttribute("flagged", unusual.stream().filter(AuditReports.Unusual::flagged).count());
        model.addAttribute("usualDays", AuditReports.USUAL_DAYS);
        return "console/reports";
    }

    /** Largest first, with the share of decisions that shared as a whole percentage for the table's bar. */
    private static List<CountRow> rows(List<AuditReports.Count> counts) {
        return counts.stream().map(CountRow::of)
                .sorted(Comparator.comparingLong(CountRow::total).reversed().thenComparing(CountRow::key)).toList();
    }

    record CountRow(String key, long shared, long withheld, long total, int sharedPercent) {
        static CountRow of(AuditReports.Count count) {
            long total = count.shared() + count.withheld();
            return new CountRow(count.key(), count.shared(), count.withheld(), total,
                    total == 0 ? 0 : (int) Math.round(100.0 * count.shared() / total));
        }
    }

    record UnusualRow(String consumer, long peopleRead, String perDay, String usualPerDay, String ratio, boolean flagged) {
        static UnusualRow of(AuditReports.Unusual u) {
            return new UnusualRow(u.consumer(), u.peopleRead(), oneDecimal(u.perDay()), oneDecimal(u.usualPerDay()),
                    u.ratio() == null ? "no usual yet" : oneDecimal(u.ratio()) + "×", u.flagged());
        }

        private static String oneDecimal(double value) {
            return String.format(Locale.UK, "%.1f", value);
        }
    }
}
