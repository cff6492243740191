package org.darlingtontogether.carehub.parse;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HL7 v2 message parsed onto the canonical (v2.5) structures, with the facts every later stage needs and its
 * segments indexed once in message order, so mappings read fields without Terser path searches.
 */
public final class ParsedHl7 {

    private final Message message;
    private final String messageType;
    private final String controlId;
    private final String version;
    private List<Segment> ordered;
    private Map<String, List<Segment>> byName;

    public ParsedHl7(Message message, String messageType, String controlId, String version) {
        this.message = message;
        this.messageType = messageType;
        this.controlId = controlId;
        this.version = version;
    }

    public Message message() { return message; }
    /** MSH-9 event as {@code CODE^TRIGGER}, e.g. {@code ADT^A01}. */
    public String messageType() { return messageType; }
    /** MSH-10, possibly empty. */
    public String controlId() { return controlId; }
    /** MSH-12 as the sender wrote it. */
    public String version() { return version; }

    /** Every present segment in message order (groups flattened). */
    public synchronized List<Segment> segments() {
        if (ordered == null) {
            List<Segment> all = new ArrayList<>();
            collect(message, all);
            Map<String, List<Segment>> index = new LinkedHashMap<>();
            for (Segment s : all) {
                index.computeIfAbsent(s.getName(), k -> new ArrayList<>()).add(s);
            }
            ordered = Collections.unmodifiableList(all);
            byName = index;
        }
        return ordered;
    }

    /** Present segments with this name (e.g. {@code PID}) in message order; empty when none. */
    public List<Segment> segments(String name) {
        segments();
        return byName.getOrDefault(name, List.of());
    }

    /** The first present segment with this name, or null. */
    public Segment first(String name) {
        List<Segment> found = segments(name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void collect(Group group, List<Segment> into) {
        try {
            for (String name : group.getNames()) {
                for (Structure s : group.getAll(name)) {
                    if (s instanceof Segment seg) {
                        if (!seg.isEmpty()) {
                            into.add(seg);
                        }
                    } else if (s instanceof Group g) {
                        collect(g, into);
                    }
                }
            }
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot walk message structure: " + e.getMessage(), e);
        }
    }
}
