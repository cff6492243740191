package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.darlingtontogether.carehub.map.MapperFixture.counts;
import static org.darlingtontogether.carehub.map.MapperFixture.map;
import static org.darlingtontogether.carehub.map.MapperFixture.message;
import static org.darlingtontogether.carehub.map.MapperFixture.patientId;
import static org.darlingtontogether.carehub.map.MapperFixture.resources;

import java.util.List;
import java.util.Map;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** Laboratory results (ORU^R01): a DiagnosticReport per OBR listing an Observation per OBX under it. */
class OruResultMappingTest {

    static final String NHS = "9990000050";
    static final String MSH = "MSH|^~\\&|LAB|CDDFT|CAREHUB|DT|20240315143000||ORU^R01^ORU_R01|LAB0001|P|2.5.1";
    static final String PID = "PID|1||" + NHS + "^^^NHS^NH~D777^^^CDDFT^MR||GREEN^MARY||19380220|F";
    static final String OBR_FBC = "OBR|1|PL1001^ICE|LAB5001^WINPATH|FBC^Full blood count^L|||20240315080000|||||||||"
            + "G1234567^WHO^ANNA||||||20240315140000|||F";
    static final String OBR_UE = "OBR|2|PL1002^ICE|LAB5002^WINPATH|UE^Urea and electrolytes^L|||20240315080000||||||||||||||"
            + "|20240315141500||CH|P";

    static String oru(String... more) {
        String[] segments = new String[more.length + 2];
        segments[0] = MSH;
        segments[1] = PID;
        System.arraycopy(more, 0, segments, 2, more.length);
        return message(segments);
    }

