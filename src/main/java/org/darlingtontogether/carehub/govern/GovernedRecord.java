package org.darlingtontogether.carehub.govern;

import java.util.Set;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/** A stored resource as governance sees and records it: its reference, person, source, category and labels. */
public record GovernedRecord(String resourceType, String id, int version, String nhsNumber, RecordFacts facts) {

    /** From the stored row and its parsed resource (whose {@code meta.security} carries the labels). */
    public static GovernedRecord of(StoredResource stored, IBaseResource parsed) {
        Set<String> labels = parsed instanceof Resource resource ? SecurityLabels.categories(resource.getMeta().getSecurity()) : Set.of();
        return new GovernedRecord(stored.resourceType(), stored.id(), stored.version(), stored.nhsNumber(),
                new RecordFacts(stored.sourcePartner(), stored.category(), labels));
    }

    public String reference() {
        return resourceType + "/" + id;
    }
}
