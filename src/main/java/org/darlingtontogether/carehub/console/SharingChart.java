package org.darlingtontogether.carehub.console;

import java.util.List;
import org.darlingtontogether.carehub.audit.AuditReports;
import org.springframework.stereotype.Component;

/**
 * The console's plot of sharing over time: reads and deliveries shared and withheld per Europe/London day, from the
 * audit trail ({@link AuditReports#sharingPerDay}), drawn as an SVG bar chart. Null when the period holds no decision,
 * so a page can say so in words rather than draw an empty frame.
 */
@Component
class SharingChart {

    static final SvgBarChart CHART = new SvgBarChart("Sharing decisions per day",
            List.of(new SvgBarChart.Series("shared", "#2e7d32"), new SvgBarChart.Series("withheld", "#b3261e")));

    private final AuditReports reports;

    SharingChart(AuditReports reports) {
        this.reports = reports;
    }

    String render(ConsolePeriod period) {
        List<AuditReports.Day> days = reports.sharingPerDay(period.start(), period.end());
        if (days.stream().allMatch(day -> day.shared() == 0 && day.withheld() == 0)) {
            return null;
        }
        return CHART.render(days.stream().map(day -> SvgBarChart.Bar.of(day.date(), day.shared(), day.withheld())).toList());
    }
}
