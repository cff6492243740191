package org.darlingtontogether.carehub.map;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.identify.Hl7PatientIdentifier;
import org.darlingtontogether.carehub.identify.Identification;
import org.darlingtontogether.carehub.parse.Hl7ParseException;
import org.darlingtontogether.carehub.parse.Hl7Parser;
import org.darlingtontogether.carehub.parse.ParsedHl7;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.hl7.fhir.r4.model.Resource;

/**
 * The mapper as the hub runs it, on the repository's {@code mappings/} folder, with a fixed id secret so tests need
 * no database; plus helpers to map a message as the inbox processor would (parse, identify, map).
 */
final class MapperFixture {

    static final String PARTNER = "cddft";
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Hl7Parser PARSER = new Hl7Parser();
    static final Hl7PatientIdentifier IDENTIFIER = new Hl7PatientIdentifier();
    static final ResourceIds IDS;
    static final Hl7v2Mapper MAPPER;

    static {
        CarehubProperties properties = new CarehubProperties();
        properties.getRecord().setIdSecret("test-secret-for-mapping-tests");
        properties.getMappings().setLocation(Path.of("mappings"));
        IDS = new ResourceIds(properties, null);
        MAPPER = new Hl7v2Mapper(properties, IDS, FHIR);
    }

    private MapperFixture() {
    }

    /** Segments joined with CR, as on the wire. */
    static String message(String... segments) {
        return String.join("\r", segments) + "\r";
    }

    static ParsedHl7 parse(String text) {
        try {
            return PARSER.parse(text);
        } catch (Hl7ParseException e) {
            throw new AssertionError("test message does not parse: " + e.getMessage(), e);
        }
    }

    static MappedMessage map(String text) {
        return map(text, 42L);
    }

    static MappedMessage map(String text, long inboxId) {
        ParsedHl7 parsed = parse(text);
        assertThat(MAPPER.supports(parsed.messageType())).as("supports " + parsed.messageType()).isTrue();
        Identification who = IDENTIFIER.identify(parsed);
        assertThat(who.identified()).as("identified: " + who.problem()).isTrue();
        return MAPPER.map(parsed, new MappingContext(PARTNER, inboxId, who.nhsNumber()));
    }

    /** The resources of one type, in the order the mapper wrote them. */
    @SuppressWarnings("unchecked")
    static <T extends Resource> List<T> resources(MappedMessage mapped, Class<T> type) {
        return mapped.writes().stream().map(RecordWrite::resource).filter(type::isInstance).map(r -> (T) r).toList();
    }

    static <T extends Resource> T only(MappedMessage mapped, Class<T> type) {
        List<T> found = resources(mapped, type);
        assertThat(found).as(type.getSimpleName() + " resources").hasSize(1);
        return found.get(0);
    }

    /** How many resources of each type: the "nothing extra" check. */
    static Map<String, Long> counts(MappedMessage mapped) {
        return mapped.writes().stream().collect(Collectors.groupingBy(w -> w.resource().fhirType(), TreeMap::new,
                Collectors.counting()));
    }

    static String patientId(String nhsNumber) {
        return IDS.idFor(PARTNER, "Patient", nhsNumber);
    }

    static String json(Resource resource) {
        return FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
    }
}
