package org.darlingtontogether.carehub.api;

import ca.uhn.fhir.context.FhirContext;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import org.darlingtontogether.carehub.record.StoredResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stored resources as the API answers them: parsed from their JSON, with id, version and time put back in
 * {@code meta}. A stored version never changes, so the parse is kept (keyed by the exact JSON as well as type, id,
 * version and time: a different text is a different entry) and each caller gets its own deep copy, which costs a
 * fraction of a parse; a person's {@code $everything} then parses only what changed since the last one. Bounded by
 * the JSON it holds ({@code carehub.api.parsed-cache-chars}, default 8 million characters; 0 turns it off).
 */
@Component
public class ParsedResources {

    private record Key(String type, String id, int version, Instant lastUpdated, String content) {
    }

    private final FhirContext fhir;
    private final Cache<Key, Resource> parsed;

    public ParsedResources(FhirContext fhir, @Value("${carehub.api.parsed-cache-chars:8000000}") long maxChars) {
        this.fhir = fhir;
        this.parsed = maxChars <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxChars)
                .weigher((Key key, Resource value) -> key.content().length())
                .build();
    }

    /** The resource of a stored version, the caller's own to change. */
    public IBaseResource of(StoredResource stored) {
        if (parsed == null) {
            return stored.parse(fhir);
        }
        IBaseResource kept = view(stored);
        return kept instanceof Resource resource ? resource.copy() : kept;
    }

    /**
     * The resource of a stored version to look at, not to change or hand on: the kept parse itself when there is one
     * (parsed and kept when not), so nothing is copied.
     */
    public IBaseResource view(StoredResource stored) {
        if (parsed == null) {
            return stored.parse(fhir);
        }
        Key key = new Key(stored.resourceType(), stored.id(), stored.version(), stored.lastUpdated(), stored.content());
        Resource kept = parsed.getIfPresent(key);
        if (kept == null) {
            IBaseResource fresh = stored.parse(fhir);
            if (fresh instanceof Resource resource) {
                parsed.put(key, resource);
            }
            return fresh;
        }
        return kept;
    }
}
