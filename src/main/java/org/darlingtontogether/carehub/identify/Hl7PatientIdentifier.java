package org.darlingtontogether.carehub.identify;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.springframework.stereotype.Component;

/**
 * Finds the NHS number in an HL7 v2 patient identifier list (PID-3, or MRG-1 for a merge): the repetition whose
 * assigning authority is {@code NHS} or whose identifier type is {@code NH}. Older interfaces send other type codes,
 * none, or spaces: the authority is what marks it. Never guesses from a bare ten-digit number.
 */
@Component
public class Hl7PatientIdentifier {

    /** The person a message is about: the first PID's NHS number. */
    public Identification identify(ParsedHl7 message) {
        Segment pid = message.first("PID");
        if (pid == null) {
            return Identification.unidentified("message has no PID segment");
        }
        return fromIdentifierList(pid, 3, "PID-3");
    }

    /** The NHS number in a CX list field (e.g. PID-3 or MRG-1) of a segment. */
    public Identification fromIdentifierList(Segment segment, int field, String label) {
        try {
            Type[] repetitions = segment.getField(field);
            String lastProblem = null;
            for (Type repetition : repetitions) {
                Type cx = repetition instanceof Varies v ? v.getData() : repetition;
                String value = component(cx, 1);
                String authority = component(cx, 4);
                String type = component(cx, 5);
                if (!"NHS".equalsIgnoreCase(authority) && !"NH".equalsIgnoreCase(type)) {
                    continue;
                }
                String problem = NhsNumber.problemWith(value);
                if (problem == null) {
                    return Identification.of(NhsNumber.of(value));
                }
                lastProblem = problem + " (" + label + ")";
            }
            return Identification.unidentified(lastProblem != null ? lastProblem : "no NHS number in " + label);
        } catch (HL7Exception e) {
            return Identification.unidentified("cannot read " + label);
        }
    }

    /** Component n (1-based) of a composite, first subcomponent; for a primitive, the value for component 1. */
    private static String component(Type type, int n) {
        if (type instanceof Composite composite) {
            Type[] parts = composite.getComponents();
            if (parts.length < n) {
                return null;
            }
            return firstValue(parts[n - 1]);
        }
        return n == 1 ? firstValue(type) : null;
    }

    private static String firstValue(Type type) {
        Type t = type instanceof Varies v ? v.getData() : type;
        if (t instanceof Primitive p) {
            return p.getValue();
        }
        if (t instanceof Composite c && c.getComponents().length > 0) {
            return firstValue(c.getComponents()[0]);
        }
        return null;
    }
}
