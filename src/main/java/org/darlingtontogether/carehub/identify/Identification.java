package org.darlingtontogether.carehub.identify;

/**
 * Who a message is about: a checked NHS number, or why there is none (the message goes to quarantine).
 */
public record Identification(NhsNumber nhsNumber, String problem) {

    public static Identification of(NhsNumber nhsNumber) {
        return new Identification(nhsNumber, null);
    }

    public static Identification unidentified(String problem) {
        return new Identification(null, problem);
    }

    public boolean identified() {
        return nhsNumber != null;
    }
}
