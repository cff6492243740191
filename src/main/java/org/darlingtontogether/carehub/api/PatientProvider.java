package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Patients: read, search by NHS number ({@code identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN}) and
 * {@code Patient/{id}/$everything}, every current resource about that person from every source.
 */
public class PatientProvider extends RecordResourceProvider {

    public PatientProvider(RecordResources records) {
        super(records, "Patient", Patient.class);
    }

    @Search
    public List<IBaseResource> byIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier) {
        return records.forPerson(records.nhsNumberIn(identifier), "Patient");
    }

    @Search
    public List<IBaseResource> all(@Count Integer count) {
        return records.ofType("Patient", count);
    }

    /**
     * {@code Patient/{id}/$merged}: one Patient combining every partner's Patient about the same person that the
     * caller may see ({@link MergedPatient} has the rule); {@code Patient/$merged?identifier=<nhs-system>|N} by NHS number.
     */
    @Operation(name = "$merged", idempotent = true)
    public Patient merged(@IdParam IdType patientId) {
        String nhsNumber = records.nhsNumberOfPatient(patientId.getIdPart())
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", patientId.getIdPart())));
        records.read("Patient", new IdType("Patient", patientId.getIdPart()));
        return mergedFor(nhsNumber);
    }

    @Operation(name = "$merged", idempotent = true)
    public Patient mergedByIdentifier(@ca.uhn.fhir.rest.annotation.OperationParam(name = "identifier", min = 1, max = 1) TokenParam identifier) {
        return mergedFor(records.nhsNumberIn(identifier));
    }

    private Patient mergedFor(String nhsNumber) {
        List<Patient> sources = records.forPerson(nhsNumber, "Patient").stream().map(Patient.class::cast).toList();
        Patient merged = MergedPatient.merge(sources);
        if (merged == null) {
            throw new ResourceNotFoundException("No Patient this client may see has that NHS number");
        }
        return merged;
    }

    /**
     * Every current resource about the person the caller may see, Patients first, as one searchset Bundle; written by
     * {@link SearchsetAnswer} (from the stored JSON for plain JSON requests).
     */
    @Operation(name = "$everything", idempotent = true, manualResponse = true, bundleType = BundleTypeEnum.SEARCHSET)
    public void everything(@IdParam IdType patientId, ServletRequestDetails request) throws IOException {
        String nhsNumber = records.nhsNumberOfPatient(patientId.getIdPart())
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Patient", patientId.getIdPart())));
        // a Patient the consumer may not see is not found, as a read of it would answer
        records.read("Patient", new IdType("Patient", patientId.getIdPart()));
        List<StoredResource> everything = new ArrayList<>(records.storedForPerson(nhsNumber));
        // the Patient resources first, then the rest as stored (by type, then id)
        everything.sort(Comparator.comparing(r -> !"Patient".equals(r.resourceType())));
        SearchsetAnswer.send(request, everything, records::toResource);
    }
}
