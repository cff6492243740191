package org.darlingtontogether.carehub.map;

import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a rule reads from: the message, the segment the resource comes from (and its parent segment), the HL7 value a
 * datatype mapping is working on, and the variables of the message and resource.
 */
final class Scope {

    private final MessageRun run;
    private final MappedResource resource;
    private final Type current;

    Scope(MessageRun run, MappedResource resource, Type current) {
        this.run = run;
        this.resource = resource;
        this.current = current;
    }

    Scope withCurrent(Type value) {
        return new Scope(run, resource, value);
    }

    Type current() {
        return current;
    }

    /** The named segment: the resource's own, its parent, or else the first one in the message. */
    Segment segment(String name) {
        if (resource != null) {
            if (resource.segment.getName().equals(name)) {
                return resource.segment;
            }
            if (resource.parentSegment != null && resource.parentSegment.getName().equals(name)) {
                return resource.parentSegment;
            }
        }
        return run.message().first(name);
    }

    List<Object> variable(String name) {
        switch (name) {
            case "nhsNumber":
                return List.of(person().value());
            case "partner":
                return List.of(run.context().partner());
            case "controlId":
                return run.controlId().isEmpty() ? List.of() : List.of(run.controlId());
            case "messageType":
                return List.of(run.message().messageType());
            case "inboxId":
                return List.of(Long.toString(run.context().inboxId()));
            case "occurrence":
                return resource == null ? List.of() : List.of(Integer.toString(resource.occurrence));
            case "ref.Patient":
                return List.of(run.patientReference(person()));
            case "ref.Encounter":
                MappedResource encounter = run.encounter();
                return encounter == null ? List.of() : List.of(reference(encounter));
            case "ref.parent":
                return resource == null || resource.parent == null ? List.of() : List.of(reference(resource.parent));
            case "ref.children":
                if (resource == null) {
                    return List.of();
                }
                List<Object> refs = new ArrayList<>(resource.children.size());
                for (MappedResource child : resource.children) {
                    refs.add(reference(child));
                }
                return refs;
            default:
                if (name.startsWith("event.")) {
                    String value = run.eventValue(name.substring(6));
                    return value == null ? List.of() : List.of(value);
                }
                throw new IllegalStateException("unknown variable $" + name);
        }
    }

    private NhsNumber person() {
        return resource != null ? resource.person : run.context().nhsNumber();
    }

    private static Reference reference(MappedResource target) {
        Reference reference = new Reference(target.resourceType() + "/" + target.id);
        if ("Patient".equals(target.resourceType())) {
            reference.setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(target.person.value()));
        }
        return reference;
    }

    /** Variable names a mapping may use (besides {@code event.<name>}). */
    static final java.util.Set<String> VARIABLES = java.util.Set.of("nhsNumber", "partner", "controlId", "messageType",
            "inboxId", "occurrence", "ref.Patient", "ref.Encounter", "ref.parent", "ref.children");
}
