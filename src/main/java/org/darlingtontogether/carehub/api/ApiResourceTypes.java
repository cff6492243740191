package org.darlingtontogether.carehub.api;

import java.util.List;

/**
 * The resource types the FHIR API serves besides Patient: each gets read, vread and search by the person it is
 * about ({@code patient}, and {@code subject} where R4 defines it for the type). To serve another type from the
 * shared record, add its name here, e.g. MedicationStatement, CarePlan, Consent, EpisodeOfCare, RiskAssessment.
 */
public final class ApiResourceTypes {

    public static final List<String> PERSON_LINKED = List.of(
            "Encounter",
            "Condition",
            "AllergyIntolerance",
            "RelatedPerson",
            "Observation",
            "DiagnosticReport",
            // from the FHIR feeds (phd, tewv) and the council's and the CCG's extracts (SFTP feeds)
            "MedicationStatement",
            "CarePlan",
            "Consent",
            "EpisodeOfCare",
            "RiskAssessment");

    private ApiResourceTypes() {
    }
}
