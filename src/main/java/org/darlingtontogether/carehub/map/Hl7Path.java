package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A precompiled HL7 v2 location: {@code PID-3}, {@code PID-3.4.1} (segment, field, component, subcomponent), or,
 * inside a datatype mapping, a position relative to the value being mapped: {@code 4.1}, or {@code .} for the value
 * itself. Reading it returns the non-empty repetitions.
 */
final class Hl7Path {

    private static final Pattern ABSOLUTE = Pattern.compile("([A-Z][A-Z0-9]{2})-(\\d+)((?:\\.\\d+){0,2})");
    private static final Pattern RELATIVE = Pattern.compile("\\d+(?:\\.\\d+)?");

    private final String text;
    private final String segment;
    private final int field;
    private final int[] components;

    private Hl7Path(String text, String segment, int field, int[] components) {
        this.text = text;
        this.segment = segment;
        this.field = field;
        this.components = components;
    }

    static boolean looksLikePath(String text) {
        return text.equals(".") || ABSOLUTE.matcher(text).matches() || RELATIVE.matcher(text).matches();
    }

    static Hl7Path compile(String text) {
        if (text.equals(".")) {
            return new Hl7Path(text, null, 0, new int[0]);
        }
        Matcher absolute = ABSOLUTE.matcher(text);
        if (absolute.matches()) {
            int field = Integer.parseInt(absolute.group(2));
            if (field < 1) {
                throw new IllegalArgumentException("field numbers start at 1: " + text);
            }
            return new Hl7Path(text, absolute.group(1), field, positions(absolute.group(3)));
        }
        if (RELATIVE.matcher(text).matches()) {
            return new Hl7Path(text, null, 0, positions("." + text));
        }
        throw new IllegalArgumentException("not an HL7 v2 location (expected e.g. PID-3, PID-3.4.1 or 4.1): " + text);
    }

    private static int[] positions(String dotted) {
        if (dotted.isEmpty()) {
            return new int[0];
        }
        String[] parts = dotted.substring(1).split("\\.");
        int[] result = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            result[i] = Integer.parseInt(parts[i]);
            if (result[i] < 1) {
                throw new IllegalArgumentException("component numbers start at 1: " + dotted);
            }
        }
        return result;
    }

    /** The segment this path names, or null for a path relative to the value being mapped. */
    String segment() {
        return segment;
    }

    boolean relative() {
        return segment == null;
    }

    /** The present values at this location, each repetition of the field separately. */
    List<Type> read(Scope scope) {
        if (segment == null) {
            Type current = scope.current();
            if (current == null) {
                return List.of();
            }
            Type value = descend(current);
            return value != null && Hl7Values.hasContent(value) ? List.of(value) : List.of();
        }
        Segment seg = scope.segment(segment);
        if (seg == null) {
            return List.of();
        }
        Type[] repetitions;
        try {
            repetitions = seg.getField(field);
        } catch (HL7Exception | RuntimeException beyondTheSegment) {
            // a field past what the structure defines is simply not there
            return List.of();
        }
        if (repetitions.length == 0) {
            return List.of();
        }
        if (repetitions.length == 1) {
            Type value = descend(repetitions[0]);
            return value != null && Hl7Values.hasContent(value) ? List.of(value) : List.of();
        }
        List<Type> values = new ArrayList<>(repetitions.length);
        for (Type repetition : repetitions) {
            Type value = descend(repetition);
            if (value != null && Hl7Values.hasContent(value)) {
                values.add(value);
            }
        }
        return values;
    }

    /** The first present value as text, or null. */
    String text(Scope scope) {
        for (Type value : read(scope)) {
            String text = Hl7Values.text(value);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private Type descend(Type value) {
        Type t = value;
        for (int position : components) {
            t = Hl7Values.component(t, position);
            if (t == null) {
                return null;
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return text;
    }
}
