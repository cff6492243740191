package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.PID;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.PV1_ADMIT;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.msh;
import static org.darlingtontogether.carehub.map.MapperFixture.counts;
import static org.darlingtontogether.carehub.map.MapperFixture.map;
import static org.darlingtontogether.carehub.map.MapperFixture.message;
import static org.darlingtontogether.carehub.map.MapperFixture.only;

import java.util.Map;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.Test;

/** Cancels (A11 cancel admit, A13 cancel discharge): the earlier encounter, found by its key, is entered-in-error. */
class AdtCancelMappingTest {

    @Test
    void cancelAdmitMarksTheSameEncounterEnteredInError() {
        Encounter admitted = only(map(message(msh("A01", "M1", "2.4"), PID, PV1_ADMIT)), Encounter.class);
        MappedMessage cancel = map(message(msh("A11^ADT_A09", "M2", "2.4"), "EVN|A11|20240301120000", PID, PV1_ADMIT));

        assertThat(counts(cancel)).isEqualTo(Map.of("Encounter", 1L, "Patient", 1L));
        Encounter cancelled = only(cancel, Encounter.class);
        assertThat(cancelled.getIdPart()).isEqualTo(admitted.getIdPart());
        assertThat(cancelled.getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
        assertThat(cancelled.getIdentifierFirstRep().getValue()).isEqualTo("V0001");
    }

    @Test
    void cancelDischargeMarksTheSameEncounterEnteredInError() {
        Encounter discharged = only(map(message(msh("A03", "M3", "2.4"), PID, PV1_ADMIT + "|20240305113000")), Encounter.class);
        MappedMessage cancel = map(message(msh("A13^ADT_A01", "M4", "2.4"), "EVN|A13|20240305130000", PID,
                PV1_ADMIT + "|20240305113000"));

        assertThat(counts(cancel)).isEqualTo(Map.of("Encounter", 1L, "Patient", 1L));
        Encounter cancelled = only(cancel, Encounter.class);
        assertThat(cancelled.getIdPart()).isEqualTo(discharged.getIdPart());
        assertThat(cancelled.getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
    }

    @Test
    void withoutAVisitNumberTheAdmissionTimeFindsTheEncounter() {
        String pv1 = "PV1|1|I|WARD 5^^^DMH|||||||||||||||||||||||||||||||||||||||||20240301101000";
        Encounter admitted = only(map(message(msh("A01", "M5", "2.3"), PID, pv1)), Encounter.class);
        Encounter cancelled = only(map(message(msh("A11", "M6", "2.3"), PID, pv1)), Encounter.class);
        assertThat(cancelled.getIdPart()).isEqualTo(admitted.getIdPart());
        assertThat(cancelled.hasIdentifier()).isFalse();
    }

    @Test
    void aCancelWhosePv1NamesNoVisitTouchesNoEncounter() {
        MappedMessage cancel = map(message(msh("A11", "M7", "2.4"), PID, "PV1|1|I|WARD 5^^^DMH"));
        assertThat(counts(cancel)).isEqualTo(Map.of("Patient", 1L));
    }
}
