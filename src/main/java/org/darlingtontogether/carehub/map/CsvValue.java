package org.darlingtontogether.carehub.map;

/**
 * Where a CSV rule's value comes from: a column of the row (converted by its declared type), a constant (may use
 * {@code ${partner}}), or a variable ({@code $nhsNumber}, {@code $partner}, {@code $extract}, {@code $ref.Patient}).
 */
record CsvValue(Kind kind, String text) {

    enum Kind { COLUMN, CONSTANT, VARIABLE }

    static final java.util.Set<String> VARIABLES = java.util.Set.of("$nhsNumber", "$partner", "$extract", "$ref.Patient");

    /** The value for this row: a String, or a ready FHIR element for {@code $ref.Patient}; null when absent. */
    Object resolve(CsvRow row) {
        return switch (kind) {
            case COLUMN -> row.value(text);
            case CONSTANT -> text.replace("${partner}", row.partner());
            case VARIABLE -> row.variable(text);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.COLUMN ? text : kind == Kind.CONSTANT ? "'" + text + "'" : text;
    }
}
