package org.darlingtontogether.carehub.record;

import java.time.Instant;

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
}
