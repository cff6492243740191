package org.darlingtontogether.carehub.map;

import java.util.List;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * One compiled line of a mapping: put the value(s) from {@code source} into the FHIR element {@code target}, when
 * the conditions hold. A value becomes the element either directly (text into a primitive, a code into a Coding or
 * CodeableConcept, an Identifier value, a Reference display) or, for {@code build} rules and composite datatypes,
 * through nested rules that read components of that value.
 *
 * @param label      where the rule was written, for load errors and mapping failures (never data)
 * @param filter     {@code where}: per-repetition conditions, read relative to each repetition
 * @param repeat     which repetitions to use; null means each for a repeating element, the first otherwise
 * @param system     the code or identifier system for a direct value (may use {@code ${partner}})
 * @param converter  a built-in value conversion, e.g. HL7 timestamps to FHIR dates
 * @param build      nested rules that build one element per value (from {@code build:} or a composite datatype)
 * @param required   inside a build: without this element the built element is dropped
 */
record ElementRule(
        String label,
        FhirElementPath target,
        Source source,
        List<Condition> when,
        List<Condition> filter,
        Repeat repeat,
        String separator,
        CodeSystemMap codesystem,
        Source system,
        Converter converter,
        List<ElementRule> build,
        boolean required,
        LeafKind leafKind) {

    enum Repeat { FIRST, EACH, JOIN }

    enum Converter { NONE, HL7_DATETIME }

    /** How a direct value is written into the target element, decided when the mapping is loaded. */
    enum LeafKind {
        PRIMITIVE, CODEABLE_CONCEPT, CODING, IDENTIFIER, REFERENCE, BUILT;

        /** The kind a rule writes straight from text into an element of this type, or null when it must be built. */
        static LeafKind direct(Class<?> leaf) {
            if (IPrimitiveType.class.isAssignableFrom(leaf)) {
                return PRIMITIVE;
            }
            if (CodeableConcept.class.isAssignableFrom(leaf)) {
                return CODEABLE_CONCEPT;
            }
            if (Coding.class.isAssignableFrom(leaf)) {
                return CODING;
            }
            if (Identifier.class.isAssignableFrom(leaf)) {
                return IDENTIFIER;
            }
            if (Reference.class.isAssignableFrom(leaf)) {
                return REFERENCE;
            }
            return null;
        }
    }
}
