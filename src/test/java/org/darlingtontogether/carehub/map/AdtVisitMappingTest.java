package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.darlingtontogether.carehub.map.MapperFixture.counts;
import static org.darlingtontogether.carehub.map.MapperFixture.map;
import static org.darlingtontogether.carehub.map.MapperFixture.message;
import static org.darlingtontogether.carehub.map.MapperFixture.only;
import static org.darlingtontogether.carehub.map.MapperFixture.patientId;
import static org.darlingtontogether.carehub.map.MapperFixture.resources;

import java.util.Map;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** ADT admit, transfer, discharge, register and update (A01, A02, A03, A04, A08). */
class AdtVisitMappingTest {

    static final String NHS = "9434765919";
    static final String PID = "PID|1||" + NHS + "^^^NHS^NH~D123456^^^CDDFT^MR||SMITH^JANE^ANN^^MRS^^L||19450612|F|||"
            + "12 HIGH ROW^^DARLINGTON^CO DURHAM^DL1 1AA^GBR^H||01325 111111^PRN^PH~07700 900123^PRN^CP";
    static final String PD1 = "PD1|||DARLINGTON MEDICAL PRACTICE^^A83001|G1234567^WHO^ANNA^^^DR";
    static final String PV1_ADMIT = "PV1|1|I|WARD 5^BAY 2^BED 3^DMH||||C123^JONES^ALAN^^^DR|||MED||||19|||||V0001^^^CDDFT^VN"
            + "|||||||||||||||||||||||||20240301101000";

    static String msh(String event, String controlId, String version) {
        return "MSH|^~\\&|PAS|CDDFT|CAREHUB|DT|20240301101500||ADT^" + event + "|" + controlId + "|P|" + version;
    }

