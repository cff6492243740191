package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.List;

/**
 * A FHIR resource's mapping from {@code mappings/hl7v2/resource/}: its data category, when a segment holds enough
 * to make one ({@code when}), how its source key is formed (the first alternative whose required parts are all
 * present), the element rules, and the sensitive categories every such resource carries ({@code security}, as
 * {@code meta.security} labels).
 */
record ResourceMapping(String resourceType, RuntimeResourceDefinition definition, String category, List<Condition> when,
                       List<List<KeyPart>> sourceKey, List<ElementRule> rules, List<String> security) {

    /** One part of a source key; an optional part may be empty without ruling the alternative out. */
    record KeyPart(Source source, boolean optional) {
    }
}
