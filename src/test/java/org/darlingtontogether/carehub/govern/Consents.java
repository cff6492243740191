package org.darlingtontogether.carehub.govern;

import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** Consent resources of the hub's profile, as tests (and partners) write them. */
public final class Consents {

    private Consents() {
    }

    public static Consent objection(String nhsNumber) {
        return consent(nhsNumber, Consent.ConsentProvisionType.DENY);
    }

    public static Consent explicitConsent(String nhsNumber) {
        return consent(nhsNumber, Consent.ConsentProvisionType.PERMIT);
    }

    public static Consent consent(String nhsNumber, Consent.ConsentProvisionType type) {
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding(ConsentProfile.SCOPE_SYSTEM, ConsentProfile.SCOPE_CODE, null)));
        consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        consent.setPatient(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber)));
        consent.setDateTimeElement(new DateTimeType("2026-06-01"));
        consent.addOrganization(new Reference().setIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/ods-organization-code")
                .setValue("RXP")).setDisplay("Darlington MDT coordinator"));
        consent.getProvision().setType(type);
        return consent;
    }

    public static Consent toConsumer(Consent consent, String consumer) {
        consent.getProvision().addActor()
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")))
                .setReference(new Reference().setIdentifier(new Identifier().setSystem(ConsentProfile.CONSUMER_SYSTEM).setValue(consumer)));
        return consent;
    }

    public static Consent fromSource(Consent consent, String partner) {
        consent.getProvision().addActor()
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "CST", "custodian")))
                .setReference(new Reference().setIdentifier(new Identifier().setSystem(ConsentProfile.PARTNER_SYSTEM).setValue(partner)));
        return consent;
    }

    public static Consent ofCategory(Consent consent, String category) {
        consent.getProvision().addSecurityLabel(new Coding(RecordMeta.SECURITY_SYSTEM, category, null));
        return consent;
    }

    public static Consent forPurpose(Consent consent, String purpose) {
        consent.getProvision().addPurpose(new Coding(ConsentProfile.PURPOSE_SYSTEM, purpose, null));
        return consent;
    }

    public static Consent during(Consent consent, String from, String to) {
        if (from != null) {
            consent.getProvision().getPeriod().setStartElement(new DateTimeType(from));
        }
        if (to != null) {
            consent.getProvision().getPeriod().setEndElement(new DateTimeType(to));
        }
        return consent;
    }
}
