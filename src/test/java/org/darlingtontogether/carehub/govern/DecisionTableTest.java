package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decision point as a table: every kind of rule (implied, explicit, opt-out-applies, never-leave, no rule, no
 * agreement), every kind of directive (objection to all, or for a source, consumer, category or purpose; explicit
 * consent; withdrawal of either), security labels, and dates on both edges of every validity period.
 */
class DecisionTableTest {

    static final AgreementReader READER = new AgreementReader(AgreementReaderTest.VOCABULARY);

    /** The agreement version in force until 31 March 2026: cddft observations to the care hub, nothing else. */
    static final Agreement OLD = READER.read("agreements/a-old.yml", """
            agreement: old-dsa
            version: "1"
            valid: {from: 2025-04-01, to: 2026-03-31}
            parties: [cddft]
            rules:
              - {id: cddft-results, source: cddft, categories: [observations], consumers: [care-hub], purpose: direct-care,
                 legal-basis: "6(1)(e) 9(2)(h)", consent: implied-with-objection}
            """);

    /** In force 1 April 2026 to 31 March 2027. */
    static final Agreement CURRENT = READER.read("agreements/b-current.yml", """
            agreement: test-dsa
            version: "3"
            valid: {from: 2026-04-01, to: 2027-03-31}
            parties: [cddft, tewv]
            never-leave: [sexual-health, safeguarding]
            rules:
              - {id: cddft-direct-care, source: cddft, categories: [demographics, encounters, conditions], consumers: [care-hub, mdt-high-impact],
                 purpose: direct-care, legal-basis: "6(1)(e) 9(2)(h)", consent: implied-with-objection}
              - {id: tewv-direct-care, source: tewv, categories: [demographics], consumers: [care-hub, mdt-high-impact],
                 purpose: direct-care, legal-basis: "6(1)(e) 9(2)(h)", consent: implied-with-objection}
              - {id: tewv-mental-health, source: tewv, categories: [conditions, mental-health], consumers: [mdt-high-impact],
                 purpose: direct-care, legal-basis: "explicit", consent: explicit}
              - {id: cddft-mental-health, source: cddft, categories: [mental-health], consumers: [mdt-high-impact],
                 purpose: direct-care, legal-basis: "explicit", consent: explicit}
              - {id: cddft-navigator, source: cddft, categories: [demographics, encounters], consumers: [navigator],
                 purpose: navigator, legal-basis: "6(1)(a) 9(2)(a)", consent: explicit}
              - {id: cddft-planning, source: cddft, categories: [encounters], consumers: [planning],
                 purpose: planning, legal-basis: "s.251", consent: opt-out-applies}
            """);

