package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.msh;
import static org.darlingtontogether.carehub.map.MapperFixture.counts;
import static org.darlingtontogether.carehub.map.MapperFixture.map;
import static org.darlingtontogether.carehub.map.MapperFixture.message;
import static org.darlingtontogether.carehub.map.MapperFixture.patientId;
import static org.darlingtontogether.carehub.map.MapperFixture.resources;

import java.util.Map;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Merge (A40): each PID survives, the NHS number in the MRG after it is merged into it. */
class AdtMergeMappingTest {

    static final String SURVIVOR = "9434765919";
    static final String PRIOR = "9990000026";

    @Test
    void mergeMovesThePriorNhsNumberUnderTheSurvivor() {
        MappedMessage mapped = map(message(msh("A40^ADT_A39", "G1", "2.4"), "EVN|A40|20240401100000",
                "PID|1||" + SURVIVOR + "^^^NHS^NH~D123456^^^CDDFT^MR||SMITH^JANE||19450612|F",
                "MRG|" + PRIOR + "^^^NHS^NH~D999999^^^CDDFT^MR"));

        assertThat(mapped.merges()).containsExactly(new MappedMessage.Merge(NhsNumber.of(PRIOR), NhsNumber.of(SURVIVOR)));
        assertThat(counts(mapped)).isEqualTo(Map.of("Patient", 1L));
        Patient survivor = resources(mapped, Patient.class).get(0);
        assertThat(survivor.getIdPart()).isEqualTo(patientId(SURVIVOR));
        assertThat(survivor.getIdentifier()).extracting(i -> i.getValue()).containsExactly(SURVIVOR, "D123456");
    }

    @Test
    void severalPairsMergeEachIntoItsOwnSurvivor() {
        String secondSurvivor = "9990000034";
        String secondPrior = "9990000042";
        MappedMessage mapped = map(message(msh("A40", "G2", "2.5"), "EVN|A40|20240401100000",
                "PID|1||" + SURVIVOR + "^^^NHS^NH||SMITH^JANE", "MRG|" + PRIOR + "^^^NHS^NH",
                "PID|2||" + secondSurvivor + "^^^NHS^NH||BROWN^TOM", "MRG|" + secondPrior + "^^^NHS"));

        assertThat(mapped.merges()).containsExactly(
                new MappedMessage.Merge(NhsNumber.of(PRIOR), NhsNumber.of(SURVIVOR)),
                new MappedMessage.Merge(NhsNumber.of(secondPrior), NhsNumber.of(secondSurvivor)));
        assertThat(mapped.writes()).extracting(RecordWrite::nhsNumber).containsExactly(SURVIVOR, secondSurvivor);
        assertThat(resources(mapped, Patient.class)).extracting(Patient::getIdPart)
                .containsExactly(patientId(SURVIVOR), patientId(secondSurvivor));
    }

    @Test
    void aMergeOfHospitalNumbersOnlyUpdatesThePatient() {
        MappedMessage mapped = map(message(msh("A40", "G3", "2.4"),
                "PID|1||" + SURVIVOR + "^^^NHS^NH~D123456^^^CDDFT^MR||SMITH^JANE", "MRG|D999999^^^CDDFT^MR"));
        assertThat(mapped.merges()).isEmpty();
        assertThat(counts(mapped)).isEqualTo(Map.of("Patient", 1L));
    }

    @Test
    void aPriorNhsNumberThatFailsItsCheckIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> map(message(msh("A40", "G4", "2.4"),
                "PID|1||" + SURVIVOR + "^^^NHS^NH||SMITH^JANE", "MRG|9990000027^^^NHS^NH")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("MRG-1")
                .hasMessageContaining("Modulus 11")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("999000002"));
    }

    @Test
    void aSurvivorWithoutAnNhsNumberOrAMissingMrgIsRefused() {
        assertThatThrownBy(() -> map(message(msh("A40", "G5", "2.4"),
                "PID|1||" + SURVIVOR + "^^^NHS^NH", "MRG|" + PRIOR + "^^^NHS^NH",
                "PID|2||D4444^^^CDDFT^MR", "MRG|" + "9990000034^^^NHS^NH")))
                .isInstanceOf(MappingException.class).hasMessage("PID 2: no NHS number in PID-3");
        assertThatThrownBy(() -> map(message(msh("A40", "G6", "2.4"), "PID|1||" + SURVIVOR + "^^^NHS^NH")))
                .isInstanceOf(MappingException.class).hasMessageContaining("no MRG segment");
    }
}
