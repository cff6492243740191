package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.NHS;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.PD1;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.PID;
import static org.darlingtontogether.carehub.map.AdtVisitMappingTest.msh;
import static org.darlingtontogether.carehub.map.MapperFixture.counts;
import static org.darlingtontogether.carehub.map.MapperFixture.map;
import static org.darlingtontogether.carehub.map.MapperFixture.message;
import static org.darlingtontogether.carehub.map.MapperFixture.only;
import static org.darlingtontogether.carehub.map.MapperFixture.patientId;

import java.util.Map;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

/** Person add and update (A28, A31): the person and their contacts, never a visit. */
class AdtPersonMappingTest {

    @Test
    void addPersonMakesThePatientAndNextOfKinOnly() {
        MappedMessage mapped = map(message(msh("A28^ADT_A05", "P1", "2.5"), "EVN|A28|20240101090000", PID, PD1,
                "NK1|1|SMITH^JOHN|SPO^Spouse^HL70063||01325 111111||EC^Emergency contact^HL70131",
                "NK1|2||||||||||||ACME CARE LTD",
                "NK1|3",
                "PV1|1|N"));

        assertThat(counts(mapped)).isEqualTo(Map.of("Patient", 1L, "RelatedPerson", 2L));
        Patient patient = only(mapped, Patient.class);
        assertThat(patient.getIdPart()).isEqualTo(patientId(NHS));
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("A83001");
        RelatedPerson spouse = MapperFixture.resources(mapped, RelatedPerson.class).get(0);
        assertThat(spouse.getRelationship()).extracting(r -> r.getCodingFirstRep().getCode()).containsExactly("SPO", "EC");
        assertThat(spouse.getTelecomFirstRep().getValue()).isEqualTo("01325 111111");
    }

    @Test
    void updatePersonRewritesTheSamePatient() {
        Patient added = only(map(message(msh("A28", "P2", "2.5"), PID)), Patient.class);
        MappedMessage updated = map(message(msh("A31^ADT_A05", "P3", "2.5"), "EVN|A31|20240201090000",
                "PID|1||" + NHS + "^^^NHS^NH||SMITH^JANE||19450612|U|||1 NEW STREET^^DARLINGTON^^DL3 0AA||||||||||||||||||"
                        + "20240130|Y",
                "PV1|1|N"));

        assertThat(counts(updated)).isEqualTo(Map.of("Patient", 1L));
        Patient patient = only(updated, Patient.class);
        assertThat(patient.getIdPart()).isEqualTo(added.getIdPart());
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.UNKNOWN);
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("DL3 0AA");
        assertThat(patient.getDeceasedDateTimeType().getValueAsString()).isEqualTo("2024-01-30");
        assertThat(patient.getIdentifier()).hasSize(1);
    }
}