    @Test
    void admissionMakesThePersonTheEncounterAndWhatCameWithIt() {
        MappedMessage mapped = map(message(msh("A01^ADT_A01", "MSG0001", "2.4"), "EVN|A01|20240301101500", PID, PD1,
                "NK1|1|SMITH^JOHN|SPO^Spouse^HL70063|12 HIGH ROW^^DARLINGTON^^DL1 1AA|01325 111111",
                PV1_ADMIT,
                "AL1|1|DA|PEN^Penicillin^L|SV|Rash~Swelling|20100101",
                "AL1|2|FA|^Peanuts|MO",
                "DG1|1||J18.9^Pneumonia, unspecified^I10|Pneumonia|20240301|A"));

        assertThat(counts(mapped)).isEqualTo(Map.of("AllergyIntolerance", 2L, "Condition", 1L, "Encounter", 1L,
                "Patient", 1L, "RelatedPerson", 1L));
        assertThat(mapped.merges()).isEmpty();
        assertThat(mapped.writes()).allSatisfy(w -> {
            assertThat(w.nhsNumber()).isEqualTo(NHS);
            assertThat(w.partner()).isEqualTo("cddft");
            assertThat(w.inboxId()).isEqualTo(42L);
            Resource resource = (Resource) w.resource();
            assertThat(resource.getMeta().getSource()).isEqualTo("https://fhir.darlingtontogether.org.uk/partner/cddft#MSG0001");
            assertThat(resource.getMeta().getTag()).singleElement().satisfies(tag -> {
                assertThat(tag.getSystem()).isEqualTo("https://fhir.darlingtontogether.org.uk/CodeSystem/data-category");
                assertThat(tag.getCode()).isEqualTo(w.category());
            });
            assertThat(resource.getIdPart()).startsWith("cddft-");
        });
        assertThat(mapped.writes()).extracting(RecordWrite::category)
                .containsExactly("demographics", "encounters", "allergies", "allergies", "conditions", "demographics");

        Patient patient = only(mapped, Patient.class);
        assertThat(patient.getIdPart()).isEqualTo(patientId(NHS));
        assertThat(patient.getIdentifier()).hasSize(2);
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(NHS);
        assertThat(patient.getIdentifier().get(1).getSystem()).isEqualTo("https://fhir.darlingtontogether.org.uk/Id/cddft-mrn");
        assertThat(patient.getIdentifier().get(1).getValue()).isEqualTo("D123456");
        assertThat(patient.getIdentifier().get(1).getType().getCodingFirstRep().getCode()).isEqualTo("MR");
        assertThat(patient.getName()).singleElement().satisfies(name -> {
            assertThat(name.getFamily()).isEqualTo("SMITH");
            assertThat(name.getGiven()).extracting(Object::toString).containsExactly("JANE", "ANN");
            assertThat(name.getPrefixAsSingleString()).isEqualTo("MRS");
            assertThat(name.getUse().toCode()).isEqualTo("official");
        });
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1945-06-12");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(patient.getAddress()).singleElement().satisfies(address -> {
            assertThat(address.getLine()).extracting(Object::toString).containsExactly("12 HIGH ROW");
            assertThat(address.getCity()).isEqualTo("DARLINGTON");
            assertThat(address.getPostalCode()).isEqualTo("DL1 1AA");
            assertThat(address.getUse().toCode()).isEqualTo("home");
        });
        assertThat(patient.getTelecom()).hasSize(2);
        assertThat(patient.getTelecom().get(0).getValue()).isEqualTo("01325 111111");
        assertThat(patient.getTelecom().get(0).getUse().toCode()).isEqualTo("home");
        assertThat(patient.getTelecom().get(1).getUse().toCode()).isEqualTo("mobile");
        assertThat(patient.getGeneralPractitioner()).hasSize(2);
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getSystem())
                .isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("A83001");
        assertThat(patient.getGeneralPractitionerFirstRep().getDisplay()).isEqualTo("DARLINGTON MEDICAL PRACTICE");

        Encounter encounter = only(mapped, Encounter.class);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
        assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
        assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("V0001");
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-01T10:10:00+00:00");
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
        assertThat(encounter.getLocation()).singleElement().satisfies(l -> {
            assertThat(l.getLocation().getDisplay()).isEqualTo("WARD 5 / BAY 2 / BED 3 / DMH");
            assertThat(l.getStatus()).isEqualTo(Encounter.EncounterLocationStatus.ACTIVE);
        });
        assertThat(encounter.getSubject().getReference()).isEqualTo("Patient/" + patientId(NHS));
        assertThat(encounter.getSubject().getIdentifier().getValue()).isEqualTo(NHS);

        AllergyIntolerance penicillin = resources(mapped, AllergyIntolerance.class).get(0);
        assertThat(penicillin.getCode().getCodingFirstRep().getCode()).isEqualTo("PEN");
        assertThat(penicillin.getCategory()).extracting(c -> c.getValue().toCode()).containsExactly("medication");
        assertThat(penicillin.getCriticality()).isEqualTo(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
        assertThat(penicillin.getReactionFirstRep().getSeverity()).isEqualTo(AllergyIntolerance.AllergyIntoleranceSeverity.SEVERE);
        assertThat(penicillin.getReactionFirstRep().getManifestation()).extracting(c -> c.getText()).containsExactly("Rash", "Swelling");
        assertThat(penicillin.getPatient().getReference()).isEqualTo("Patient/" + patientId(NHS));
        assertThat(penicillin.getEncounter().getReference()).isEqualTo("Encounter/" + encounter.getIdPart());
        AllergyIntolerance peanuts = resources(mapped, AllergyIntolerance.class).get(1);
        assertThat(peanuts.getCode().hasCoding()).isFalse();
        assertThat(peanuts.getCode().getText()).isEqualTo("Peanuts");
        assertThat(peanuts.hasReaction()).as("no reaction sent, none made").isFalse();

        Condition condition = only(mapped, Condition.class);
        assertThat(condition.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10");
        assertThat(condition.getCode().getCodingFirstRep().getCode()).isEqualTo("J18.9");
        assertThat(condition.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("provisional");
        assertThat(condition.getSubject().getReference()).isEqualTo("Patient/" + patientId(NHS));

        RelatedPerson kin = only(mapped, RelatedPerson.class);
        assertThat(kin.getNameFirstRep().getFamily()).isEqualTo("SMITH");
        assertThat(kin.getRelationshipFirstRep().getCodingFirstRep().getCode()).isEqualTo("SPO");
        assertThat(kin.getPatient().getReference()).isEqualTo("Patient/" + patientId(NHS));
    }

    @Test
    void transferKeepsTheSameEncounterAtItsNewLocation() {
        MappedMessage admit = map(message(msh("A01", "M1", "2.4"), PID, PV1_ADMIT));
        MappedMessage transfer = map(message(msh("A02", "M2", "2.4"), "EVN|A02|20240302090000", PID,
                "PV1|1|I|WARD 7^BAY 1^BED 2^DMH|||WARD 5^BAY 2^BED 3^DMH|C123^JONES^ALAN^^^DR|||MED|||||||||V0001^^^CDDFT^VN"
                        + "|||||||||||||||||||||||||20240301101000"));

        assertThat(counts(transfer)).isEqualTo(Map.of("Encounter", 1L, "Patient", 1L));
        Encounter moved = only(transfer, Encounter.class);
        assertThat(moved.getIdPart()).isEqualTo(only(admit, Encounter.class).getIdPart());
        assertThat(moved.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(moved.getLocation()).hasSize(2);
        assertThat(moved.getLocation().get(0).getLocation().getDisplay()).isEqualTo("WARD 7 / BAY 1 / BED 2 / DMH");
        assertThat(moved.getLocation().get(0).getStatus()).isEqualTo(Encounter.EncounterLocationStatus.ACTIVE);
        assertThat(moved.getLocation().get(1).getLocation().getDisplay()).isEqualTo("WARD 5 / BAY 2 / BED 3 / DMH");
        assertThat(moved.getLocation().get(1).getStatus()).isEqualTo(Encounter.EncounterLocationStatus.COMPLETED);
    }

    @Test
    void dischargeFinishesTheEncounterAtPv145OrElseTheEventTime() {
        MappedMessage discharged = map(message(msh("A03", "M3", "2.5.1"), "EVN|A03|20240305120000", PID,
                PV1_ADMIT + "|20240305113000"));
        Encounter encounter = only(discharged, Encounter.class);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2024-03-05T11:30:00+00:00");
        assertThat(encounter.getLocationFirstRep().getStatus()).isEqualTo(Encounter.EncounterLocationStatus.COMPLETED);

        MappedMessage noEndDate = map(message(msh("A03", "M4", "2.5.1"), "EVN|A03|20240705120000||||20240705115900", PID,
                PV1_ADMIT));
        assertThat(only(noEndDate, Encounter.class).getPeriod().getEndElement().getValueAsString())
                .as("EVN-6 in British Summer Time").isEqualTo("2024-07-05T11:59:00+01:00");
    }

    @Test
    void registrationIsAnArrivedOutpatientEncounter() {
        MappedMessage mapped = map(message(msh("A04^ADT_A01", "M5", "2.3"), "EVN|A04|20240310093000", PID,
                "PV1|1|O|OPD CLINIC 3^^^DMH|||||||CARD|||||||||OP778899"));
        assertThat(counts(mapped)).isEqualTo(Map.of("Encounter", 1L, "Patient", 1L));
        Encounter encounter = only(mapped, Encounter.class);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.ARRIVED);
        assertThat(encounter.getClass_().getCode()).isEqualTo("AMB");
        assertThat(encounter.getLocationFirstRep().getLocation().getDisplay()).isEqualTo("OPD CLINIC 3 / DMH");
        assertThat(encounter.hasPeriod()).isFalse();
    }

    @Test
    void updateFollowsTheDischargeDateAndIgnoresAPv1WithoutAVisit() {
        MappedMessage discharged = map(message(msh("A08", "M6", "2.4"), PID, PV1_ADMIT + "|20240305113000"));
        assertThat(only(discharged, Encounter.class).getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);

        MappedMessage inHospital = map(message(msh("A08", "M7", "2.4"), PID, PV1_ADMIT));
        assertThat(only(inHospital, Encounter.class).getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);

        MappedMessage demographicsOnly = map(message(msh("A08", "M8", "2.4"), PID, "PV1|1|N"));
        assertThat(counts(demographicsOnly)).isEqualTo(Map.of("Patient", 1L));
    }

    @Test
    void emptyFieldsAndExplicitNullsMakeNoElements() {
        MappedMessage mapped = map(message(msh("A01", "M9", "2.4"),
                "PID|1||" + NHS + "^^^NHS||\"\"^JANE||\"\"|\"\"|||\"\"||\"\"", "PV1|1|\"\"|||||||||||||||||V0002"));
        Patient patient = only(mapped, Patient.class);
        assertThat(patient.getIdentifier()).hasSize(1);
        assertThat(patient.getName()).singleElement().satisfies(name -> {
            assertThat(name.hasFamily()).isFalse();
            assertThat(name.getGivenAsSingleString()).isEqualTo("JANE");
        });
        assertThat(patient.hasBirthDate()).isFalse();
        assertThat(patient.hasGender()).isFalse();
        assertThat(patient.hasAddress()).isFalse();
        assertThat(patient.hasTelecom()).isFalse();
        assertThat(patient.hasGeneralPractitioner()).isFalse();
        Encounter encounter = only(mapped, Encounter.class);
        assertThat(encounter.getClass_().getCode()).as("class is mandatory: unknown").isEqualTo("UNK");
        assertThat(encounter.hasLocation()).isFalse();
        assertThat(encounter.hasParticipant()).isFalse();
    }

    @Test
    void olderSendersNhsNumberWithSpacesAndOdsCodeInXon10() {
        MappedMessage mapped = map(message(msh("A01", "", "2.3"),
                "PID|1||943 476 5919^^^NHS~D555^^^CDDFT^MR||JONES^BOB||19500101|M",
                "PD1|||PRACTICE^^^^^^^^^A83002",
                "PV1|1|E|A&E^^^DMH||||||||||||||||AE123"), 7L);
        Patient patient = only(mapped, Patient.class);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(NHS);
        assertThat(patient.getIdentifier()).hasSize(2);
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("A83002");
        assertThat(patient.getMeta().getSource()).isEqualTo("https://fhir.darlingtontogether.org.uk/partner/cddft#inbox-7");
        assertThat(only(mapped, Encounter.class).getClass_().getCode()).isEqualTo("EMER");
    }

    @Test
    void theSameFactTwiceInOneMessageIsOneResource() {
        MappedMessage mapped = map(message(msh("A01", "M10", "2.4"), PID, PV1_ADMIT,
                "AL1|1|DA|PEN^Penicillin^L|SV", "AL1|2|DA|PEN^Penicillin^L|MI"));
        assertThat(resources(mapped, AllergyIntolerance.class)).singleElement()
                .satisfies(a -> assertThat(a.getCriticality()).isEqualTo(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH));
    }

    @Test
    void idsAreStableAcrossMessagesAndDifferBetweenPeople() {
        MappedMessage first = map(message(msh("A01", "M11", "2.4"), PID, PV1_ADMIT, "AL1|1|DA|PEN^Penicillin^L|SV"));
        MappedMessage again = map(message(msh("A08", "M12", "2.4"), PID, PV1_ADMIT, "AL1|1|DA|PEN^Penicillin^L|SV"));
        MappedMessage someoneElse = map(message(msh("A01", "M13", "2.4"),
                "PID|1||9990000018^^^NHS^NH||BROWN^TOM", PV1_ADMIT.replace("V0001", "V0999"), "AL1|1|DA|PEN^Penicillin^L|SV"));
        assertThat(ids(again)).isEqualTo(ids(first));
        assertThat(ids(someoneElse)).doesNotContainAnyElementsOf(ids(first));
    }

    private static java.util.List<String> ids(MappedMessage mapped) {
        return mapped.writes().stream().map(w -> ((Resource) w.resource()).getIdPart()).toList();
    }
}
