package org.darlingtontogether.carehub.config;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One FHIR R4 context for the whole hub: building it is expensive, using it is thread-safe. */
@Configuration
public class FhirConfig {

    /**
     * Encoding contains only what a resource holds in {@code Resource.contained}: HAPI's default also walks every
     * element of every resource it encodes, looking for references to resource objects without an id to contain them.
     * Nothing in the hub makes such references (mappings write references as text; a partner's contained resources
     * arrive in {@code contained}), and the walk was 38 % of the record's JSON encoding (docs/benchmarks.md, "A warm-up
     * shaped as the measured load").
     */
    @Bean
    public FhirContext fhirContext() {
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        return fhir;
    }
}
