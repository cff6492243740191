package org.darlingtontogether.carehub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.govern.Agreements;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.ops.InboxStatistics;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's first page: what is in force, what waits for someone, and sharing over the last weeks. */
@Controller
class OverviewController {

    static final int CHART_DAYS = 28;

    private final Agreements agreements;
    private final InboxStatistics statistics;
    private final CarehubProperties properties;
    private final SharingChart sharing;

    OverviewController(Agreements agreements, InboxStatistics statistics, CarehubProperties properties, SharingChart sharing) {
        this.agreements = agreements;
        this.statistics = statistics;
        this.properties = properties;
        this.sharing = sharing;
    }

    @GetMapping("/console")
    String overview(Model model) {
        LocalDate today = ConsoleFormat.today();
        model.addAttribute("agreementsInForce", agreements.inForceOn(today).size());
        model.addAttribute("agreementsTotal", agreements.all().size());

        List<PartnerBacklog> backlog = new ArrayList<>();
        long quarantined = 0;
        for (String partner : properties.getPartners().keySet()) {
            PartnerBacklog row = new PartnerBacklog(partner, statistics.count(partner, InboxState.RECEIVED),
                    statistics.count(partner, InboxState.QUARANTINED), statistics.count(partner, InboxState.FAILED),
                    statistics.lastReceivedAt(partner).map(ConsoleFormat::time).orElse("never"));
            quarantined += row.quarantined();
            backlog.add(row);
        }
        model.addAttribute("quarantined", quarantined);
        model.addAttribute("backlog", backlog);

        model.addAttribute("sharingChart", sharing.render(new ConsolePeriod(today.minusDays(CHART_DAYS - 1L), today)));
        model.addAttribute("chartDays", CHART_DAYS);
        model.addAttribute("page", "overview");
        return "console/overview";
    }

    /** The sign-in page; {@code ?refused}, {@code ?expired} and {@code ?signed-out} say what happened before. */
    @GetMapping("/console/login")
    String login(HttpServletRequest request, Model model) {
        model.addAttribute("refused", request.getParameter("refused") != null);
        model.addAttribute("expired", request.getParameter("expired") != null);
        model.addAttribute("signedOut", request.getParameter("signed-out") != null);
        return "console/login";
    }

    record PartnerBacklog(String partner, long received, long quarantined, long failed, String lastReceived) {
    }
}
