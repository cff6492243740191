package org.darlingtontogether.carehub.govern;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The consent a sharing rule relies on, as the agreement names it. */
public enum ConsentModel {
    /** Implied consent for direct care: shared unless the person has objected. */
    IMPLIED_WITH_OBJECTION("implied-with-objection"),
    /** Shared only while the person's explicit consent is recorded (navigator pilot, mental health to the high-impact MDT). */
    EXPLICIT("explicit"),
    /** Planning: shared unless the person objected or is on the national data opt-out list. */
    OPT_OUT_APPLIES("opt-out-applies");

    private final String code;

    ConsentModel(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ConsentModel> fromCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }

    public static String knownCodes() {
        return Arrays.stream(values()).map(ConsentModel::code).collect(Collectors.joining(", "));
    }
}
