package org.darlingtontogether.carehub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.junit.jupiter.api.Test;

/** The simulated GP and mental health trust hold records about the simulated hospital's people, under the same NHS numbers. */
class SimulatedFhirPartnersTest {

    @Test
    void gpAndTrustSeedTheSamePeopleAsTheHospitalPlusSomeOfTheirOwn() {
        List<SyntheticPerson> traced = SyntheticPopulation.create(SimulatedHospital.SEED, SyntheticAdt.DEFAULT_PEOPLE, 4, 2).people().stream()
                .filter(p -> p.nhsIntent() == SyntheticAdt.NhsIntent.VALID).toList();
        try (PartnerFhirServer gp = new PartnerFhirServer(FhirContext.forR4Cached(), SimulatedFhirPartners.TYPES);
             PartnerFhirServer trust = new PartnerFhirServer(FhirContext.forR4Cached(), SimulatedFhirPartners.TYPES)) {
            SimulatedFhirPartners.seedGp(gp, traced);
            SimulatedFhirPartners.seedTrust(trust, traced);

            assertThat(gp.count("Patient")).isEqualTo(35 + 10 + 1);
            assertThat(gp.count("Condition")).isGreaterThanOrEqualTo(35 + 11);
            assertThat(trust.count("Patient")).isEqualTo((traced.size() + 3) / 4);
            assertThat(trust.count("Consent")).isEqualTo(trust.count("Patient"));
            List<String> hospitalNumbers = traced.stream().map(SyntheticPerson::nhsNumber).toList();
            List<String> gpNumbers = gp.search("Patient", null).stream()
                    .map(r -> ((org.hl7.fhir.r4.model.Patient) r).getIdentifierFirstRep().getValue()).toList();
            assertThat(gpNumbers).filteredOn(hospitalNumbers::contains).hasSize(35);
            assertThat(gpNumbers).filteredOn(n -> !NhsNumber.isValid(n)).hasSize(1);
            assertThat(trust.search("Patient", null)).allSatisfy(r -> assertThat(
                    hospitalNumbers).contains(((org.hl7.fhir.r4.model.Patient) r).getIdentifierFirstRep().getValue().replace(" ", "")));
        }
    }
}
