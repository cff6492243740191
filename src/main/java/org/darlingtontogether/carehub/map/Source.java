package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a mapped value comes from: an HL7 v2 location, several locations joined into one text, a constant (which may
 * use {@code ${variable}}), or a variable such as {@code $nhsNumber} or {@code $ref.Patient}. Values are HL7 types,
 * text, or ready FHIR elements (references).
 */
sealed interface Source permits Source.FromHl7, Source.Joined, Source.Constant, Source.Variable {

    List<Object> values(Scope scope);

    /** The first value that has text, or null. */
    default String text(Scope scope) {
        for (Object value : values(scope)) {
            String text = textOf(value);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    static String textOf(Object value) {
        if (value instanceof Type type) {
            return Hl7Values.text(type);
        }
        return value instanceof String s ? s : null;
    }

    /** {@code from: PID-3} or {@code from: 4.1}. */
    record FromHl7(Hl7Path path) implements Source {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public List<Object> values(Scope scope) {
            return (List) path.read(scope);
        }

        @Override
        public String text(Scope scope) {
            return path.text(scope);
        }
    }

    /** {@code from: [4.1, 1, 2]}: the first present text of each location, joined with the separator. */
    record Joined(List<Hl7Path> paths, String separator) implements Source {
        @Override
        public List<Object> values(Scope scope) {
            String text = text(scope);
            return text == null ? List.of() : List.of(text);
        }

        @Override
        public String text(Scope scope) {
            StringBuilder out = null;
            for (Hl7Path path : paths) {
                String part = path.text(scope);
                if (part == null) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(part);
                } else {
                    out.append(separator).append(part);
                }
            }
            return out == null ? null : out.toString();
        }
    }

    /** {@code value: in-progress} or {@code value: https://example/${partner}-mrn}. */
    record Constant(String template, boolean templated) implements Source {
        static Constant of(String template) {
            return new Constant(template, template.contains("${"));
        }

        @Override
        public List<Object> values(Scope scope) {
            String text = text(scope);
            return text == null ? List.of() : List.of(text);
        }

        @Override
        public String text(Scope scope) {
            if (!templated) {
                return template;
            }
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (at < template.length()) {
                int start = template.indexOf("${", at);
                if (start < 0) {
                    out.append(template, at, template.length());
                    break;
                }
                int end = template.indexOf('}', start);
                out.append(template, at, start);
                String value = new Variable(template.substring(start + 2, end)).text(scope);
                if (value == null) {
                    return null;
                }
                out.append(value);
                at = end + 1;
            }
            return out.toString();
        }
    }

    /** {@code value: $nhsNumber}, {@code $event.encounterStatus}, {@code $ref.Patient}. */
    record Variable(String name) implements Source {
        @Override
        public List<Object> values(Scope scope) {
            return new ArrayList<>(scope.variable(name));
        }
    }
}
