package org.darlingtontogether.carehub.parse;

/** A partner's FHIR resource that cannot be read; the message says why (it may quote the content, so it is never logged). */
public class FhirParseException extends Exception {

    private final String loggable;

    public FhirParseException(String message, String loggable, Throwable cause) {
        super(message, cause);
        this.loggable = loggable;
    }

    /** What may be logged: the kind of problem, never content. */
    public String loggable() {
        return loggable;
    }
}
