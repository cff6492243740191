package org.darlingtontogether.carehub.govern;

import java.util.List;

/** A Consent the hub will not record, with everything wrong with it (safe to show the client: no patient data). */
public class ConsentRefusedException extends RuntimeException {

    private final transient List<String> problems;
    private final boolean notFound;

    public ConsentRefusedException(List<String> problems, boolean notFound) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.notFound = notFound;
    }

    public List<String> problems() {
        return problems;
    }

    /** The Consent to update does not exist (404 rather than 422). */
    public boolean notFound() {
        return notFound;
    }
}
