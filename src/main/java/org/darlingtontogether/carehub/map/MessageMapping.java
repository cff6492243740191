package org.darlingtontogether.carehub.map;

import java.util.List;

/**
 * An event's mapping from {@code mappings/hl7v2/message/}: event-level values (e.g. the encounter status this event
 * implies), which segments make which resources, and for a merge event where the prior identity is.
 */
record MessageMapping(String event, List<EventValue> values, List<ResourcePlan> resources, MergeRule merge) {

    /** A named value for {@code $event.<name>}: the first option whose conditions hold. */
    record EventValue(String name, List<Option> options) {
        record Option(List<Condition> when, String value) {
        }
    }

    /**
     * Segment {@code segment} makes a {@code resource}: the first such segment, or each one; {@code parent} names the
     * segment that owns it (OBX under OBR) for {@code $ref.parent} and {@code $ref.children}.
     */
    record ResourcePlan(ResourceMapping resource, String segment, boolean each, String parent, List<Condition> when) {
    }

    /** Each {@code segment} (MRG) holds in {@code field} the prior identity merged into the preceding survivor segment. */
    record MergeRule(String segment, int field, String survivor) {
    }
}
