package org.darlingtontogether.carehub.console;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.darlingtontogether.carehub.govern.Agreement;
import org.darlingtontogether.carehub.govern.Agreements;
import org.darlingtontogether.carehub.govern.SharingRule;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Every data sharing agreement version the hub read, which are in force today, and what each lets whom share. */
@Controller
class AgreementsController {

    private final Agreements agreements;

    AgreementsController(Agreements agreements) {
        this.agreements = agreements;
    }

    @GetMapping("/console/agreements")
    String agreements(Model model) {
        LocalDate today = ConsoleFormat.today();
        List<AgreementView> views = agreements.all().stream()
                .sorted(Comparator.comparing(Agreement::id).thenComparing(Agreement::validFrom))
                .map(agreement -> AgreementView.of(agreement, today)).toList();
        model.addAttribute("agreements", views);
        model.addAttribute("inForce", views.stream().filter(AgreementView::inForce).count());
        model.addAttribute("today", ConsoleFormat.day(today));
        model.addAttribute("page", "agreements");
        return "console/agreements";
    }

    record AgreementView(String label, String title, String file, boolean inForce, String status, String validFrom,
                         String validTo, List<String> parties, List<RuleView> rules, List<String> neverLeave) {

        static AgreementView of(Agreement agreement, LocalDate today) {
            boolean inForce = agreement.inForceOn(today);
            String status = inForce ? "in force" : today.isBefore(agreement.validFrom()) ? "not yet in force" : "ended";
            return new AgreementView(agreement.label(), agreement.title(), agreement.file(), inForce, status,
                    ConsoleFormat.day(agreement.validFrom()),
                    agreement.validTo() == null ? "no end date" : ConsoleFormat.day(agreement.validTo()),
                    sorted(agreement.parties()), agreement.rules().stream().map(RuleView::of).toList(),
                    sorted(agreement.neverLeave()));
        }
    }

    record RuleView(String id, String source, List<String> categories, List<String> consumers, String purpose, String legalBasis,
                    String consent) {

        static RuleView of(SharingRule rule) {
            return new RuleView(rule.id(), rule.source(), sorted(rule.categories()), sorted(rule.consumers()), rule.purpose(),
                    rule.legalBasis(),
                    rule.consent() == null ? "" : rule.consent().code());
        }
    }

    private static List<String> sorted(java.util.Collection<String> values) {
        return values == null ? List.of() : values.stream().sorted().collect(Collectors.toList());
    }
}
