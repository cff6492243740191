package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.hl7.fhir.r4.model.Resource;

/**
 * Runs one event mapping over one message: decides which segments make which resources and whom each is about,
 * derives every id from its source key first (so resources can refer to each other), then fills them in and stamps
 * provenance ({@code meta.source}) and data category ({@code meta.tag}).
 */
final class MessageMapper {


    private final ResourceIds ids;
    private final Hl7PatientIdentifier identifier;

    MessageMapper(ResourceIds ids, Hl7PatientIdentifier identifier) {
        this.ids = ids;
        this.identifier = identifier;
    }

    MappedMessage map(MessageMapping mapping, ParsedHl7 message, MappingContext context) {
        MessageRun run = new MessageRun(message, context, ids);
        Scope messageScope = new Scope(run, null, null);
        for (MessageMapping.EventValue value : mapping.values()) {
            for (MessageMapping.EventValue.Option option : value.options()) {
                if (Condition.all(option.when(), messageScope)) {
                    run.eventValue(value.name(), option.value());
                    break;
                }
            }
        }
        List<Segment> ordered = message.segments();
        Map<Segment, Integer> position = new IdentityHashMap<>(ordered.size() * 2);
        for (int i = 0; i < ordered.size(); i++) {
            position.put(ordered.get(i), i);
        }
        Map<Segment, NhsNumber> people = people(mapping, message, context);

        List<MappedResource> resources = plan(mapping, run, ordered, position, people);
        String source = RecordMeta.source(context.partner(),
                run.controlId().isEmpty() ? "inbox-" + context.inboxId() : fragment(run.controlId()));
        List<RecordWrite> writes = new ArrayList<>(resources.size());
        for (MappedResource resource : resources) {
            ResourceMapping resourceMapping = resource.plan.resource();
            try {
                ElementWriter.applyAll(resourceMapping.rules(), resource.resource, new Scope(run, resource, null));
            } catch (MappingException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MappingException(resource.resourceType() + " from " + resource.segment.getName() + " "
                        + resource.occurrence + ": cannot map (" + e.getClass().getSimpleName() + ")", e);
            }
            RecordMeta.stamp(resource.resource, source, resourceMapping.category());
            for (String label : resourceMapping.security()) {
                RecordMeta.label(resource.resource, label);
            }
            writes.add(new RecordWrite(resource.resource, resource.person.value(), context.partner(), context.inboxId(),
                    resourceMapping.category()));
        }
        List<MappedMessage.Merge> merges = mapping.merge() == null ? List.of() : merges(mapping, ordered, people);
        if (writes.isEmpty() && merges.isEmpty()) {
            throw new MappingException(mapping.event() + ": nothing to map (no " + String.join(", no ",
                    mapping.resources().stream().map(MessageMapping.ResourcePlan::segment).distinct().toList()) + ")");
        }
        return new MappedMessage(List.copyOf(writes), merges);
    }

    /** Pass one: which resources the message makes, their people, ids and parent links. */
    private List<MappedResource> plan(MessageMapping mapping, MessageRun run, List<Segment> ordered,
                                      Map<Segment, Integer> position, Map<Segment, NhsNumber> people) {
        List<MappedResource> resources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<Segment, MappedResource> bySegment = new IdentityHashMap<>();
        for (MessageMapping.ResourcePlan plan : mapping.resources()) {
            List<Segment> segments = run.message().segments(plan.segment());
            int count = plan.each() ? segments.size() : Math.min(1, segments.size());
            for (int i = 0; i < count; i++) {
                Segment segment = segments.get(i);
                int at = position.get(segment);
                Segment parent = plan.parent() == null ? null : preceding(ordered, at, plan.parent());
                MappedResource resource = new MappedResource(plan, segment, i + 1, parent, personAt(ordered, at, people, run));
                Scope scope = new Scope(run, resource, null);
                if (!Condition.all(plan.when(), scope) || !Condition.all(plan.resource().when(), scope)) {
                    continue;
                }
                String key = sourceKey(plan.resource(), scope);
                if (key == null) {
                    throw new MappingException(plan.resource().resourceType() + " from " + plan.segment() + " " + (i + 1)
                            + ": none of its source key alternatives is present");
                }
                resource.id = ids.idFor(run.context().partner(), plan.resource().resourceType(), key);
                if (!seen.add(plan.resource().resourceType() + "/" + resource.id)) {
                    // the same fact twice in one message: the first occurrence stands
                    continue;
                }
                Resource fhir = (Resource) plan.resource().definition().newInstance();
                fhir.setId(resource.id);
                resource.resource = fhir;
                resources.add(resource);
                bySegment.putIfAbsent(segment, resource);
                if (run.encounter() == null && "Encounter".equals(resource.resourceType())) {
                    run.encounter(resource);
                }
            }
        }
        for (MappedResource resource : resources) {
            if (resource.parentSegment != null) {
                MappedResource parent = bySegment.get(resource.parentSegment);
                if (parent != null) {
                    resource.parent = parent;
                    parent.children.add(resource);
                }
            }
        }
        return resources;
    }

