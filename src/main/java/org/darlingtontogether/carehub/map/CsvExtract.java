package org.darlingtontogether.carehub.map;

import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One partner extract as declared in {@code mappings/csv/<partner>/<extract>.yml}: which files it is, its columns
 * (by header name, with type, date format, code list and whether required), the person's NHS number column, and
 * which FHIR resources a row makes. Checks headers and rows; knows nothing of where files come from.
 */
public final class CsvExtract {

    /** A column's type: what a value must look like to be accepted. */
    public enum Type { TEXT, DATE, DECIMAL, INTEGER }

    /** A declared column. {@code codes} are upper case; empty means any value. */
    public record Column(String name, Type type, boolean required, Set<String> codes, String datePattern, DateTimeFormatter dateFormat,
                         BigDecimal min, BigDecimal max) {
    }

    private final String name;
    private final String partner;
    private final String filePattern;
    private final PathMatcher files;
    private final String category;
    private final String nhsNumberColumn;
    private final Map<String, Column> columns;
    private final List<CsvResourceMapping> resources;

    CsvExtract(String name, String partner, String filePattern, String category, String nhsNumberColumn,
               Map<String, Column> columns, List<CsvResourceMapping> resources) {
        this.name = name;
        this.partner = partner;
        this.filePattern = filePattern;
        this.files = FileSystems.getDefault().getPathMatcher("glob:" + filePattern);
        this.category = category;
        this.nhsNumberColumn = nhsNumberColumn;
        this.columns = columns;
        this.resources = resources;
    }

    public String name() { return name; }
    public String partner() { return partner; }
    public String filePattern() { return filePattern; }
    public String category() { return category; }
    public String nhsNumberColumn() { return nhsNumberColumn; }
    public Map<String, Column> columns() { return columns; }
    List<CsvResourceMapping> resources() { return resources; }

    /** True when a file of this name is this extract (by the declared glob, e.g. {@code dbc_people_*.csv}). */
    public boolean matches(String fileName) {
        return files.matches(Path.of(fileName));
    }

    /**
     * Binds a file's header to the declared columns, or says why it does not match: every declared column must be
     * there exactly once and nothing else (order is free). The reason names columns, never values.
     */
    public Layout layout(List<String> header) {
        List<String> missing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!columns.containsKey(column)) {
                unknown.add(column.isEmpty() ? "(empty)" : column);
            } else if (index.putIfAbsent(column, i) != null) {
                repeated.add(column);
            }
        }
        for (String column : columns.keySet()) {
            if (!index.containsKey(column)) {
                missing.add(column);
            }
        }
        if (missing.isEmpty() && unknown.isEmpty() && repeated.isEmpty()) {
            return new Layout(header, null);
        }
        StringBuilder problem = new StringBuilder("header does not match extract " + name + ":");
        if (!missing.isEmpty()) {
            problem.append(" missing ").append(missing).append(';');
        }
        if (!unknown.isEmpty()) {
            problem.append(" not in the mapping ").append(unknown).append(';');
        }
        if (!repeated.isEmpty()) {
            problem.append(" repeated ").append(repeated).append(';');
        }
        problem.setLength(problem.length() - 1);
        return new Layout(header, problem + " (expected " + String.join(",", columns.keySet()) + ")");
    }

    /** A file's header bound to the extract; {@code problem} is set when it does not match. */
    public final class Layout {
        private final List<String> header;
        private final String problem;
        private final Column[] byPosition;

        private Layout(List<String> header, String problem) {
            this.header = List.copyOf(header);
            this.problem = problem;
            this.byPosition = header.stream().map(columns::get).toArray(Column[]::new);
        }

        public String problem() {
            return problem;
        }

        public List<String> header() {
            return header;
        }

        /**
         * What is wrong with a data row, or null when it is good: the field count, then each column in header order
         * (required, type, code list, range). Reasons name the column and the rule, never the value.
         */
        public String rowProblem(List<String> values) {
            if (values.size() != byPosition.length) {
                return "row has " + values.size() + " fields, the header has " + byPosition.length;
            }
            for (int i = 0; i < byPosition.length; i++) {
                String problem = valueProblem(byPosition[i], values.get(i));
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
    }

    private static String valueProblem(Column column, String raw) {
        if (raw == null || raw.isEmpty()) {
            return column.required() ? column.name() + " is required" : null;
        }
        switch (column.type()) {
            case DATE -> {
                if (parseDate(column, raw) == null) {
                    return column.name() + " is not a date in the form " + column.datePattern();
                }
            }
            case DECIMAL, INTEGER -> {
                BigDecimal number = parseNumber(column, raw);
                if (number == null) {
                    return column.name() + " is not " + (column.type() == Type.INTEGER ? "a whole number" : "a number");
                }
                if (column.min() != null && number.compareTo(column.min()) < 0
                        || column.max() != null && number.compareTo(column.max()) > 0) {
                    return column.name() + " is outside " + (column.min() == null ? "" : column.min().toPlainString()) + ".."
                            + (column.max() == null ? "" : column.max().toPlainString());
                }
            }
            default -> {
            }
        }
        if (!column.codes().isEmpty() && !column.codes().contains(raw.toUpperCase(Locale.ROOT))) {
            return column.name() + " is not one of " + column.codes().stream().sorted().toList();
        }
        return null;
    }

    /**
     * A checked value as FHIR wants it: dates as {@code yyyy-MM-dd}, numbers in plain notation, codes in upper case,
     * text as sent; null for an empty field or a column not declared.
     */
    String fhirValue(String column, String raw) {
        Column declared = columns.get(column);
        if (declared == null || raw == null || raw.isEmpty()) {
            return null;
        }
        return switch (declared.type()) {
            case DATE -> {
                LocalDate date = parseDate(declared, raw);
                yield date == null ? null : date.toString();
            }
            case DECIMAL, INTEGER -> {
                BigDecimal number = parseNumber(declared, raw);
                yield number == null ? null : number.toPlainString();
            }
            default -> declared.codes().isEmpty() ? raw : raw.toUpperCase(Locale.ROOT);
        };
    }

    private static LocalDate parseDate(Column column, String raw) {
        try {
            return LocalDate.parse(raw, column.dateFormat());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal parseNumber(Column column, String raw) {
        try {
            BigDecimal number = new BigDecimal(raw);
            if (column.type() == Type.INTEGER && number.stripTrailingZeros().scale() > 0) {
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A date pattern as partners write it ({@code dd/MM/yyyy}), parsed strictly (no 31/02). */
    static DateTimeFormatter datePattern(String pattern) {
        return DateTimeFormatter.ofPattern(pattern.replace('y', 'u'), Locale.UK).withResolverStyle(ResolverStyle.STRICT);
    }

    @Override
    public String toString() {
        return name;
    }
}
