package org.darlingtontogether.carehub.identify;

import java.util.Objects;

/**
 * A checked NHS number: ten digits, the last a Modulus 11 check digit over the first nine
 * (weights 10 down to 2; 11 minus the sum mod 11, where 11 becomes 0 and 10 is never issued).
 * {@link #toString()} never reveals the number, so one cannot reach a log by accident; use {@link #value()}.
 */
public final class NhsNumber {

    /** The FHIR identifier system for NHS numbers in England and Wales. */
    public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    private final String value;

    private NhsNumber(String value) {
        this.value = value;
    }

    /** Parses an NHS number as partners write it (spaces or dashes allowed), or throws with the specific problem. */
    public static NhsNumber of(String raw) {
        String problem = problemWith(raw);
        if (problem != null) {
            throw new InvalidNhsNumberException(problem);
        }
        return new NhsNumber(normalise(raw));
    }

    /** Null when the text is a valid NHS number; otherwise why not, in words safe to log (no digits echoed). */
    public static String problemWith(String raw) {
        if (raw == null || raw.isBlank()) {
            return "NHS number is missing";
        }
        String digits = normalise(raw);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "NHS number contains characters other than digits, spaces and dashes";
        }
        if (digits.length() != 10) {
            return "NHS number has " + digits.length() + " digits, not 10";
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        if (check == 10) {
            return "NHS number is not valid (no check digit is possible for its first nine digits)";
        }
        if (check != digits.charAt(9) - '0') {
            return "NHS number fails the Modulus 11 check";
        }
        return null;
    }

    public static boolean isValid(String raw) {
        return problemWith(raw) == null;
    }

    private static String normalise(String raw) {
        return raw.strip().replace(" ", "").replace("-", "");
    }

    /** The ten digits. */
    public String value() {
        return value;
    }

    /** The ten digits as people write them: 3, 3 and 4 ({@code 943 476 5919}). */
    public String formatted() {
        return value.substring(0, 3) + " " + value.substring(3, 6) + " " + value.substring(6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NhsNumber other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "NhsNumber[***]";
    }

    /** An NHS number that cannot be used, with the reason. */
    public static class InvalidNhsNumberException extends IllegalArgumentException {
        public InvalidNhsNumberException(String message) {
            super(message);
        }
    }
}
