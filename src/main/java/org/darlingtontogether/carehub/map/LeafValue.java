package org.darlingtontogether.carehub.map;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The FHIR leaf a mapping rule writes from one text value (already translated through its code list): the one place
 * both mapping engines, messages ({@link ElementWriter}) and CSV extracts ({@link CsvMapper}), turn text into an element.
 */
final class LeafValue {

    private LeafValue() {
    }

    /**
     * @param coded   whether the rule has a code list (a CodeableConcept then gets a Coding even without a system)
     * @return the element, or null when the text is not a value the element can hold (lenient: no element rather
     *         than a failed message)
     */
    static IBase of(ElementRule.LeafKind kind, FhirElementPath target, boolean coded, String label, String text, String system,
                    String display) {
        switch (kind) {
            case PRIMITIVE: {
                IPrimitiveType<?> primitive = (IPrimitiveType<?>) target.newLeaf();
                try {
                    primitive.setValueAsString(text);
                } catch (RuntimeException notThisType) {
                    // a value the element cannot hold (a non-number for a decimal) gives no element
                    return null;
                }
                return primitive.isEmpty() ? null : primitive;
            }
            case CODEABLE_CONCEPT: {
                CodeableConcept concept = new CodeableConcept();
                if (system != null || coded) {
                    concept.addCoding(new Coding(system, text, display));
                } else {
                    concept.setText(text);
                }
                return concept;
            }
            case CODING:
                return new Coding(system, text, display);
            case IDENTIFIER:
                return new Identifier().setSystem(system).setValue(text);
            case REFERENCE:
                return new Reference().setDisplay(text);
            default:
                throw new IllegalStateException("rule " + label + " cannot write text into " + target);
        }
    }
}
