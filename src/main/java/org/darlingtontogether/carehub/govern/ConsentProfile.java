package org.darlingtontogether.carehub.govern;

/** The systems of the hub's Consent profile (agreements/README.md, "Consent directives"). */
public final class ConsentProfile {

    /** {@code Consent.scope}: a privacy consent. */
    public static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String SCOPE_CODE = "patient-privacy";
    /** {@code provision.actor.reference.identifier.system} naming a consumer (the recipient, role IRCP). */
    public static final String CONSUMER_SYSTEM = "https://fhir.darlingtontogether.org.uk/Id/consumer";
    /** {@code provision.actor.reference.identifier.system} naming a source partner (the custodian, role CST). */
    public static final String PARTNER_SYSTEM = "https://fhir.darlingtontogether.org.uk/Id/partner";
    /** {@code provision.purpose}: direct-care, navigator, planning. */
    public static final String PURPOSE_SYSTEM = "https://fhir.darlingtontogether.org.uk/CodeSystem/purpose";
    /** HL7 v3 ActReason: TREAT is direct care, HOPERAT / HSYSADMIN planning. */
    public static final String ACT_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private ConsentProfile() {
    }
}
