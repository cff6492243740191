package org.darlingtontogether.carehub.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.darlingtontogether.carehub.audit.AuditCsvDownload;
import org.darlingtontogether.carehub.audit.AuditExports;
import org.darlingtontogether.carehub.audit.AuditRow;
import org.darlingtontogether.carehub.audit.AuditSearch;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit search: every row of the trail, newest first, {@value #PAGE_SIZE} a page, narrowed by period, person,
 * actor, action, outcome, partner and category; and the same rows as a CSV download. A bad filter says which field is
 * wrong and shows nothing. Each page and each download is itself recorded as a disclosure ({@code AUDIT_EXPORTED}).
 */
@Controller
class AuditLogController {

    static final int PAGE_SIZE = 100;
    static final int DEFAULT_DAYS = 7;

    private final AuditSearch search;
    private final AuditCsvDownload download;
    private final AuditExports exports;
    private final CarehubProperties properties;

    AuditLogController(AuditSearch search, AuditCsvDownload download, AuditExports exports, CarehubProperties properties) {
        this.search = search;
        this.download = download;
        this.exports = exports;
        this.properties = properties;
    }

    /** What the form holds, as typed; {@link #filter} checks it. */
    record Form(String from, String to, String nhsNumber, String actor, String action, String outcome, String partner, String category) {

        /** The form's fields as query parameters, for the next page and the download. */
        UriComponentsBuilder link(String path) {
            UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
            param(link, "from", from);
            param(link, "to", to);
            param(link, "nhsNumber", nhsNumber);
            param(link, "actor", actor);
            param(link, "action", action);
            param(link, "outcome", outcome);
            param(link, "partner", partner);
            param(link, "category", category);
            return link;
        }

        private static void param(UriComponentsBuilder link, String name, String value) {
            if (value != null && !value.isBlank()) {
                link.queryParam(name, value.strip());
            }
        }
    }

    @GetMapping("/console/audit")
    String search(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String nhsNumber, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String partner, @RequestParam(required = false) String category,
            @RequestParam(required = false) Long before, Model model) {
        model.addAttribute("page", "audit");
        model.addAttribute("actions", ConsoleLabels.actions());
        model.addAttribute("outcomes", AuditSearch.Filter.OUTCOMES);
        model.addAttribute("partners", properties.getPartners().keySet());
        model.addAttribute("consumers", properties.getConsumers().keySet());
        Form form = new Form(from, to, nhsNumber, actor, action, outcome, partner, category);
        AuditSearch.Filter filter;
        ConsolePeriod period;
        try {
            period = ConsolePeriod.of(from, to, DEFAULT_DAYS);
            form = new Form(period.from().toString(), period.to().toString(), nhsNumber, actor, action, outcome, partner, category);
            filter = filter(form, period);
        } catch (IllegalArgumentException e) {
            model.addAttribute("form", form);
            model.addAttribute("failure", "No rows shown: " + e.getMessage() + ".");
            return "console/audit";
        }
        model.addAttribute("form", form);
        model.addAttribute("period", period.describe());

        List<AuditRow> page = search.page(filter, before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Row> rows = page.stream().limit(PAGE_SIZE).map(Row::of).toList();
        exports.record("console-search", filter, rows.size(), true);

        model.addAttribute("rows", rows);
        model.addAttribute("paged", before != null);
        model.addAttribute("nextPage", more ? form.link("/console/audit").queryParam("before", rows.get(rows.size() - 1).id())
                .build().encode().toUriString() : null);
        model.addAttribute("firstPage", before != null ? form.link("/console/audit").build().encode().toUriString() : null);
        model.addAttribute("download", form.link("/console/audit/export.csv").build().encode().toUriString());
        return "console/audit";
    }

    /** Every row the filters match, oldest first, as CSV: the same columns as {@code GET /api/audit/export.csv}. */
    @GetMapping("/console/audit/export.csv")
    void download(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String nhsNumber, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String partner, @RequestParam(required = false) String category,
            HttpServletResponse response) throws IOException {
        AuditSearch.Filter filter;
        try {
            Form form = new Form(from, to, nhsNumber, actor, action, outcome, partner, category);
            filter = filter(form, ConsolePeriod.of(from, to, DEFAULT_DAYS));
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        download.send("console-csv", filter, response);
    }

    /** The checked filter, or an exception naming the field that is wrong. */
    private static AuditSearch.Filter filter(Form form, ConsolePeriod period) {
        return AuditSearch.Filter.checked(period.start(), period.end(), form.nhsNumber(), form.actor(), form.action(), form.outcome(),
                form.partner(), form.category());
    }

    record Row(long id, String when, String action, String actionName, String actor, String purpose, String partner, String person,
               String record, String category, String outcome, String rule, String agreement, String detail, boolean sealed) {
        static Row of(AuditRow r) {
            String record = ConsoleFormat.record(r.entityType(), r.entityId(), r.entityVersion(), r.entityCount());
            String agreement = r.agreementId() == null ? "" : r.agreementId() + (r.agreementVersion() == null ? "" : " v" + r.agreementVersion());
            return new Row(r.id(), ConsoleFormat.time(r.recordedAt()), ConsoleLabels.action(r.action()), r.action(), r.actor(), r.purpose(),
                    r.partner(), ConsoleFormat.nhsNumber(r.nhsNumber()), record, r.category(), r.outcome(),
                    r.rule(), agreement, r.detail(), r.chainSeq() != null);
        }
    }
}
