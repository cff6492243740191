package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * HL7 v2 messages into FHIR R4 resources for the shared record, as the declarative mappings in
 * {@code carehub.mappings.location} (folder {@code hl7v2/}) say. The mappings are loaded and compiled once at
 * startup; a mistake in them stops startup with the file and place named.
 */
@Component
public class Hl7v2Mapper {

    private static final Logger log = LoggerFactory.getLogger(Hl7v2Mapper.class);

    private final Map<String, MessageMapping> mappings;
    private final MessageMapper mapper;

    public Hl7v2Mapper(CarehubProperties properties, ResourceIds ids, FhirContext fhir) {
        Path location = properties.getMappings().getLocation();
        this.mappings = Map.copyOf(new MappingLoader(fhir).load(location));
        this.mapper = new MessageMapper(ids, new Hl7PatientIdentifier());
        log.info("HL7 v2 mappings loaded from {}: {}", location.toAbsolutePath(), new java.util.TreeSet<>(mappings.keySet()));
    }

    /** True when a mapping exists for the event, e.g. {@code ADT^A01}. */
    public boolean supports(String messageType) {
        return messageType != null && mappings.containsKey(messageType.strip().toUpperCase(Locale.ROOT));
    }

    /** The events with a mapping. */
    public Set<String> supportedTypes() {
        return mappings.keySet();
    }

    /**
     * The resources (and, for a merge, the identity merges) the message means for the shared record.
     *
     * @throws MappingException when the message cannot be mapped, naming the field or problem (never patient data)
     */
    public MappedMessage map(ParsedHl7 message, MappingContext context) {
        String type = message.messageType() == null ? "" : message.messageType().strip().toUpperCase(Locale.ROOT);
        MessageMapping mapping = mappings.get(type);
        if (mapping == null) {
            throw new MappingException("MSH-9: no mapping for message type " + type);
        }
        if (context.nhsNumber() == null) {
            throw new MappingException("PID-3: the message is not identified by an NHS number");
        }
        return mapper.map(mapping, message, context);
    }
}
