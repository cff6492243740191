package org.darlingtontogether.carehub.api.security;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why a consumer reads the shared record: each purpose has its own consent rule (DESIGN.md, domain facts). */
public enum Purpose {
    /** Implied consent; the person may object. */
    DIRECT_CARE("direct-care"),
    /** Explicit consent only. */
    NAVIGATOR("navigator"),
    /** Risk profiling; the national data opt-out applies. */
    PLANNING("planning");

    private final String code;

    Purpose(String code) {
        this.code = code;
    }

    /** The name used in configuration and in the token's {@code purpose} claim. */
    public String code() {
        return code;
    }

    public static Optional<Purpose> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    public static String knownCodes() {
        return Arrays.stream(values()).map(Purpose::code).collect(Collectors.joining(", "));
    }
}
