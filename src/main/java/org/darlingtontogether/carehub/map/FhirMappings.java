package org.darlingtontogether.carehub.map;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled FHIR feed mappings ({@code mappings/fhir}): which resource types are taken, each one's category and
 * person elements, what each partner adds, and the systems an NHS number may come under.
 */
record FhirMappings(Set<String> nhsNumberSystems, OtherReferences otherReferences, Map<String, ResourceRule> resources,
                    Map<String, PartnerRule> partners) {

    /** What becomes of a reference to a type the shared record does not keep. */
    enum OtherReferences { LOGICAL, KEEP }

    /**
     * @param person elements naming the person, in order; empty for Patient (the resource is the person)
     */
    record ResourceRule(String resourceType, String category, List<String> person) {
        boolean isPerson() {
            return person.isEmpty();
        }
    }

    /**
     * @param categories extra categories tagged on every resource from the partner
     * @param fileUnder  the record category used instead of the resource's own, or null
     * @param except     resource types that get neither
     */
    record PartnerRule(String partner, List<String> categories, String fileUnder, Set<String> except) {
        static PartnerRule none(String partner) {
            return new PartnerRule(partner, List.of(), null, Set.of());
        }
    }
}
