package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;

/**
 * A resource type whose R4 search parameters name the person only as {@code patient} (AllergyIntolerance,
 * RelatedPerson, Consent, EpisodeOfCare...): search by {@code patient=Patient/id} or
 * {@code patient.identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN}.
 */
public class PatientLinkedProvider extends RecordResourceProvider {

    private final PersonSearch people;

    public PatientLinkedProvider(RecordResources records, String typeName, Class<? extends IBaseResource> type) {
        super(records, typeName, type);
        this.people = new PersonSearch(records, typeName);
    }

    @Search
    public List<IBaseResource> search(
            @OptionalParam(name = "patient", targetTypes = Patient.class, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @Count Integer count) {
        return people.search(count, new PersonSearch.Named("patient", patient));
    }
}