    @Test
    void reportsAndResultsWithTheirValuesStatusesAndLinks() {
        MappedMessage mapped = map(oru(
                OBR_FBC,
                "OBX|1|NM|718-7^Haemoglobin^LN||105|g/L^g/L^UCUM|115-165|L|||F|||20240315090000",
                "OBX|2|NM|26464-8^White cell count^LN||>20|10*9/L|4.0-11.0|HH|||F",
                "OBX|3|TX|COMMENT^Comment^L||Film reviewed.~Suggest repeat in 1 week.||||||F",
                OBR_UE,
                "OBX|1|SN|2951-2^Sodium^LN||<^120|mmol/L|133-146|LL|||P",
                "OBX|2|CE|BLOODGRP^Blood group^L||A+^A Rh positive^L||||||C",
                "OBX|3|NM|2823-3^Potassium^LN||\"\"|mmol/L|||||X"));

        assertThat(counts(mapped)).isEqualTo(Map.of("DiagnosticReport", 2L, "Observation", 6L));
        assertThat(mapped.merges()).isEmpty();
        assertThat(mapped.writes()).extracting(RecordWrite::category).containsOnly("observations");
        assertThat(mapped.writes()).extracting(RecordWrite::nhsNumber).containsOnly(NHS);

        List<DiagnosticReport> reports = resources(mapped, DiagnosticReport.class);
        List<Observation> results = resources(mapped, Observation.class);
        DiagnosticReport fbc = reports.get(0);
        assertThat(fbc.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        assertThat(fbc.getCode().getCodingFirstRep().getCode()).isEqualTo("FBC");
        assertThat(fbc.getIdentifier()).extracting(i -> i.getValue()).containsExactly("LAB5001", "PL1001");
        assertThat(fbc.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("LAB");
        assertThat(fbc.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-15T08:00:00+00:00");
        assertThat(fbc.getIssuedElement().getValueAsString()).startsWith("2024-03-15T14:00:00");
        assertThat(fbc.getSubject().getReference()).isEqualTo("Patient/" + patientId(NHS));
        assertThat(fbc.getResult()).extracting(Reference::getReference)
                .containsExactly(ref(results.get(0)), ref(results.get(1)), ref(results.get(2)));
        DiagnosticReport ue = reports.get(1);
        assertThat(ue.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(ue.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("CH");
        assertThat(ue.getCategory()).hasSize(1);
        assertThat(ue.getResult()).extracting(Reference::getReference)
                .containsExactly(ref(results.get(3)), ref(results.get(4)), ref(results.get(5)));

        Observation haemoglobin = results.get(0);
        assertThat(haemoglobin.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(haemoglobin.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(haemoglobin.getCode().getCodingFirstRep().getCode()).isEqualTo("718-7");
        assertThat(haemoglobin.getValueQuantity().getValue()).isEqualByComparingTo("105");
        assertThat(haemoglobin.getValueQuantity().getUnit()).isEqualTo("g/L");
        assertThat(haemoglobin.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(haemoglobin.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("L");
        assertThat(haemoglobin.getReferenceRangeFirstRep().getText()).isEqualTo("115-165");
        assertThat(haemoglobin.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-15T09:00:00+00:00");
        assertThat(haemoglobin.getSubject().getReference()).isEqualTo("Patient/" + patientId(NHS));
        assertThat(haemoglobin.getSubject().getIdentifier().getValue()).isEqualTo(NHS);

        Observation whiteCells = results.get(1);
        assertThat(whiteCells.hasValueQuantity()).as("'>20' is not a number").isFalse();
        assertThat(whiteCells.getValueStringType().getValue()).isEqualTo(">20");
        assertThat(whiteCells.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("HH");
        assertThat(whiteCells.getEffectiveDateTimeType().getValueAsString()).as("OBR-7 when OBX-14 is empty")
                .isEqualTo("2024-03-15T08:00:00+00:00");

        assertThat(results.get(2).getValueStringType().getValue()).isEqualTo("Film reviewed.\nSuggest repeat in 1 week.");

        Observation sodium = results.get(3);
        assertThat(sodium.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(sodium.getValueQuantity().getComparator().toCode()).isEqualTo("<");
        assertThat(sodium.getValueQuantity().getValue()).isEqualByComparingTo("120");
        assertThat(sodium.getValueQuantity().getUnit()).isEqualTo("mmol/L");

        Observation bloodGroup = results.get(4);
        assertThat(bloodGroup.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);
        assertThat(bloodGroup.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("A+");

        Observation potassium = results.get(5);
        assertThat(potassium.getStatus()).isEqualTo(Observation.ObservationStatus.CANCELLED);
        assertThat(potassium.hasValue()).isFalse();
    }

    @Test
    void aResentResultIsTheSameResource() {
        String obx = "OBX|1|NM|718-7^Haemoglobin^LN||105|g/L|115-165|L|||P";
        MappedMessage first = map(oru(OBR_FBC, obx));
        MappedMessage corrected = map(oru(OBR_FBC, obx.replace("|105|", "|110|").replace("|P", "|F")));
        assertThat(ids(corrected)).isEqualTo(ids(first));
        assertThat(resources(corrected, Observation.class).get(0).getValueQuantity().getValue()).isEqualByComparingTo("110");
    }

    @Test
    void resultsForSeveralPatientsInOneMessageAreRefused() {
        assertThatThrownBy(() -> map(oru(OBR_FBC, "OBX|1|NM|718-7^Haemoglobin^LN||105|g/L",
                "PID|2||9434765919^^^NHS^NH||OTHER^PERSON", OBR_UE, "OBX|1|NM|2951-2^Sodium^LN||140|mmol/L")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("several patients");
    }

    @Test
    void aReportWithoutResultsIsStillAReport() {
        MappedMessage mapped = map(oru(OBR_FBC));
        assertThat(counts(mapped)).isEqualTo(Map.of("DiagnosticReport", 1L));
        assertThat(resources(mapped, DiagnosticReport.class).get(0).hasResult()).isFalse();
    }

    private static String ref(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdPart();
    }

    private static List<String> ids(MappedMessage mapped) {
        return mapped.writes().stream().map(w -> ((Resource) w.resource()).getIdPart()).toList();
    }
}
