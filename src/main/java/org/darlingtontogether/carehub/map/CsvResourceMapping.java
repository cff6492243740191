package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.List;

/**
 * One resource a CSV row makes: its type and data category, when the row makes it, the source key its id is derived
 * from (parts joined with {@code |}), and the element rules.
 */
record CsvResourceMapping(String resourceType, RuntimeResourceDefinition definition, String category,
                          List<CsvCondition> when, List<CsvValue> sourceKey, List<CsvRule> rules) {
}
