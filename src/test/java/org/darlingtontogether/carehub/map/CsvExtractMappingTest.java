package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The council's and the CCG's extracts as declared in mappings/csv: header and row checks, and what a row makes. */
class CsvExtractMappingTest {

    static final CsvMapper MAPPER;
    static final NhsNumber PERSON = NhsNumber.of("9434765919");

    static {
        CarehubProperties properties = new CarehubProperties();
        properties.getMappings().setLocation(Path.of("mappings"));
        MAPPER = new CsvMapper(properties, MapperFixture.IDS, MapperFixture.FHIR);
    }

    @TempDir
    Path copy;

    @Test
    void everyExtractOfThePartnersSpecificationIsDeclared() {
        assertThat(MAPPER.extracts()).extracting(CsvExtract::name).containsExactlyInAnyOrder(
                "ccg-chc", "ccg-risk", "dbc-assessments", "dbc-carers", "dbc-packages", "dbc-people");
        assertThat(MAPPER.extractForFile("dbc", "dbc_people_20240301.csv")).map(CsvExtract::name).hasValue("dbc-people");
        assertThat(MAPPER.extractForFile("dbc", "dbc_people_20240301.csv.part")).isEmpty();
        assertThat(MAPPER.extractForFile("ccg", "dbc_people_20240301.csv")).isEmpty();
        assertThat(MAPPER.extractForFile("ccg", "ccg_risk_20240301.csv")).map(CsvExtract::name).hasValue("ccg-risk");
    }

    @Test
    void aHeaderMustNameExactlyTheDeclaredColumnsInAnyOrder() {
        CsvExtract risk = MAPPER.extract("ccg-risk").orElseThrow();
        assertThat(risk.layout(List.of("risk_score", "nhs_number", "risk_band", "model", "calculated_on", "gp_practice_code"))
                .problem()).isNull();
        String problem = risk.layout(List.of("nhs_number", "score", "risk_band", "model", "calculated_on", "gp_practice_code"))
                .problem();
        assertThat(problem).contains("missing [risk_score]").contains("not in the mapping [score]");
    }

    @Test
    void eachRowIsCheckedAgainstTheColumnsWithASpecificReason() {
        CsvExtract people = MAPPER.extract("dbc-people").orElseThrow();
        CsvExtract.Layout layout = people.layout(List.copyOf(people.columns().keySet()));
        assertThat(layout.rowProblem(peopleRow("P1", "31/02/1950", "F", "OPEN", "N"))).isEqualTo(
                "date_of_birth is not a date in the form dd/MM/yyyy");
        assertThat(layout.rowProblem(peopleRow("", "01/02/1950", "F", "OPEN", "N"))).isEqualTo("person_id is required");
        assertThat(layout.rowProblem(peopleRow("P1", "01/02/1950", "X", "OPEN", "N"))).isEqualTo("gender is not one of [F, M, U]");
        assertThat(layout.rowProblem(List.of("P1", "too few"))).isEqualTo("row has 2 fields, the header has 12");
        assertThat(layout.rowProblem(peopleRow("P1", "01/02/1950", "f", "open", ""))).isNull();

        CsvExtract risk = MAPPER.extract("ccg-risk").orElseThrow();
        CsvExtract.Layout riskLayout = risk.layout(List.copyOf(risk.columns().keySet()));
        assertThat(riskLayout.rowProblem(List.of("9434765919", "100.1", "HIGH", "m", "2024-03-01", ""))).isEqualTo(
                "risk_score is outside 0..100");
        assertThat(riskLayout.rowProblem(List.of("9434765919", "high", "HIGH", "m", "2024-03-01", ""))).isEqualTo(
                "risk_score is not a number");
        assertThat(riskLayout.rowProblem(List.of("9434765919", "55.5", "HIGH", "m", "01/03/2024", ""))).isEqualTo(
                "calculated_on is not a date in the form yyyy-MM-dd");
    }

