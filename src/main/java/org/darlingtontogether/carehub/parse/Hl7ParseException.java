package org.darlingtontogether.carehub.parse;

/** A message that cannot be read as HL7 v2, with a reason fit for an ERR segment (no patient data in it). */
public class Hl7ParseException extends Exception {
    private final String location;

    public Hl7ParseException(String message, String location, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    /** Where the problem is, e.g. {@code MSH-9}, or null when it is the message as a whole. */
    public String location() {
        return location;
    }
}
