package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads the CSV extract mappings ({@code csv/codesystem/*.yml}, {@code csv/<partner>/*.yml}) and compiles them once:
 * columns, FHIR element paths and code systems are resolved here, and a mistake is reported with its file and place,
 * so a bad mapping stops startup instead of failing rows later.
 */
final class CsvMappingLoader {

    private static final Set<String> EXTRACT_KEYS = Set.of("extract", "files", "category", "dateFormat", "nhsNumber",
            "columns", "resources");
    private static final Set<String> COLUMN_KEYS = Set.of("type", "required", "codes", "dateFormat", "min", "max");
    private static final Set<String> RESOURCE_KEYS = Set.of("resource", "category", "when", "sourceKey", "elements");
    private static final Set<String> RULE_KEYS = Set.of("fhir", "from", "value", "system", "codesystem", "build", "when",
            "required");

    private final FhirContext fhir;
    private final Map<String, CodeSystemMap> codesystems = new HashMap<>();

    CsvMappingLoader(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** Every extract under {@code root/csv}, in partner then file order; none when the folder is absent. */
    List<CsvExtract> load(Path root) {
        Path base = root.resolve("csv");
        List<CsvExtract> extracts = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return extracts;
        }
        for (Map.Entry<String, YamlNode> file : MappingLoader.read(base.resolve("codesystem")).entrySet()) {
            codesystems.put(file.getKey(), MappingLoader.codesystem(file.getKey(), file.getValue()));
        }
        List<Path> partners;
        try (Stream<Path> list = Files.list(base)) {
            partners = list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("codesystem"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new MappingLoadException("cannot list " + base, e);
        }
        Map<String, String> names = new HashMap<>();
        for (Path partnerFolder : partners) {
            String partner = partnerFolder.getFileName().toString();
            for (Map.Entry<String, YamlNode> file : MappingLoader.read(partnerFolder).entrySet()) {
                YamlNode node = new YamlNode(file.getValue().map(), "csv/" + partner + "/" + file.getKey() + ".yml");
                CsvExtract extract = extract(partner, node);
                String earlier = names.putIfAbsent(extract.name(), node.where());
                if (earlier != null) {
                    throw node.fail("extract '" + extract.name() + "' is already declared in " + earlier);
                }
                extracts.add(extract);
            }
        }
        return extracts;
    }

    private CsvExtract extract(String partner, YamlNode node) {
        node.allowOnly(EXTRACT_KEYS);
        String name = node.string("extract");
        String files = node.string("files");
        String category = node.string("category");
        String dateFormat = node.optString("dateFormat");
        Map<String, CsvExtract.Column> columns = columns(node, dateFormat == null ? "dd/MM/yyyy" : dateFormat);
        String nhsNumber = node.string("nhsNumber");
        if (!columns.containsKey(nhsNumber)) {
            throw node.get("nhsNumber").fail("'" + nhsNumber + "' is not a declared column");
        }
        List<CsvResourceMapping> resources = new ArrayList<>();
        for (YamlNode resource : node.list("resources")) {
            resources.add(resource(resource, columns.keySet(), category));
        }
        if (resources.isEmpty()) {
            throw node.fail("'resources' is missing: an extract must make at least one resource");
        }
        return new CsvExtract(name, partner, files, category, nhsNumber, columns, resources);
    }

    private static Map<String, CsvExtract.Column> columns(YamlNode node, String defaultDateFormat) {
        YamlNode declared = node.get("columns");
        if (declared == null) {
            throw node.fail("'columns' is missing");
        }
        Map<String, CsvExtract.Column> columns = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : declared.map().entrySet()) {
            YamlNode spec = new YamlNode(entry.getValue() == null ? Map.of() : entry.getValue(),
                    declared.where() + "." + entry.getKey());
            spec.allowOnly(COLUMN_KEYS);
            CsvExtract.Type type;
            String typeName = spec.optString("type");
            try {
                type = typeName == null ? CsvExtract.Type.TEXT : CsvExtract.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw spec.fail("type '" + typeName + "' is not one of text, date, decimal, integer");
            }
            String pattern = spec.optString("dateFormat");
            pattern = pattern == null ? defaultDateFormat : pattern;
            java.time.format.DateTimeFormatter format;
            try {
                format = CsvExtract.datePattern(pattern);
            } catch (IllegalArgumentException e) {
                throw spec.fail("dateFormat '" + pattern + "' is not a date pattern: " + e.getMessage());
            }
            Set<String> codes = spec.list("codes").stream().map(c -> c.scalar().toUpperCase(Locale.ROOT))
                    .collect(Collectors.toCollection(TreeSet::new));
            columns.put(entry.getKey(), new CsvExtract.Column(entry.getKey(), type,
                    Boolean.parseBoolean(spec.optString("required")), Set.copyOf(codes), pattern, format,
                    number(spec, "min"), number(spec, "max")));
        }
        return columns;
    }

    private static BigDecimal number(YamlNode spec, String key) {
        String text = spec.optString(key);
        try {
            return text == null ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw spec.get(key).fail("not a number");
        }
    }

    private CsvResourceMapping resource(YamlNode node, Set<String> columns, String defaultCategory) {
        node.allowOnly(RESOURCE_KEYS);
        String type = node.string("resource");
        RuntimeResourceDefinition definition;
        try {
            definition = fhir.getResourceDefinition(type);
        } catch (RuntimeException e) {
            throw node.get("resource").fail("'" + type + "' is not a FHIR R4 resource type");
        }
        String category = node.optString("category");
        List<CsvValue> key = new ArrayList<>();
        for (YamlNode part : node.list("sourceKey")) {
            key.add(value(part, part.scalar(), columns, false));
        }
        if (key.isEmpty()) {
            throw node.fail("'sourceKey' is missing: the resource id is derived from it");
        }
        if (type.equals("Patient") && !(key.size() == 1 && key.get(0).text().equals("$nhsNumber"))) {
            throw node.get("sourceKey").fail("a Patient's key must be [$nhsNumber]: every reference to the person relies on it");
        }
        return new CsvResourceMapping(type, definition, category == null ? defaultCategory : category,
                conditions(node.list("when"), columns), key, rules(node.list("elements"), definition, columns));
    }

    private List<CsvRule> rules(List<YamlNode> nodes, BaseRuntimeElementCompositeDefinition<?> owner, Set<String> columns) {
        List<CsvRule> rules = new ArrayList<>(nodes.size());
        for (YamlNode node : nodes) {
            rules.add(rule(node, owner, columns));
        }
        return rules;
    }

    private CsvRule rule(YamlNode node, BaseRuntimeElementCompositeDefinition<?> owner, Set<String> columns) {
        node.allowOnly(RULE_KEYS);
        String path = node.string("fhir");
        FhirElementPath target;
        try {
            target = FhirElementPath.compile(owner, path);
        } catch (IllegalArgumentException e) {
            throw node.get("fhir").fail(e.getMessage());
        }
        List<CsvCondition> when = conditions(node.list("when"), columns);
        boolean required = Boolean.parseBoolean(node.optString("required"));
        if (node.has("build")) {
            if (node.has("from") || node.has("value")) {
                throw node.fail("use either 'build' or 'from'/'value', not both");
            }
            if (!(target.leaf() instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
                throw node.get("build").fail(path + " is a " + target.leaf().getName() + ", which has no elements to build");
            }
            return new CsvRule(node.where(), target, null, rules(node.list("build"), composite, columns), null, null, when,
                    required, ElementRule.LeafKind.BUILT);
        }
        CsvValue source;
        if (node.has("from") == node.has("value")) {
            throw node.fail("give exactly one of 'from' (a column), 'value' (a constant or variable) or 'build'");
        } else if (node.has("from")) {
            source = value(node.get("from"), node.string("from"), columns, false);
            if (source.kind() != CsvValue.Kind.COLUMN) {
                throw node.get("from").fail("'from' names a column; use 'value' for constants and variables");
            }
        } else {
            source = value(node.get("value"), node.string("value"), columns, true);
        }
        CodeSystemMap codesystem = null;
        String codesystemName = node.optString("codesystem");
        if (codesystemName != null) {
            codesystem = codesystems.get(codesystemName);
            if (codesystem == null) {
                throw node.get("codesystem").fail("no csv/codesystem/" + codesystemName + ".yml");
            }
        }
        ElementRule.LeafKind kind = source.kind() == CsvValue.Kind.VARIABLE && source.text().startsWith("$ref.")
                ? ElementRule.LeafKind.REFERENCE : directKind(target, node);
        if (source.text().startsWith("$ref.") && !Reference.class.isAssignableFrom(target.leafType())) {
            throw node.get("value").fail(path + " is not a Reference");
        }
        return new CsvRule(node.where(), target, source, List.of(), codesystem, node.optString("system"), when, required, kind);
    }

    private static ElementRule.LeafKind directKind(FhirElementPath target, YamlNode node) {
        ElementRule.LeafKind kind = ElementRule.LeafKind.direct(target.leafType());
        if (kind == null) {
            throw node.fail(target + " is a " + target.leaf().getName() + ": map it with 'build'");
        }
        return kind;
    }

    /** A variable ({@code $...}); else a constant where allowed ({@code value:}), else a declared column. */
    private static CsvValue value(YamlNode where, String text, Set<String> columns, boolean constantAllowed) {
        if (text.startsWith("$")) {
            if (!CsvValue.VARIABLES.contains(text)) {
                throw where.fail("unknown variable " + text + " (known: " + new TreeSet<>(CsvValue.VARIABLES) + ")");
            }
            return new CsvValue(CsvValue.Kind.VARIABLE, text);
        }
        if (constantAllowed) {
            return new CsvValue(CsvValue.Kind.CONSTANT, text);
        }
        if (columns.contains(text)) {
            return new CsvValue(CsvValue.Kind.COLUMN, text);
        }
        throw where.fail("'" + text + "' is not a declared column");
    }

    private List<CsvCondition> conditions(List<YamlNode> nodes, Set<String> columns) {
        List<CsvCondition> conditions = new ArrayList<>(nodes.size());
        for (YamlNode node : nodes) {
            conditions.add(condition(node, columns));
        }
        return conditions;
    }

    private CsvCondition condition(YamlNode node, Set<String> columns) {
        node.allowOnly(Set.of("present", "absent", "from", "in", "notIn", "anyOf"));
        if (node.has("anyOf")) {
            return new CsvCondition(CsvCondition.Kind.ANY_OF, null, Set.of(), conditions(node.list("anyOf"), columns));
        }
        if (node.has("present")) {
            return new CsvCondition(CsvCondition.Kind.PRESENT, value(node.get("present"), node.string("present"), columns, false), Set.of(), List.of());
        }
        if (node.has("absent")) {
            return new CsvCondition(CsvCondition.Kind.ABSENT, value(node.get("absent"), node.string("absent"), columns, false), Set.of(), List.of());
        }
        CsvValue from = value(node.get("from") == null ? node : node.get("from"), node.string("from"), columns, false);
        boolean in = node.has("in");
        if (in == node.has("notIn")) {
            throw node.fail("a 'from' condition needs exactly one of 'in' or 'notIn'");
        }
        Set<String> values = node.list(in ? "in" : "notIn").stream().map(v -> v.scalar().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new CsvCondition(in ? CsvCondition.Kind.IN : CsvCondition.Kind.NOT_IN, from, values, List.of());
    }
}
