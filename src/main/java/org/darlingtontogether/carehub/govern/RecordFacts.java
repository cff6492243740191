package org.darlingtontogether.carehub.govern;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What governance looks at in a record: its source partner, its data category ({@code meta.tag}) and the sensitive
 * categories of its security labels ({@code meta.security}). Never its clinical content.
 */
public record RecordFacts(String source, String category, Set<String> labels) {

    public RecordFacts {
        labels = labels == null ? Set.of() : labels;
    }

    /** The category and every labelled one: a rule must grant each of them. */
    public Set<String> categories() {
        if (labels.isEmpty() || (labels.size() == 1 && labels.contains(category))) {
            return Set.of(category);
        }
        Set<String> all = new LinkedHashSet<>();
        all.add(category);
        all.addAll(labels);
        return all;
    }
}