    /** The first alternative whose required parts are all present, joined with '|'. */
    private static String sourceKey(ResourceMapping mapping, Scope scope) {
        alternatives:
        for (List<ResourceMapping.KeyPart> alternative : mapping.sourceKey()) {
            StringBuilder key = new StringBuilder();
            for (ResourceMapping.KeyPart part : alternative) {
                String text = part.source().text(scope);
                if (text == null && !part.optional()) {
                    continue alternatives;
                }
                if (!key.isEmpty()) {
                    key.append('|');
                }
                key.append(text == null ? "" : text);
            }
            return key.toString();
        }
        return null;
    }

    /**
     * Whom each PID is about. The first PID is the identified person (or the corrected NHS number of a released
     * message). A merge event names a survivor in each PID; any other event must be about one person only.
     */
    private Map<Segment, NhsNumber> people(MessageMapping mapping, ParsedHl7 message, MappingContext context) {
        List<Segment> pids = message.segments("PID");
        Map<Segment, NhsNumber> people = new IdentityHashMap<>();
        for (int i = 0; i < pids.size(); i++) {
            Segment pid = pids.get(i);
            if (i == 0) {
                people.put(pid, context.nhsNumber());
                continue;
            }
            Identification who = identifier.fromIdentifierList(pid, 3, "PID-3");
            if (mapping.merge() != null) {
                if (!who.identified()) {
                    throw new MappingException("PID " + (i + 1) + ": " + who.problem());
                }
                people.put(pid, who.nhsNumber());
            } else if (who.identified() ? who.nhsNumber().equals(context.nhsNumber()) : sameIdentifiers(pids.get(0), pid)) {
                people.put(pid, context.nhsNumber());
            } else {
                throw new MappingException(message.messageType() + " about several patients (PID " + (i + 1)
                        + " is another person): not supported");
            }
        }
        return people;
    }

    private static boolean sameIdentifiers(Segment first, Segment other) {
        try {
            Type[] a = first.getField(3);
            Type[] b = other.getField(3);
            if (a.length != b.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                if (!a[i].encode().equals(b[i].encode())) {
                    return false;
                }
            }
            return true;
        } catch (HL7Exception e) {
            return false;
        }
    }

    /** The person of a segment: that of the nearest PID at or before it. */
    private static NhsNumber personAt(List<Segment> ordered, int at, Map<Segment, NhsNumber> people, MessageRun run) {
        for (int i = at; i >= 0; i--) {
            NhsNumber person = people.get(ordered.get(i));
            if (person != null) {
                return person;
            }
        }
        return run.context().nhsNumber();
    }

    private static Segment preceding(List<Segment> ordered, int at, String name) {
        for (int i = at - 1; i >= 0; i--) {
            if (ordered.get(i).getName().equals(name)) {
                return ordered.get(i);
            }
        }
        return null;
    }

    /** Each merge segment's prior NHS number merged into the survivor of the PID before it. */
    private List<MappedMessage.Merge> merges(MessageMapping mapping, List<Segment> ordered, Map<Segment, NhsNumber> people) {
        MessageMapping.MergeRule rule = mapping.merge();
        String label = rule.segment() + "-" + rule.field();
        Set<MappedMessage.Merge> merges = new LinkedHashSet<>();
        NhsNumber survivor = null;
        int found = 0;
        for (Segment segment : ordered) {
            if (segment.getName().equals(rule.survivor())) {
                survivor = people.get(segment);
            } else if (segment.getName().equals(rule.segment())) {
                found++;
                if (survivor == null) {
                    throw new MappingException(label + ": " + rule.segment() + " " + found + " has no " + rule.survivor()
                            + " before it");
                }
                Identification prior = identifier.fromIdentifierList(segment, rule.field(), label);
                if (prior.identified()) {
                    if (!prior.nhsNumber().equals(survivor)) {
                        merges.add(new MappedMessage.Merge(prior.nhsNumber(), survivor));
                    }
                } else if (!prior.problem().startsWith("no NHS number")) {
                    // a prior NHS number that is there but wrong cannot be merged by guesswork
                    throw new MappingException(prior.problem());
                }
            }
        }
        if (found == 0) {
            throw new MappingException(mapping.event() + " has no " + rule.segment() + " segment: nothing to merge");
        }
        return List.copyOf(merges);
    }

    /** MSH-10 as a URI fragment: characters outside the unreserved set percent-encoded. */
    static String fragment(String controlId) {
        StringBuilder out = new StringBuilder(controlId.length());
        for (byte b : controlId.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
