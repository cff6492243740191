package org.darlingtontogether.carehub.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.darlingtontogether.carehub.identify.FhirPatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.identify.NhsNumber;
import org.darlingtontogether.carehub.identify.PartnerPatientIndex;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.map.FhirResourceMapper;
import org.darlingtontogether.carehub.map.MappingContext;
import org.darlingtontogether.carehub.map.MappingException;
import org.darlingtontogether.carehub.parse.FhirParseException;
import org.darlingtontogether.carehub.parse.FhirParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * FHIR R4 resources from partners' FHIR servers (one resource per inbox row, JSON or XML): parse, find the NHS number
 * however the partner writes it, normalise into the shared record with {@code mappings/fhir}. A partner's Patient is
 * remembered with its NHS number (or its problem) so the resources that name it by the partner's id find their person.
 */
@Component
public class FhirInboxFormat implements InboxFormat {

    public static final String FORMAT = "FHIR";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirParser parser;
    private final FhirPatientIdentifier identifier;
    private final FhirResourceMapper mapper;
    private final PartnerPatientIndex partnerPatients;

    public FhirInboxFormat(FhirParser parser, FhirPatientIdentifier identifier, FhirResourceMapper mapper, PartnerPatientIndex partnerPatients) {
        this.parser = parser;
        this.identifier = identifier;
        this.mapper = mapper;
        this.partnerPatients = partnerPatients;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Prepared prepare(InboxEntry entry) {
        return prepare(entry, read(entry));
    }

    /**
     * Each resource read first, then the partner Patients they name read ahead from the index in one query, then each
     * identified and mapped in order (a Patient earlier in the batch is found as it was remembered).
     */
    @Override
    public List<Prepared> prepareAll(List<InboxEntry> entries) {
        List<Read> reads = new ArrayList<>(entries.size());
        Map<String, Set<String>> named = new HashMap<>();
        for (InboxEntry entry : entries) {
            Read read = read(entry);
            reads.add(read);
            if (read.resource() != null && entry.nhsNumberOverride() == null) {
                identifier.partnerPatientNamed(read.resource(), mapper.personElements(read.resource().fhirType()))
                        .ifPresent(id -> named.computeIfAbsent(entry.partner(), partner -> new HashSet<>()).add(id));
            }
        }
        partnerPatients.readAhead(named);
        List<Prepared> prepared = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            prepared.add(prepare(entries.get(i), reads.get(i)));
        }
        return prepared;
    }

    /** A stored entry read: a resource parsed, a deletion of the partner's (its {@code Type/id}), or why it cannot be taken in. */
    private record Read(Resource resource, String deleted, Prepared parked) {
    }

    private Read read(InboxEntry entry) {
        Optional<String> deleted = deletedReference(entry.payload());
        if (deleted.isPresent()) {
            return new Read(null, deleted.get(), null);
        }
        Resource resource;
        try {
            resource = parser.parse(entry.payload());
        } catch (FhirParseException e) {
            return failed(Prepared.parked(InboxState.FAILED, e.getMessage(), e.loggable()));
        }
        String type = resource.fhirType();
        if (resource instanceof Bundle) {
            return failed(Prepared.parked(InboxState.FAILED, "a Bundle is not taken as one record: feeds take each resource"
                    + " as its own inbox entry (the FHIR feed splits search pages into their resources)"));
        }
        if (!mapper.supports(type)) {
            return failed(Prepared.parked(InboxState.FAILED, type + " is not taken from FHIR feeds (no mappings/fhir/resource/" + type + ".yml)"));
        }
        return new Read(resource, null, null);
    }

    private static Read failed(Prepared parked) {
        return new Read(null, null, parked);
    }

    /** Identify and map what was read, in the batch's order (a deletion of a Patient finds it as a resource would). */
    private Prepared prepare(InboxEntry entry, Read read) {
        if (read.parked() != null) {
            return read.parked();
        }
        if (read.deleted() != null) {
            return deletion(entry, read.deleted());
        }
        Resource resource = read.resource();
        String type = resource.fhirType();
        Identification who = entry.nhsNumberOverride() != null
                ? Identification.of(NhsNumber.of(entry.nhsNumberOverride()))
                : identifier.identify(resource, entry.partner(), mapper.personElements(type), mapper.nhsNumberSystems());
        String partnerId = resource.getIdElement().getIdPart();
        if (resource instanceof Patient && partnerId != null) {
            partnerPatients.remember(entry.partner(), partnerId, who.identified() ? who.nhsNumber().value() : null, who.problem());
        }
        if (!who.identified()) {
            return Prepared.parked(InboxState.QUARANTINED, who.problem());
        }
        try {
            return Prepared.processed(mapper.map(resource, entry.messageKey(), new MappingContext(entry.partner(), entry.id(), who.nhsNumber())));
        } catch (MappingException e) {
            return Prepared.parked(InboxState.FAILED, e.getMessage());
        }
    }

    /** A resource may name a partner Patient that came earlier in its batch: prepared in order. */
    @Override
    public boolean preparesEachAlone() {
        return false;
    }

    /** The partner Patients this batch identified, written before its record changes. */
    @Override
    public void flushPrepared() {
        partnerPatients.flush();
    }

    /** A partner's history entry saying it deleted a resource: {@code {"request": {"method": "DELETE", "url": "Type/id/_history/n"}}}. */
    private Prepared deletion(InboxEntry entry, String url) {
        String[] parts = url.split("/");
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            return Prepared.parked(InboxState.FAILED, "a deletion whose request.url names no Type/id");
        }
        try {
            return Prepared.processed(mapper.deletion(entry.partner(), parts[0], parts[1]));
        } catch (MappingException e) {
            return Prepared.parked(InboxState.FAILED, e.getMessage());
        }
    }

    /** The request.url of a DELETE history entry, when the payload is one (not a resource). */
    static Optional<String> deletedReference(String payload) {
        if (payload == null || !payload.stripLeading().startsWith("{") || !payload.contains("\"DELETE\"")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node.has("resourceType") || !"DELETE".equals(node.path("request").path("method").asText())) {
                return Optional.empty();
            }
            String url = node.path("request").path("url").asText("");
            return Optional.of(url.startsWith("/") ? url.substring(1) : url);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
