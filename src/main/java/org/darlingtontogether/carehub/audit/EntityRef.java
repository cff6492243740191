package org.darlingtontogether.carehub.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One resource named by an audit row about several ({@link AuditEntry#entities}): its id and version. The column
 * {@code entity_refs} holds them as {@code id/version}, space-separated; this is the one place that writes and reads it.
 */
public record EntityRef(String id, String version) {

    public static String join(List<EntityRef> refs) {
        StringJoiner text = new StringJoiner(" ");
        for (EntityRef ref : refs) {
            text.add(ref.id() + "/" + ref.version());
        }
        return text.toString();
    }

    /** The references of an {@code entity_refs} value, in order; none for null. */
    public static List<EntityRef> split(String refs) {
        List<EntityRef> all = new ArrayList<>();
        if (refs == null) {
            return all;
        }
        for (String ref : refs.split(" ")) {
            int slash = ref.lastIndexOf('/');
            all.add(new EntityRef(ref.substring(0, slash), ref.substring(slash + 1)));
        }
        return all;
    }
}
