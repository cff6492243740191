package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The merge rule for one person's Patients from several partners, element by element, with its provenance. */
class MergedPatientTest {

    private static final String NHS = "9990000018";

    @Test
    void newestSourceWinsEachElementGpWinsThePracticeAndEveryIdentifierIsKept() {
        Patient hospital = patient("cddft", "h1", 2_000, "H123");
        hospital.addName().setFamily("SMITH-JONES");
        hospital.addAddress(new Address().setCity("Darlington").setPostalCode("DL1 5AA"));
        hospital.addGeneralPractitioner(new Reference().setDisplay("practice the hospital thinks"));
        hospital.setDeceased(new BooleanType(false));
        Patient gp = patient("phd", "g1", 1_000, "G456");
        gp.addName().setFamily("SMITH");
        gp.setGender(AdministrativeGender.FEMALE);
        gp.setBirthDateElement(new DateType("1945-01-01"));
        gp.addGeneralPractitioner(new Reference().setDisplay("HIGH ROW PRACTICE"));

        Patient merged = MergedPatient.merge(List.of(gp, hospital));

        assertThat(merged.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .containsExactly(NhsNumber.SYSTEM + "|" + NHS, "local-cddft|H123", "local-phd|G456");
        assertThat(merged.getNameFirstRep().getFamily()).as("newest source's name").isEqualTo("SMITH-JONES");
        assertThat(merged.getAddressFirstRep().getPostalCode()).isEqualTo("DL1 5AA");
        assertThat(merged.getGender()).as("only the GP has it").isEqualTo(AdministrativeGender.FEMALE);
        assertThat(merged.getBirthDateElement().getValueAsString()).isEqualTo("1945-01-01");
        assertThat(merged.getDeceasedBooleanType().getValue()).isFalse();
        assertThat(merged.getGeneralPractitionerFirstRep().getDisplay()).as("the registered practice's own").isEqualTo("HIGH ROW PRACTICE");
        assertThat(sourceOf(merged, "name")).isEqualTo(RecordMeta.SOURCE_BASE + "cddft#h1");
        assertThat(sourceOf(merged, "gender")).isEqualTo(RecordMeta.SOURCE_BASE + "phd#g1");
        assertThat(sourceOf(merged, "generalPractitioner")).isEqualTo(RecordMeta.SOURCE_BASE + "phd#g1");
        assertThat(merged.getLink()).extracting(l -> l.getOther().getReference()).containsExactlyInAnyOrder("Patient/h1", "Patient/g1");
    }

    @Test
    void nothingToMergeIsNothing() {
        assertThat(MergedPatient.merge(List.of())).isNull();
    }

    private static String sourceOf(Patient merged, String element) {
        for (Extension e : merged.getMeta().getExtension()) {
            if (e.getUrl().equals(MergedPatient.ELEMENT_SOURCE) && e.getExtensionByUrl("element").getValue().primitiveValue().equals(element)) {
                return e.getExtensionByUrl("source").getValue().primitiveValue();
            }
        }
        return null;
    }

    private static Patient patient(String partner, String id, long updatedAt, String local) {
        Patient p = new Patient();
        p.setId(id);
        p.getMeta().setSource(RecordMeta.source(partner, id)).setLastUpdated(new Date(updatedAt));
        p.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(NHS);
        p.addIdentifier().setSystem("local-" + partner).setValue(local);
        return p;
    }
}
