package org.darlingtontogether.carehub.map;

import java.util.List;
import java.util.Set;

/**
 * A test on the message that decides whether a rule applies: a value is present or absent, is or is not one of
 * some codes (case-insensitive), or any of several tests holds.
 */
sealed interface Condition permits Condition.Present, Condition.OneOf, Condition.AnyOf {

    boolean test(Scope scope);

    static boolean all(List<Condition> conditions, Scope scope) {
        for (Condition condition : conditions) {
            if (!condition.test(scope)) {
                return false;
            }
        }
        return true;
    }

    /** {@code present: PV1-45} (wanted true) or {@code absent: PV1-45} (wanted false): anything in any component counts. */
    record Present(Source source, boolean wanted) implements Condition {
        @Override
        public boolean test(Scope scope) {
            return !source.values(scope).isEmpty() == wanted;
        }
    }

    /** {@code from: PV1-2, in: [I, E]} or {@code notIn}; an absent value is in no list. Codes are upper-cased. */
    record OneOf(Source source, Set<String> codes, boolean wanted) implements Condition {
        @Override
        public boolean test(Scope scope) {
            String text = source.text(scope);
            boolean in = text != null && codes.contains(text.toUpperCase(java.util.Locale.ROOT));
            return in == wanted;
        }
    }

    /** {@code anyOf: [...]}. */
    record AnyOf(List<Condition> options) implements Condition {
        @Override
        public boolean test(Scope scope) {
            for (Condition option : options) {
                if (option.test(scope)) {
                    return true;
                }
            }
            return false;
        }
    }
}
