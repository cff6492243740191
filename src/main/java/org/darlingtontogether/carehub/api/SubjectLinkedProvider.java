package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;

/**
 * A resource type whose R4 search parameters name the person as {@code patient} and {@code subject} (Encounter,
 * Condition, Observation, DiagnosticReport, MedicationStatement, CarePlan, RiskAssessment...): search by either,
 * as a reference ({@code Patient/id}) or by NHS number ({@code .identifier=https://fhir.nhs.uk/Id/nhs-number|N}).
 */
public class SubjectLinkedProvider extends RecordResourceProvider {

    private final PersonSearch people;

    public SubjectLinkedProvider(RecordResources records, String typeName, Class<? extends IBaseResource> type) {
        super(records, typeName, type);
        this.people = new PersonSearch(records, typeName);
    }

    @Search
    public List<IBaseResource> search(
            @OptionalParam(name = "patient", targetTypes = Patient.class, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = "subject", targetTypes = Patient.class, chainWhitelist = {"", "identifier"}) ReferenceParam subject,
            @Count Integer count) {
        return people.search(count, new PersonSearch.Named("patient", patient), new PersonSearch.Named("subject", subject));
    }
}