    static final Agreements AGREEMENTS = new Agreements(List.of(OLD, CURRENT));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                         | source | category     | labels        | consumer        | purpose     | date       | directives                                                       | opt-out | outcome  | rule
            implied consent shares                         | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | -                                                                | false   | SHARE    | cddft-direct-care
            first day of the agreement                     | cddft  | encounters   | -             | care-hub        | direct-care | 2026-04-01 | -                                                                | false   | SHARE    | cddft-direct-care
            last day of the agreement                      | cddft  | encounters   | -             | care-hub        | direct-care | 2027-03-31 | -                                                                | false   | SHARE    | cddft-direct-care
            day after the last: no agreement               | cddft  | encounters   | -             | care-hub        | direct-care | 2027-04-01 | -                                                                | false   | WITHHOLD | no-agreement-in-force
            old version's last day: its rule               | cddft  | observations | -             | care-hub        | direct-care | 2026-03-31 | -                                                                | false   | SHARE    | cddft-results
            old version ended: its rule is gone            | cddft  | observations | -             | care-hub        | direct-care | 2026-04-01 | -                                                                | false   | WITHHOLD | no-rule:observations
            old version in force: new rule not yet         | cddft  | encounters   | -             | care-hub        | direct-care | 2026-03-31 | -                                                                | false   | WITHHOLD | no-rule:encounters
            before any agreement                           | cddft  | observations | -             | care-hub        | direct-care | 2025-03-31 | -                                                                | false   | WITHHOLD | no-agreement-in-force
            consumer not in the rule                       | cddft  | encounters   | -             | ltc-collaborative | direct-care | 2026-06-01 | -                                                              | false   | WITHHOLD | no-rule:encounters
            purpose not in the rule                        | cddft  | conditions   | -             | care-hub        | planning    | 2026-06-01 | -                                                                | false   | WITHHOLD | no-rule:conditions
            never leaves its source                        | cddft  | sexual-health | -            | care-hub        | direct-care | 2026-06-01 | permit                                                           | false   | WITHHOLD | never-leaves:sexual-health
            a never-leave label on a shared category       | cddft  | conditions   | safeguarding  | care-hub        | direct-care | 2026-06-01 | -                                                                | false   | WITHHOLD | never-leaves:safeguarding
            consent records never reach a consumer         | cddft  | consent      | -             | care-hub        | direct-care | 2026-06-01 | -                                                                | false   | WITHHOLD | governance-record
            objection to all                               | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny                                                             | false   | WITHHOLD | objection:Consent/1
            objection from its first day                   | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny from=2026-06-01                                             | false   | WITHHOLD | objection:Consent/1
            objection not yet in force                     | cddft  | encounters   | -             | care-hub        | direct-care | 2026-05-31 | deny from=2026-06-01                                             | false   | SHARE    | cddft-direct-care
            objection on its last day                      | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-30 | deny to=2026-06-30                                               | false   | WITHHOLD | objection:Consent/1
            objection after its last day                   | cddft  | encounters   | -             | care-hub        | direct-care | 2026-07-01 | deny to=2026-06-30                                               | false   | SHARE    | cddft-direct-care
            objection withdrawn                            | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny withdrawn                                                   | false   | SHARE    | cddft-direct-care
            objection to this consumer                     | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny consumer=care-hub                                           | false   | WITHHOLD | objection:Consent/1
            objection to another consumer                  | cddft  | encounters   | -             | mdt-high-impact | direct-care | 2026-06-01 | deny consumer=care-hub                                           | false   | SHARE    | cddft-direct-care
            objection to this source                       | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny source=cddft                                                | false   | WITHHOLD | objection:Consent/1
            objection to another source                    | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny source=tewv                                                 | false   | SHARE    | cddft-direct-care
            objection to this category                     | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny category=encounters                                         | false   | WITHHOLD | objection:Consent/1
            objection to another category                  | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny category=conditions                                         | false   | SHARE    | cddft-direct-care
            objection to a labelled category               | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit; deny category=mental-health                              | false   | WITHHOLD | objection:Consent/2
            objection for planning only                    | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | deny purpose=planning                                            | false   | SHARE    | cddft-direct-care
            objection for planning applies to planning     | cddft  | encounters   | -             | planning        | planning    | 2026-06-01 | deny purpose=planning                                            | false   | WITHHOLD | objection:Consent/1
            mental health without consent                  | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | -                                                                | false   | WITHHOLD | explicit-consent-required:tewv-mental-health
            mental health with consent                     | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit consumer=mdt-high-impact category=mental-health          | false   | SHARE    | tewv-mental-health
            consent for another category only              | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit consumer=mdt-high-impact category=conditions             | false   | WITHHOLD | explicit-consent-required:tewv-mental-health
            mental health never to another MDT             | tewv   | conditions   | mental-health | care-hub        | direct-care | 2026-06-01 | permit                                                           | false   | WITHHOLD | no-rule:conditions
            labelled cddft record needs the explicit rule  | cddft  | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | -                                                                | false   | WITHHOLD | explicit-consent-required:cddft-mental-health
            labelled cddft record with consent             | cddft  | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit category=mental-health                                    | false   | SHARE    | cddft-mental-health
            labelled cddft record to a direct-care MDT     | cddft  | conditions   | mental-health | care-hub        | direct-care | 2026-06-01 | permit                                                           | false   | WITHHOLD | no-rule:mental-health
            consent before its first day                   | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-30 | permit from=2026-07-01                                           | false   | WITHHOLD | explicit-consent-required:tewv-mental-health
            consent on its first day                       | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-07-01 | permit from=2026-07-01                                           | false   | SHARE    | tewv-mental-health
            consent on its last day                        | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-12-31 | permit to=2026-12-31                                             | false   | SHARE    | tewv-mental-health
            consent after its last day                     | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2027-01-01 | permit to=2026-12-31                                             | false   | WITHHOLD | explicit-consent-required:tewv-mental-health
            consent withdrawn                              | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit withdrawn                                                 | false   | WITHHOLD | consent-withdrawn:Consent/1
            consent withdrawn then given again             | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit withdrawn; permit                                         | false   | SHARE    | tewv-mental-health
            objection beats a consent                      | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit; deny consumer=mdt-high-impact                            | false   | WITHHOLD | objection:Consent/2
            tewv demographics are implied                  | tewv   | demographics | -             | care-hub        | direct-care | 2026-06-01 | -                                                                | false   | SHARE    | tewv-direct-care
            navigator without consent                      | cddft  | encounters   | -             | navigator       | navigator   | 2026-06-01 | -                                                                | false   | WITHHOLD | explicit-consent-required:cddft-navigator
            navigator with consent to the navigator        | cddft  | encounters   | -             | navigator       | navigator   | 2026-06-01 | permit consumer=navigator                                        | false   | SHARE    | cddft-navigator
            navigator with a consent for navigator purpose | cddft  | encounters   | -             | navigator       | navigator   | 2026-06-01 | permit purpose=navigator                                         | false   | SHARE    | cddft-navigator
            navigator consent is not for the MDT           | tewv   | conditions   | mental-health | mdt-high-impact | direct-care | 2026-06-01 | permit consumer=navigator                                        | false   | WITHHOLD | explicit-consent-required:tewv-mental-health
            navigator consent withdrawn                    | cddft  | encounters   | -             | navigator       | navigator   | 2026-06-01 | permit consumer=navigator withdrawn                              | false   | WITHHOLD | consent-withdrawn:Consent/1
            planning shares                                | cddft  | encounters   | -             | planning        | planning    | 2026-06-01 | -                                                                | false   | SHARE    | cddft-planning
            planning and the national opt-out              | cddft  | encounters   | -             | planning        | planning    | 2026-06-01 | -                                                                | true    | WITHHOLD | national-data-opt-out
            the national opt-out is not for direct care    | cddft  | encounters   | -             | care-hub        | direct-care | 2026-06-01 | -                                                                | true    | SHARE    | cddft-direct-care
            objection to all covers planning too           | cddft  | encounters   | -             | planning        | planning    | 2026-06-01 | deny                                                             | true    | WITHHOLD | objection:Consent/1
            """)
    void decides(String name, String source, String category, String labels, String consumer, String purpose, String date,
                 String directives, boolean optOut, Decision.Outcome outcome, String rule) {
        LocalDate on = LocalDate.parse(date);
        RecordFacts record = new RecordFacts(source, category, labels == null ? Set.of() : Set.of(labels.split(" ")));
        Decision decision = DecisionPoint.decide(record, consumer, purpose, AGREEMENTS.inForceOn(on),
                new PersonDirectives(directives(directives), optOut), on);
        assertThat(decision.outcome()).as(name + ": " + decision.describe()).isEqualTo(outcome);
        assertThat(decision.rule()).as(name).isEqualTo(rule);
        if (rule.startsWith("cddft-results")) {
            assertThat(decision.agreementId() + "@" + decision.agreementVersion()).isEqualTo("old-dsa@1");
        } else if (decision.shared()) {
            assertThat(decision.agreementId() + "@" + decision.agreementVersion()).isEqualTo("test-dsa@3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            the source may share the category     | cddft | encounters                | 2026-06-01 | SHARE    | cddft-direct-care
            for any consumer or purpose           | cddft | mental-health             | 2026-06-01 | SHARE    | cddft-mental-health
            never leaves its source               | cddft | sexual-health             | 2026-06-01 | WITHHOLD | never-leaves:sexual-health
            no rule for the source                | tewv  | encounters                | 2026-06-01 | WITHHOLD | no-rule:encounters
            a labelled category without a rule    | tewv  | demographics substance-misuse | 2026-06-01 | WITHHOLD | no-rule:substance-misuse
            consent directives always enter       | tewv  | consent                   | 2026-06-01 | SHARE    | governance-record
            no agreement in force                 | cddft | encounters                | 2027-04-01 | WITHHOLD | no-agreement-in-force
            """)
    void admitsAtEntry(String name, String source, String categories, String date, Decision.Outcome outcome, String rule) {
        Decision decision = DecisionPoint.admit(source, new LinkedHashSet<>(Arrays.asList(categories.split(" "))),
                AGREEMENTS.inForceOn(LocalDate.parse(date)));
        assertThat(decision.outcome()).as(name).isEqualTo(outcome);
        assertThat(decision.rule()).as(name).isEqualTo(rule);
    }

    @Test
    void theDecisionNamesTheAgreementVersionThatDecided() {
        Decision decision = DecisionPoint.decide(new RecordFacts("cddft", "sexual-health", Set.of()), "care-hub", "direct-care",
                AGREEMENTS.inForceOn(LocalDate.of(2026, 6, 1)), PersonDirectives.NONE, LocalDate.of(2026, 6, 1));
        assertThat(decision.describe()).isEqualTo("never-leaves:sexual-health (test-dsa@3)");
    }

    /** {@code deny|permit [withdrawn] [source=..] [consumer=..] [category=..] [purpose=..] [from=..] [to=..]; ...}, numbered Consent/1, 2... */
    static List<Directive> directives(String spec) {
        List<Directive> directives = new ArrayList<>();
        if (spec == null) {
            return directives;
        }
        int n = 0;
        for (String one : spec.split(";")) {
            n++;
            String[] words = one.trim().split("\\s+");
            Directive.Kind kind = words[0].equals("deny") ? Directive.Kind.OBJECTION : Directive.Kind.EXPLICIT_CONSENT;
            String source = null, consumer = null, category = null, purpose = null;
            LocalDate from = null, to = null;
            boolean withdrawn = false;
            for (int i = 1; i < words.length; i++) {
                String word = words[i];
                String value = word.substring(word.indexOf('=') + 1);
                if (word.equals("withdrawn")) withdrawn = true;
                else if (word.startsWith("source=")) source = value;
                else if (word.startsWith("consumer=")) consumer = value;
                else if (word.startsWith("category=")) category = value;
                else if (word.startsWith("purpose=")) purpose = value;
                else if (word.startsWith("from=")) from = LocalDate.parse(value);
                else if (word.startsWith("to=")) to = LocalDate.parse(value);
                else throw new IllegalArgumentException("directive word " + word);
            }
            directives.add(new Directive(kind, "Consent/" + n, source, consumer, category, purpose, from, to, "RXP", withdrawn));
        }
        return directives;
    }
}
