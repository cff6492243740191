package org.darlingtontogether.carehub.map;

/** A mapping file that cannot be used, naming the file and the place in it; raised at startup, never mid-flow. */
public class MappingLoadException extends IllegalStateException {
    public MappingLoadException(String message) {
        super(message);
    }

    public MappingLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
