package org.darlingtontogether.carehub.govern;

import java.util.List;

/** Everything the decision point needs to know about one person's wishes: their directives and the national opt-out. */
public record PersonDirectives(List<Directive> directives, boolean nationalOptOut) {

    public static final PersonDirectives NONE = new PersonDirectives(List.of(), false);

    public PersonDirectives {
        directives = List.copyOf(directives);
    }
}
