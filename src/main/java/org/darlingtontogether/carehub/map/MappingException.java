package org.darlingtontogether.carehub.map;

/** A message that was read but cannot be mapped; the message names the field and problem, never patient data. */
public class MappingException extends RuntimeException {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
