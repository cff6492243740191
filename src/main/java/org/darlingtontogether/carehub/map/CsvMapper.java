package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.darlingtontogether.carehub.record.RecordWrite;
import org.darlingtontogether.carehub.record.ResourceIds;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Maps rows of partners' CSV extracts into the shared record as the files in {@code mappings/csv/} say: which extract
 * a file is, and for each row which resources it makes. Loaded and compiled once at startup; a bad file stops it.
 */
@Component
public class CsvMapper {

    private static final Logger log = LoggerFactory.getLogger(CsvMapper.class);

    private final List<CsvExtract> extracts;
    private final ResourceIds ids;

    public CsvMapper(CarehubProperties properties, ResourceIds ids, FhirContext fhir) {
        Path location = properties.getMappings().getLocation();
        this.extracts = List.copyOf(new CsvMappingLoader(fhir).load(location));
        this.ids = ids;
        log.info("CSV extract mappings loaded from {}: {}", location.toAbsolutePath(),
                extracts.stream().map(CsvExtract::name).toList());
    }

    /** The partner's extract whose file pattern matches this file name (first declared wins). */
    public Optional<CsvExtract> extractForFile(String partner, String fileName) {
        return extracts.stream().filter(e -> e.partner().equals(partner) && e.matches(fileName)).findFirst();
    }

    /** The extract by its declared name, e.g. {@code dbc-people}. */
    public Optional<CsvExtract> extract(String name) {
        return extracts.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<CsvExtract> extracts() {
        return extracts;
    }

    /**
     * The resources one checked row makes, each with its derived id, {@code meta.source} naming the file row
     * ({@code messageKey}, e.g. {@code dbc_people_20240301.csv#2}) and its category tag.
     *
     * @param row the row's values by column, as sent
     */
    public MappedMessage map(CsvExtract extract, Map<String, String> row, MappingContext context, String messageKey) {
        String partner = context.partner();
        CsvRow values = new CsvRow(extract, row, partner, context.nhsNumber(),
                ids.idFor(partner, "Patient", context.nhsNumber().value()));
        String source = RecordMeta.source(partner, MessageMapper.fragment(messageKey));
        List<RecordWrite> writes = new ArrayList<>();
        for (CsvResourceMapping mapping : extract.resources()) {
            if (!CsvCondition.all(mapping.when(), values)) {
                continue;
            }
            String key = sourceKey(mapping, values);
            if (key == null) {
                continue;
            }
            Resource resource = (Resource) mapping.definition().newInstance();
            resource.setId(ids.idFor(partner, mapping.resourceType(), key));
            applyAll(mapping.rules(), resource, values);
            RecordMeta.stamp(resource, source, mapping.category());
            writes.add(new RecordWrite(resource, context.nhsNumber().value(), partner, context.inboxId(), mapping.category()));
        }
        return new MappedMessage(writes, List.of());
    }

    /** The source key's parts joined with {@code |}; null when a part is empty (the row cannot name the fact). */
    private static String sourceKey(CsvResourceMapping mapping, CsvRow row) {
        StringBuilder key = new StringBuilder();
        for (CsvValue part : mapping.sourceKey()) {
            Object value = part.resolve(row);
            if (value == null) {
                return null;
            }
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(value);
        }
        return key.toString();
    }

    /** Applies the rules in order; false when a required element is still empty (a built element is then dropped). */
    private static boolean applyAll(List<CsvRule> rules, IBase target, CsvRow row) {
        boolean complete = true;
        for (CsvRule rule : rules) {
            boolean wrote = apply(rule, target, row);
            if (rule.required() && !wrote && !rule.target().occupied(target)) {
                complete = false;
            }
        }
        return complete;
    }

    /** First match for a single element (a later rule is a fallback), every rule adds to a repeating one. */
    private static boolean apply(CsvRule rule, IBase target, CsvRow row) {
        if (!CsvCondition.all(rule.when(), row)) {
            return false;
        }
        if (!rule.target().repeats() && rule.target().occupied(target)) {
            return false;
        }
        IBase value = rule.leafKind() == ElementRule.LeafKind.BUILT ? build(rule, row) : convert(rule, rule.source().resolve(row));
        if (value == null) {
            return false;
        }
        rule.target().put(target, value);
        return true;
    }

    private static IBase build(CsvRule rule, CsvRow row) {
        IBase element = rule.target().newLeaf();
        return applyAll(rule.build(), element, row) && !element.isEmpty() ? element : null;
    }

    private static IBase convert(CsvRule rule, Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof IBase ready) {
            return rule.target().leafType().isInstance(ready) ? ready : null;
        }
        String text = raw.toString();
        String system = rule.system();
        String display = null;
        if (rule.codesystem() != null) {
            CodeSystemMap.Translation translation = rule.codesystem().translate(text);
            if (translation == null) {
                return null;
            }
            text = translation.code();
            display = translation.display();
            if (translation.system() != null) {
                system = translation.system();
            }
        }
        return LeafValue.of(rule.leafKind(), rule.target(), rule.codesystem() != null, rule.label(), text, system, display);
    }
}