    @Test
    void aPersonRowMakesThePatientTheirSocialCareEpisodeAndTheirObjectionAsADenyConsent() {
        CsvExtract people = MAPPER.extract("dbc-people").orElseThrow();
        List<RecordWrite> writes = map(people, values(people, "P1", "9434765919", "SMITH", "JANE", "12/06/1945", "F",
                "1 High Row", "Darlington", "DL1 1AA", "A83010", "OPEN", "Y"), "dbc_people_20240301.csv#2");
        assertThat(writes).extracting(w -> w.resource().fhirType()).containsExactly("Patient", "EpisodeOfCare", "Consent");

        Patient patient = (Patient) writes.get(0).resource();
        assertThat(patient.getIdPart()).isEqualTo(MapperFixture.IDS.idFor("dbc", "Patient", PERSON.value()));
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo(NhsNumber.SYSTEM);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("9434765919");
        assertThat(patient.getIdentifier().get(1).getValue()).isEqualTo("P1");
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("SMITH");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1945-06-12");
        assertThat(patient.getGender().toCode()).isEqualTo("female");
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("DL1 1AA");
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("A83010");
        assertThat(patient.getMeta().getSource()).isEqualTo(RecordMeta.SOURCE_BASE + "dbc#dbc_people_20240301.csv%232");
        assertThat(patient.getMeta().getTag(RecordMeta.CATEGORY_SYSTEM, "social-care")).isNotNull();
        assertThat(writes.get(0).category()).isEqualTo("social-care");

        EpisodeOfCare episode = (EpisodeOfCare) writes.get(1).resource();
        assertThat(episode.getStatus().toCode()).isEqualTo("active");
        assertThat(episode.getPatient().getReference()).isEqualTo("Patient/" + patient.getIdPart());

        Consent consent = (Consent) writes.get(2).resource();
        assertThat(writes.get(2).category()).isEqualTo("consent");
        assertThat(consent.getMeta().getTag(RecordMeta.CATEGORY_SYSTEM, "consent")).isNotNull();
        assertThat(consent.getStatus().toCode()).isEqualTo("active");
        assertThat(consent.getScope().getCodingFirstRep().getCode()).isEqualTo("patient-privacy");
        assertThat(consent.getProvision().getType().toCode()).isEqualTo("deny");
        assertThat(consent.getProvision().getSecurityLabelFirstRep().getCode()).isEqualTo("social-care");
        assertThat(consent.getPatient().getIdentifier().getValue()).isEqualTo("9434765919");
        assertThat(consent.getOrganizationFirstRep().getIdentifier().getValue()).isEqualTo("dbc");
    }

    @Test
    void noObjectionMakesTheSameConsentInactiveAndAnEmptyFieldNone() {
        CsvExtract people = MAPPER.extract("dbc-people").orElseThrow();
        List<RecordWrite> withdrawn = map(people, values(people, "P1", "9434765919", "", "", "", "", "", "", "", "",
                "CLOSED", "N"), "f#2");
        Consent consent = (Consent) withdrawn.get(2).resource();
        assertThat(consent.getStatus().toCode()).isEqualTo("inactive");
        assertThat(consent.getIdPart()).isEqualTo(MapperFixture.IDS.idFor("dbc", "Consent", PERSON.value()));
        assertThat(((EpisodeOfCare) withdrawn.get(1).resource()).getStatus().toCode()).isEqualTo("finished");

        List<RecordWrite> silent = map(people, values(people, "P1", "9434765919", "", "", "", "", "", "", "", "",
                "OPEN", ""), "f#3");
        assertThat(silent).extracting(w -> w.resource().fhirType()).containsExactly("Patient", "EpisodeOfCare");
        Patient bare = (Patient) silent.get(0).resource();
        assertThat(bare.hasName()).isFalse();
        assertThat(bare.hasGeneralPractitioner()).isFalse();
    }

