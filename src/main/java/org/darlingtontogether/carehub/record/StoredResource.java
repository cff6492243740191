package org.darlingtontogether.carehub.record;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/** One version of a resource in the shared care record, as stored (FHIR R4 JSON without version metadata). */
public record StoredResource(
        String resourceType,
        String id,
        String nhsNumber,
        int version,
        String sourcePartner,
        Long sourceMessage,
        String category,
        boolean deleted,
        Instant lastUpdated,
        String content) {

    /**
     * This version as the API answers it and pushes carry it: the stored JSON parsed, with its id, version and time put
     * back in {@code meta} (what {@link SharedRecordStore} leaves out of the stored JSON).
     */
    public IBaseResource parse(FhirContext fhir) {
        IBaseResource resource = fhir.newJsonParser().parseResource(content);
        String versionId = String.valueOf(version);
        resource.setId(new IdType(resourceType, id, versionId));
        resource.getMeta().setVersionId(versionId);
        resource.getMeta().setLastUpdated(Date.from(lastUpdated));
        return resource;
    }
}
