package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;

/**
 * Reads values out of HAPI's generic HL7 v2 types: component navigation, text, emptiness. An empty field and the
 * explicit null {@code ""} both count as absent, so neither produces a FHIR element.
 */
final class Hl7Values {

    private Hl7Values() {
    }

    static Type unwrap(Type type) {
        Type t = type;
        while (t instanceof Varies v) {
            t = v.getData();
        }
        return t;
    }

    /** Component n (1-based) of a value; a primitive stands for its own first component. Null when absent. */
    static Type component(Type type, int n) {
        Type t = unwrap(type);
        if (t instanceof Composite composite) {
            Type[] parts = composite.getComponents();
            return n <= parts.length ? parts[n - 1] : null;
        }
        return n == 1 ? t : null;
    }

    /** The value as text: a primitive's value, a composite's first component; null when empty or {@code ""}. */
    static String text(Type type) {
        Type t = unwrap(type);
        while (t instanceof Composite composite) {
            Type[] parts = composite.getComponents();
            if (parts.length == 0) {
                return null;
            }
            t = unwrap(parts[0]);
        }
        if (t instanceof Primitive p) {
            return clean(p.getValue());
        }
        return null;
    }

    /** True when any primitive inside the value holds something other than empty or {@code ""}. */
    static boolean hasContent(Type type) {
        Type t = unwrap(type);
        if (t instanceof Primitive p) {
            return clean(p.getValue()) != null;
        }
        if (t instanceof Composite composite) {
            for (Type part : composite.getComponents()) {
                if (hasContent(part)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty() || v.equals("\"\"")) {
            return null;
        }
        return v;
    }
}
