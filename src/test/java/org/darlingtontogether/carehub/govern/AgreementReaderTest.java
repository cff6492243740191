package org.darlingtontogether.carehub.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Agreement files: the partnership's real one loads; every kind of mistake names file, line and problem. */
class AgreementReaderTest {

    static final Vocabulary VOCABULARY = new Vocabulary(Vocabulary.PARTNERS,
            Set.of("mdt-frail-elderly", "mdt-high-impact", "ltc-collaborative", "care-hub", "navigator", "planning"),
            Vocabulary.CATEGORIES, Set.of("direct-care", "navigator", "planning"));

    static final String GOOD = """
            agreement: test-dsa
            version: "1"
            valid:
              from: 2026-01-01
              to: 2026-12-31
            parties: [cddft, tewv]
            rules:
              - id: cddft-direct-care
                source: cddft
                categories: [demographics, encounters]
                consumers: [care-hub]
                purpose: direct-care
                legal-basis: "Art 6(1)(e), 9(2)(h)"
                consent: implied-with-objection
            """;

    final AgreementReader reader = new AgreementReader(VOCABULARY);

    @Test
    void thePartnershipsAgreementLoadsAndCoversTheDemoHospitalFeedForDirectCare() {
        Agreements agreements = new Agreements(Agreements.load(Path.of("agreements"), reader));
        assertThat(agreements.all()).extracting(Agreement::id).contains("darlington-together-dsa");
        Agreement dsa = agreements.all().get(0);
        assertThat(dsa.neverLeave()).containsExactly("sexual-health");
        assertThat(dsa.parties()).containsExactlyInAnyOrderElementsOf(Vocabulary.PARTNERS);
        // what the simulated hospital sends reaches the direct-care MDTs
        for (String category : Set.of("demographics", "encounters", "conditions", "allergies", "observations")) {
            assertThat(dsa.rules()).anySatisfy(rule -> assertThat(rule.grants("cddft", category, "mdt-frail-elderly", "direct-care")).isTrue());
        }
        assertThat(dsa.rules()).filteredOn(r -> r.purpose().equals("navigator")).allMatch(r -> r.consent() == ConsentModel.EXPLICIT);
        assertThat(dsa.rules()).filteredOn(r -> r.categories().contains("mental-health"))
                .allSatisfy(r -> {
                    assertThat(r.consumers()).containsExactly("mdt-high-impact");
                    assertThat(r.consent()).isEqualTo(ConsentModel.EXPLICIT);
                });
        assertThat(dsa.rules()).allSatisfy(rule -> assertThat(rule.legalBasis()).isNotBlank());
    }

    @Test
    void readsEveryField() {
        Agreement agreement = reader.read("agreements/test.yml", GOOD);
        assertThat(agreement.label()).isEqualTo("test-dsa@1");
        assertThat(agreement.validFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(agreement.validTo()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(agreement.neverLeave()).containsExactly("sexual-health"); // the default
        SharingRule rule = agreement.rules().get(0);
        assertThat(rule.categories()).containsExactlyInAnyOrder("demographics", "encounters");
        assertThat(rule.consent()).isEqualTo(ConsentModel.IMPLIED_WITH_OBJECTION);
        assertThat(rule.legalBasis()).isEqualTo("Art 6(1)(e), 9(2)(h)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown partner          | source: cddft                      | source: cdft                   | line 9: rules[0].source: 'cdft' is not a known partner
            not a party              | source: cddft                      | source: phd                    | line 9: rules[0].source: 'phd' is not a party to this agreement
            unknown category         | [demographics, encounters]         | [demographics, encounter]      | line 10: rules[0].categories[1]: 'encounter' is not a known category
            unknown consumer         | consumers: [care-hub]              | consumers: [care-hubb]         | line 11: rules[0].consumers[0]: 'care-hubb' is not a known consumer
            unknown purpose          | purpose: direct-care               | purpose: research              | line 12: rules[0].purpose: 'research' is not a known purpose
            unknown consent model    | consent: implied-with-objection    | consent: implied               | line 14: rules[0].consent: 'implied' is not a consent model
            planning needs opt-out   | purpose: direct-care               | purpose: planning              | line 14: rules[0].consent: the national data opt-out applies to planning
            bad date                 | to: 2026-12-31                     | to: 2026-13-01                 | line 5: valid.to: '2026-13-01' is not a date
            ends before it starts    | to: 2026-12-31                     | to: 2025-12-31                 | line 5: valid.to: ends (2025-12-31) before it starts
            misspelt key             | legal-basis:                       | legal-bases:                   | line 13: rules[0].legal-bases: unknown key 'legal-bases'
            shares a never-leave one | [demographics, encounters]         | [demographics, sexual-health]  | line 10: rules[0].categories: 'sexual-health' never leaves its source
            missing legal basis      | legal-basis: "Art 6(1)(e), 9(2)(h)" | note: none                    | line 8: rules[0]: 'legal-basis' is missing
            """)
    void aBadFileNamesFileLineAndProblem(String what, String replace, String with, String expected) {
        String text = GOOD.replace(replace, with);
        assertThat(text).as("the test's edit applies").isNotEqualTo(GOOD);
        assertThatThrownBy(() -> reader.read("agreements/test.yml", text))
                .isInstanceOf(AgreementLoadException.class)
                .hasMessageStartingWith("agreements/test.yml " + expected.substring(0, expected.indexOf(':')))
                .hasMessageContaining(expected.substring(expected.indexOf(':') + 2));
    }

    @Test
    void aYamlSyntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> reader.read("agreements/test.yml", GOOD.replace("  - id: cddft-direct-care", "  - id: [cddft")))
                .isInstanceOf(AgreementLoadException.class)
                .hasMessageStartingWith("agreements/test.yml line ")
                .hasMessageContaining("not valid YAML");
    }
}
