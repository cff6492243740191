package org.darlingtontogether.carehub.config;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FhirConfigTest {

    private final FhirContext fhir = new FhirConfig().fhirContext();

    @Test
    void aPartnersContainedResourceIsEncodedWithTheReferenceToIt() {
        MedicationStatement statement = (MedicationStatement) fhir.newJsonParser().parseResource("""
                {"resourceType":"MedicationStatement","id":"m1","status":"active",
                 "contained":[{"resourceType":"Medication","id":"med","code":{"text":"Amoxicillin 500mg capsules"}}],
                 "medicationReference":{"reference":"#med"},"subject":{"reference":"Patient/p1"}}
                """);

        String json = fhir.newJsonParser().encodeResourceToString(statement);

        assertThat(json).contains("\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"med\"")
                .contains("\"medicationReference\":{\"reference\":\"#med\"}")
                .contains("\"subject\":{\"reference\":\"Patient/p1\"}");
    }

    @Test
    void aReferenceToAResourceObjectWithoutAnIdIsNotContainedBehindTheWritersBack() {
        MedicationStatement statement = new MedicationStatement();
        statement.setId("m2");
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.getMedicationReference().setResource(new Medication());
        statement.getSubject().setReference("Patient/p1").setResource(new Patient());

        String json = fhir.newJsonParser().encodeResourceToString(statement);

        assertThat(fhir.getParserOptions().isAutoContainReferenceTargetsWithNoId()).isFalse();
        assertThat(json).doesNotContain("contained").contains("\"subject\":{\"reference\":\"Patient/p1\"}");
    }
}
