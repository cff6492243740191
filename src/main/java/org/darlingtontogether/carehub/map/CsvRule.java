package org.darlingtontogether.carehub.map;

import java.util.List;

/**
 * An element rule of a CSV mapping: the FHIR element, where its value comes from (or nested rules that build it),
 * and how text becomes the element (a code system translation, a system for codes and identifiers).
 */
record CsvRule(String label, FhirElementPath target, CsvValue source, List<CsvRule> build, CodeSystemMap codesystem,
               String system, List<CsvCondition> when, boolean required, ElementRule.LeafKind leafKind) {
}
