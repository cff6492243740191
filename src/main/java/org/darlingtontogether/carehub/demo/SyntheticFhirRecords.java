package org.darlingtontogether.carehub.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Synthetic FHIR R4 records as a GP federation or mental health trust would publish them (UK Core style: the NHS number
 * with its verification status, SNOMED CT codes, references to the partner's own Patient id). Test NHS numbers only.
 */
public final class SyntheticFhirRecords {

    public static final String SNOMED = "http://snomed.info/sct";
    public static final String VERIFICATION_STATUS =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";

    private SyntheticFhirRecords() {
    }

    public static Patient patient(String id, String nhsNumber, String localSystem, String family, String given, String sex, LocalDate born) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient");
        if (nhsNumber != null) {
            Identifier nhs = patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber);
            nhs.addExtension(VERIFICATION_STATUS, new CodeableConcept(new Coding(
                    "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland", "01", "Number present and verified")));
        }
        patient.addIdentifier().setSystem(localSystem).setValue("L" + id);
        patient.addName().setFamily(family).addGiven(given).setUse(org.hl7.fhir.r4.model.HumanName.NameUse.OFFICIAL);
        patient.setGender("F".equals(sex) ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        if (born != null) {
            patient.setBirthDate(Date.from(born.atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        return patient;
    }

    public static Condition condition(String id, String patientId, String code, String display) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
        condition.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "confirmed", "Confirmed")));
        condition.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                "problem-list-item", "Problem List Item")));
        condition.setCode(new CodeableConcept(new Coding(SNOMED, code, display)));
        condition.setSubject(new Reference("Patient/" + patientId));
        condition.setOnset(new DateTimeType("2021-05-14"));
        return condition;
    }

    public static Encounter encounter(String id, String patientId, String classCode, String typeText, String start) {
        Encounter encounter = new Encounter();
        encounter.setId(id);
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", classCode, null));
        encounter.addType(new CodeableConcept().setText(typeText));
        encounter.setSubject(new Reference("Patient/" + patientId));
        encounter.setPeriod(new Period().setStartElement(new DateTimeType(start)));
        return encounter;
    }

    public static AllergyIntolerance allergy(String id, String patientId, String code, String display) {
        AllergyIntolerance allergy = new AllergyIntolerance();
        allergy.setId(id);
        allergy.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                "active", "Active")));
        allergy.setCode(new CodeableConcept(new Coding(SNOMED, code, display)));
        allergy.setPatient(new Reference("Patient/" + patientId));
        return allergy;
    }

    public static MedicationStatement medication(String id, String patientId, String code, String display) {
        MedicationStatement statement = new MedicationStatement();
        statement.setId(id);
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setMedication(new CodeableConcept(new Coding("https://dmd.nhs.uk", code, display)));
        statement.setSubject(new Reference("Patient/" + patientId));
        return statement;
    }

    public static Observation observation(String id, String patientId, String code, String display, double value, String unit) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding(SNOMED, code, display)));
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setValue(new Quantity().setValue(value).setUnit(unit));
        observation.setEffective(new DateTimeType("2024-02-01T09:30:00Z"));
        return observation;
    }

    public static CarePlan carePlan(String id, String patientId, String title) {
        CarePlan plan = new CarePlan();
        plan.setId(id);
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setTitle(title);
        plan.setSubject(new Reference("Patient/" + patientId));
        return plan;
    }

    /** A sharing decision: permit or deny sharing with an organisation (by ODS code), from a date. */
    public static Consent consent(String id, String patientId, boolean permit, String actorOds, String actorName, String from) {
        Consent consent = new Consent();
        consent.setId(id);
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        consent.setPatient(new Reference("Patient/" + patientId));
        consent.setDateTimeElement(new DateTimeType(from));
        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(permit ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY);
        provision.setPeriod(new Period().setStartElement(new DateTimeType(from)));
        provision.addActor().setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
                "information recipient"))).setReference(new Reference().setIdentifier(new Identifier()
                .setSystem("https://fhir.nhs.uk/Id/ods-organization-code").setValue(actorOds)).setDisplay(actorName));
        return consent;
    }
}
