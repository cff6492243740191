package org.darlingtontogether.carehub.config;

import java.util.ArrayList;
import java.util.List;

/** Keys looked up with {@code in (...)}, in lists short enough for one statement's parameters on any database. */
public final class KeyLists {

    /** The most keys one statement names (a composite key is one, however many parameters it takes). */
    public static final int MOST_PER_STATEMENT = 1000;

    private KeyLists() {
    }

    /** The keys in order, in consecutive parts of at most {@link #MOST_PER_STATEMENT} (views of the list). */
    public static <T> List<List<T>> parts(List<T> keys) {
        List<List<T>> parts = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MOST_PER_STATEMENT) {
            parts.add(keys.subList(from, Math.min(keys.size(), from + MOST_PER_STATEMENT)));
        }
        return parts;
    }
}
