package org.darlingtontogether.carehub.map;

import java.util.List;

/**
 * An HL7 v2 datatype's mapping from {@code mappings/hl7v2/datatype/}: either rules building a FHIR datatype from
 * its components (XPN to HumanName), or a built-in conversion of its text (TS to a FHIR date).
 */
record DatatypeMapping(String name, String fhirType, List<ElementRule> rules, ElementRule.Converter converter) {

    boolean composite() {
        return fhirType != null;
    }
}