    @Test
    void aPackageOfCareIsACarePlanWithItsHours() {
        CsvExtract packages = MAPPER.extract("dbc-packages").orElseThrow();
        List<RecordWrite> writes = map(packages, values(packages, "PK9", "P1", "9434765919", "Home care", "Acme Care",
                "01/03/2024", "", "10.5", "ACTIVE"), "f#2");
        assertThat(writes).hasSize(1);
        CarePlan plan = (CarePlan) writes.get(0).resource();
        assertThat(plan.getIdPart()).isEqualTo(MapperFixture.IDS.idFor("dbc", "CarePlan", "PK9"));
        assertThat(plan.getStatus().toCode()).isEqualTo("active");
        assertThat(plan.getIntent().toCode()).isEqualTo("plan");
        assertThat(plan.getTitle()).isEqualTo("Home care");
        assertThat(plan.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-01");
        assertThat(plan.getPeriod().hasEnd()).isFalse();
        assertThat(plan.getActivity()).hasSize(1);
        assertThat(plan.getActivityFirstRep().getDetail().getQuantity().getValue()).isEqualByComparingTo("10.5");
        assertThat(plan.getActivityFirstRep().getDetail().getStatus().toCode()).isEqualTo("in-progress");
        assertThat(plan.getActivityFirstRep().getDetail().getPerformerFirstRep().getDisplay()).isEqualTo("Acme Care");
        assertThat(plan.getSubject().getIdentifier().getValue()).isEqualTo("9434765919");
    }

    @Test
    void anAssessmentAndACarer() {
        CsvExtract assessments = MAPPER.extract("dbc-assessments").orElseThrow();
        Observation assessment = (Observation) map(assessments, values(assessments, "A1", "P1", "9434765919",
                "Care Act assessment", "05/03/2024", "Eligible", "Reablement"), "f#2").get(0).resource();
        assertThat(assessment.getStatus().toCode()).isEqualTo("final");
        assertThat(assessment.getCode().getText()).isEqualTo("Care Act assessment");
        assertThat(assessment.getValueCodeableConcept().getText()).isEqualTo("Eligible");
        assertThat(assessment.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-05");

        CsvExtract carers = MAPPER.extract("dbc-carers").orElseThrow();
        RelatedPerson carer = (RelatedPerson) map(carers, values(carers, "C1", "P1", "9434765919", "SMITH", "JOHN",
                "Husband", "01/01/2024"), "f#2").get(0).resource();
        assertThat(carer.getRelationship()).hasSize(2);
        assertThat(carer.getRelationship().get(0).getCodingFirstRep().getCode()).isEqualTo("CAREGIVER");
        assertThat(carer.getRelationship().get(1).getCodingFirstRep().getCode()).isEqualTo("HUSB");
        assertThat(carer.getNameFirstRep().getGivenAsSingleString()).isEqualTo("JOHN");
        assertThat(carer.getPatient().getIdentifier().getValue()).isEqualTo("9434765919");
    }

    @Test
    void theRiskRegisterIsARiskAssessmentPerPersonAndModel() {
        CsvExtract risk = MAPPER.extract("ccg-risk").orElseThrow();
        List<RecordWrite> writes = MAPPER.map(risk, values(risk, "9434765919", "72.5", "HIGH", "PARR30", "2024-03-01",
                "A83010"), new MappingContext("ccg", 9, PERSON), "ccg_risk_20240301.csv#2").writes();
        assertThat(writes).hasSize(1);
        RiskAssessment assessment = (RiskAssessment) writes.get(0).resource();
        assertThat(writes.get(0).category()).isEqualTo("risk-scores");
        assertThat(assessment.getIdPart()).isEqualTo(MapperFixture.IDS.idFor("ccg", "RiskAssessment", "9434765919|PARR30"));
        assertThat(assessment.getPredictionFirstRep().getProbabilityDecimalType().getValue()).isEqualByComparingTo("72.5");
        assertThat(assessment.getPredictionFirstRep().getQualitativeRisk().getCodingFirstRep().getCode()).isEqualTo("high");
        assertThat(assessment.getOccurrenceDateTimeType().getValueAsString()).isEqualTo("2024-03-01");
        assertThat(assessment.getMethod().getText()).isEqualTo("PARR30");

        CsvExtract chc = MAPPER.extract("ccg-chc").orElseThrow();
        Observation status = (Observation) MAPPER.map(chc, values(chc, "9434765919", "FAST TRACK", "2024-02-01", ""),
                new MappingContext("ccg", 10, PERSON), "f#2").writes().get(0).resource();
        assertThat(status.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("fast-track");
        assertThat(status.hasComponent()).isFalse();
    }

    @Test
    void aBadMappingStopsStartupNamingFileAndPlace() throws IOException {
        copyMappings();
        Path people = copy.resolve("csv/dbc/people.yml");
        Files.writeString(people, Files.readString(people).replace("{fhir: birthDate, from: date_of_birth}",
                "{fhir: birthDate, from: dob}"));
        assertThatThrownBy(() -> new CsvMappingLoader(MapperFixture.FHIR).load(copy))
                .isInstanceOf(MappingLoadException.class)
                .hasMessageContaining("csv/dbc/people.yml")
                .hasMessageContaining("'dob' is not a declared column");
        Files.writeString(people, Files.readString(people).replace("{fhir: birthDate, from: dob}",
                "{fhir: birthdate, from: date_of_birth}"));
        assertThatThrownBy(() -> new CsvMappingLoader(MapperFixture.FHIR).load(copy))
                .hasMessageContaining("csv/dbc/people.yml.resources[0].elements[3].fhir")
                .hasMessageContaining("'birthdate' is not an element of Patient");
    }

    private static List<RecordWrite> map(CsvExtract extract, Map<String, String> row, String key) {
        return MAPPER.map(extract, row, new MappingContext(extract.partner(), 7, PERSON), key).writes();
    }

    private static List<String> peopleRow(String id, String dob, String gender, String status, String objection) {
        return List.of(id, "9434765919", "SMITH", "JANE", dob, gender, "", "", "", "", status, objection);
    }

    private static Map<String, String> values(CsvExtract extract, String... values) {
        Map<String, String> row = new LinkedHashMap<>();
        int i = 0;
        for (String column : extract.columns().keySet()) {
            row.put(column, values[i++]);
        }
        assertThat(i).isEqualTo(values.length);
        return row;
    }

    private void copyMappings() throws IOException {
        Path source = Path.of("mappings");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path path : files.toList()) {
                Path target = copy.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    static Resource first(List<RecordWrite> writes) {
        return (Resource) writes.get(0).resource();
    }
}
