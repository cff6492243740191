package org.darlingtontogether.carehub.govern;

/** An agreement file that cannot be used, naming the file, the line and the problem; stops the hub at start-up. */
public class AgreementLoadException extends IllegalStateException {
    public AgreementLoadException(String message) {
        super(message);
    }

    public AgreementLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
