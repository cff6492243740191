package org.darlingtontogether.carehub.map;

import java.util.HashMap;
import java.util.Map;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** The state of mapping one message: its facts, event values, and the encounter other resources may refer to. */
final class MessageRun {

    private final ParsedHl7 message;
    private final MappingContext context;
    private final ResourceIds ids;
    private final Map<String, String> eventValues = new HashMap<>();
    private final Map<NhsNumber, String> patientIds = new HashMap<>(2);
    private MappedResource encounter;

    MessageRun(ParsedHl7 message, MappingContext context, ResourceIds ids) {
        this.message = message;
        this.context = context;
        this.ids = ids;
    }

    ParsedHl7 message() {
        return message;
    }

    MappingContext context() {
        return context;
    }

    String controlId() {
        return message.controlId() == null ? "" : message.controlId().strip();
    }

    String eventValue(String name) {
        return eventValues.get(name);
    }

    void eventValue(String name, String value) {
        eventValues.put(name, value);
    }

    MappedResource encounter() {
        return encounter;
    }

    void encounter(MappedResource encounter) {
        this.encounter = encounter;
    }

    /** This partner's Patient id for the person: the Patient resource keyed by NHS number. */
    String patientId(NhsNumber person) {
        return patientIds.computeIfAbsent(person, p -> ids.idFor(context.partner(), "Patient", p.value()));
    }

    /** A reference to the person's Patient in this partner's record, with the NHS number as its identifier. */
    Reference patientReference(NhsNumber person) {
        Reference reference = new Reference("Patient/" + patientId(person));
        reference.setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value()));
        return reference;
    }
}
