package org.darlingtontogether.carehub.map;

import java.util.List;
import java.util.Set;

/** A condition on a CSV row: a column present or absent, in or not in a list of values (case-insensitive), or any of several. */
record CsvCondition(Kind kind, CsvValue value, Set<String> values, List<CsvCondition> anyOf) {

    enum Kind { PRESENT, ABSENT, IN, NOT_IN, ANY_OF }

    boolean holds(CsvRow row) {
        if (kind == Kind.ANY_OF) {
            return anyOf.stream().anyMatch(c -> c.holds(row));
        }
        Object resolved = value.resolve(row);
        String text = resolved == null ? null : resolved.toString();
        return switch (kind) {
            case PRESENT -> text != null;
            case ABSENT -> text == null;
            case IN -> text != null && values.contains(text.toUpperCase(java.util.Locale.ROOT));
            case NOT_IN -> text == null || !values.contains(text.toUpperCase(java.util.Locale.ROOT));
            default -> false;
        };
    }

    static boolean all(List<CsvCondition> conditions, CsvRow row) {
        for (CsvCondition condition : conditions) {
            if (!condition.holds(row)) {
                return false;
            }
        }
        return true;
    }
}
