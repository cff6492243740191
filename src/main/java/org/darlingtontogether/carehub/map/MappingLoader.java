package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.darlingtontogether.carehub.govern.Vocabulary;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Reads the layered HL7 v2 mappings ({@code hl7v2/message}, {@code resource}, {@code datatype}, {@code codesystem})
 * and compiles them once: HL7 locations and FHIR element paths are resolved here, and any mistake in a file is
 * reported with its file and place, so a bad mapping stops startup instead of failing messages later.
 */
final class MappingLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> RULE_KEYS = Set.of("fhir", "from", "value", "when", "where", "repeat", "separator",
            "codesystem", "system", "datatype", "build", "required");

    private final FhirContext fhir;
    private final Map<String, CodeSystemMap> codesystems = new HashMap<>();
    private final Map<String, YamlNode> datatypeFiles = new HashMap<>();
    private final Map<String, DatatypeMapping> datatypes = new HashMap<>();
    private final Set<String> compilingDatatypes = new HashSet<>();
    private final Map<String, ResourceMapping> resources = new HashMap<>();

    MappingLoader(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** Every event mapping under {@code root/hl7v2}, by event ({@code ADT^A01}). */
    Map<String, MessageMapping> load(Path root) {
        Path base = root.resolve("hl7v2");
        if (!Files.isDirectory(base)) {
            throw new MappingLoadException("no HL7 v2 mappings at " + base.toAbsolutePath()
                    + " (set carehub.mappings.location to the mappings folder)");
        }
        for (Map.Entry<String, YamlNode> file : read(base.resolve("codesystem")).entrySet()) {
            codesystems.put(file.getKey(), codesystem(file.getKey(), file.getValue()));
        }
        for (Map.Entry<String, YamlNode> file : read(base.resolve("datatype")).entrySet()) {
            YamlNode node = file.getValue();
            String name = node.string("datatype");
            if (!name.equals(file.getKey())) {
                throw node.fail("datatype '" + name + "' must be in a file named " + name + ".yml");
            }
            register(datatypeFiles, name, node);
            for (YamlNode alias : node.list("aliases")) {
                register(datatypeFiles, alias.scalar(), node);
            }
        }
        for (Map.Entry<String, YamlNode> file : read(base.resolve("resource")).entrySet()) {
            ResourceMapping mapping = resource(file.getKey(), file.getValue());
            resources.put(mapping.resourceType(), mapping);
        }
        Map<String, MessageMapping> messages = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> file : read(base.resolve("message")).entrySet()) {
            MessageMapping mapping = message(file.getKey(), file.getValue());
            messages.put(mapping.event(), mapping);
        }
        if (messages.isEmpty()) {
            throw new MappingLoadException("no message mappings in " + base.resolve("message").toAbsolutePath());
        }
        return messages;
    }

    private static void register(Map<String, YamlNode> into, String name, YamlNode node) {
        if (into.putIfAbsent(name, node) != null) {
            throw node.fail("datatype '" + name + "' is defined twice");
        }
    }

    /** The YAML files of a folder by base name, in name order, each labelled {@code folder/file.yml} in errors. */
    static Map<String, YamlNode> read(Path folder) {
        return read(folder, "");
    }

    /** The same, labelled {@code <labelPrefix>folder/file.yml}. */
    static Map<String, YamlNode> read(Path folder, String labelPrefix) {
        Map<String, YamlNode> files = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        List<Path> paths;
        try (Stream<Path> list = Files.list(folder)) {
            paths = list.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new MappingLoadException("cannot list " + folder, e);
        }
        for (Path path : paths) {
            String name = path.getFileName().toString();
            files.put(name.substring(0, name.length() - 4), readFile(path, labelPrefix + folder.getFileName() + "/" + name));
        }
        return files;
    }

    /** One YAML file whose top level is a map; a missing or unreadable file stops loading with its label. */
    static YamlNode readFile(Path path, String label) {
        if (!Files.isRegularFile(path)) {
            throw new MappingLoadException(label + ": missing (" + path.toAbsolutePath() + ")");
        }
        try {
            YamlNode node = new YamlNode(YAML.readValue(path.toFile(), Object.class), label);
            node.map();
            return node;
        } catch (IOException e) {
            throw new MappingLoadException(label + ": not readable YAML: " + e.getMessage(), e);
        }
    }

    // ---- code systems

    static CodeSystemMap codesystem(String fileName, YamlNode node) {
        node.allowOnly(Set.of("codesystem", "targetSystem", "map", "default", "source"));
        String name = node.string("codesystem");
        if (!name.equals(fileName)) {
            throw node.fail("codesystem '" + name + "' must be in a file named " + name + ".yml");
        }
        String targetSystem = node.optString("targetSystem");
        Map<String, CodeSystemMap.Translation> codes = new HashMap<>();
        YamlNode map = node.get("map");
        if (map == null) {
            throw node.fail("'map' is missing");
        }
        for (Map.Entry<String, Object> entry : map.map().entrySet()) {
            YamlNode target = new YamlNode(entry.getValue(), map.where() + "." + entry.getKey());
            String code;
            String display = null;
            if (target.isMap()) {
                target.allowOnly(Set.of("code", "display"));
                code = target.string("code");
                display = target.optString("display");
            } else {
                code = target.scalar();
            }
            String key = entry.getKey().toUpperCase(Locale.ROOT);
            if (codes.putIfAbsent(key, new CodeSystemMap.Translation(targetSystem, code, display)) != null) {
                throw target.fail("code listed twice (codes are case-insensitive)");
            }
        }
        return new CodeSystemMap(name, targetSystem, codes, node.optString("default"));
    }

    // ---- datatypes

    private DatatypeMapping datatype(String name, String where) {
        DatatypeMapping done = datatypes.get(name);
        if (done != null) {
            return done;
        }
        YamlNode node = datatypeFiles.get(name);
        if (node == null) {
            throw new MappingLoadException(where + ": no datatype mapping '" + name + "' in hl7v2/datatype/");
        }
        if (!compilingDatatypes.add(name)) {
            throw node.fail("datatype '" + name + "' refers to itself");
        }
        node.allowOnly(Set.of("datatype", "aliases", "fhirType", "converter", "elements"));
        DatatypeMapping mapping;
        String converter = node.optString("converter");
        if (converter != null) {
            if (!converter.equals("hl7-datetime")) {
                throw node.fail("unknown converter '" + converter + "' (built in: hl7-datetime)");
            }
            mapping = new DatatypeMapping(name, null, List.of(), ElementRule.Converter.HL7_DATETIME);
        } else {
            String fhirType = node.string("fhirType");
            if (!(fhir.getElementDefinition(fhirType) instanceof BaseRuntimeElementCompositeDefinition<?> definition)) {
                throw node.fail("'" + fhirType + "' is not a FHIR R4 complex datatype");
            }
            mapping = new DatatypeMapping(name, fhirType, rules(node.list("elements"), definition), ElementRule.Converter.NONE);
        }
        compilingDatatypes.remove(name);
        datatypes.put(name, mapping);
        return mapping;
    }

    // ---- resources

    private ResourceMapping resource(String fileName, YamlNode node) {
        node.allowOnly(Set.of("resourceType", "category", "when", "sourceKey", "elements", "security"));
        String type = node.string("resourceType");
        if (!type.equals(fileName)) {
            throw node.fail("resource '" + type + "' must be in a file named " + type + ".yml");
        }
        RuntimeResourceDefinition definition;
        try {
            definition = fhir.getResourceDefinition(type);
        } catch (RuntimeException e) {
            throw node.fail("'" + type + "' is not a FHIR R4 resource type");
        }
        List<List<ResourceMapping.KeyPart>> key = new ArrayList<>();
        for (YamlNode alternative : node.list("sourceKey")) {
            List<ResourceMapping.KeyPart> parts = new ArrayList<>();
            for (YamlNode part : alternative.items()) {
                String text = part.scalar();
                boolean optional = text.startsWith("(") && text.endsWith(")");
                parts.add(new ResourceMapping.KeyPart(source(optional ? text.substring(1, text.length() - 1) : text, part),
                        optional));
            }
            if (parts.stream().allMatch(ResourceMapping.KeyPart::optional)) {
                throw alternative.fail("a source key alternative needs at least one part that is not optional");
            }
            key.add(parts);
        }
        if (key.isEmpty()) {
            throw node.fail("'sourceKey' is missing: what makes this resource the same fact next time?");
        }
        if (type.equals("Patient") && !(key.size() == 1 && key.get(0).size() == 1
                && key.get(0).get(0).source() instanceof Source.Variable v && v.name().equals("nhsNumber"))) {
            throw node.fail("Patient's sourceKey must be [[$nhsNumber]]: every reference to the patient relies on it");
        }
        List<String> security = new ArrayList<>();
        for (YamlNode label : node.list("security")) {
            if (!Vocabulary.CATEGORIES.contains(label.scalar())) {
                throw label.fail("'" + label.scalar() + "' is not a data category (known: " + String.join(", ", Vocabulary.CATEGORIES) + ")");
            }
            security.add(label.scalar());
        }
        return new ResourceMapping(type, definition, node.string("category"), conditions(node.list("when")), key,
                rules(node.list("elements"), definition), List.copyOf(security));
    }

    // ---- messages

    private MessageMapping message(String fileName, YamlNode node) {
        node.allowOnly(Set.of("event", "values", "resources", "merge"));
        String event = node.string("event");
        if (!event.replace('^', '_').equals(fileName)) {
            throw node.fail("event '" + event + "' must be in a file named " + event.replace('^', '_') + ".yml");
        }
        List<MessageMapping.EventValue> values = new ArrayList<>();
        YamlNode valuesNode = node.get("values");
        if (valuesNode != null) {
            for (String name : valuesNode.map().keySet()) {
                YamlNode value = valuesNode.get(name);
                List<MessageMapping.EventValue.Option> options = new ArrayList<>();
                if (value.isScalar()) {
                    options.add(new MessageMapping.EventValue.Option(List.of(), value.scalar()));
                } else {
                    for (YamlNode option : value.items()) {
                        option.allowOnly(Set.of("when", "value"));
                        options.add(new MessageMapping.EventValue.Option(conditions(option.list("when")), option.string("value")));
                    }
                }
                values.add(new MessageMapping.EventValue(name, options));
            }
        }
        List<MessageMapping.ResourcePlan> plans = new ArrayList<>();
        for (YamlNode plan : node.list("resources")) {
            plan.allowOnly(Set.of("resource", "segment", "occurs", "parent", "when"));
            String type = plan.string("resource");
            ResourceMapping mapping = resources.get(type);
            if (mapping == null) {
                throw plan.fail("no resource mapping hl7v2/resource/" + type + ".yml");
            }
            String occurs = plan.optString("occurs");
            if (occurs != null && !occurs.equals("first") && !occurs.equals("each")) {
                throw plan.fail("occurs must be 'first' or 'each'");
            }
            String segment = plan.string("segment");
            if (!segment.matches("[A-Z][A-Z0-9]{2}")) {
                throw plan.fail("'" + segment + "' is not a segment name");
            }
            plans.add(new MessageMapping.ResourcePlan(mapping, segment, "each".equals(occurs), plan.optString("parent"),
                    conditions(plan.list("when"))));
        }
        if (plans.isEmpty()) {
            throw node.fail("'resources' is missing: which segments make which resources?");
        }
        MessageMapping.MergeRule merge = null;
        YamlNode mergeNode = node.get("merge");
        if (mergeNode != null) {
            mergeNode.allowOnly(Set.of("segment", "field", "survivor"));
            try {
                merge = new MessageMapping.MergeRule(mergeNode.string("segment"), Integer.parseInt(mergeNode.string("field")),
                        mergeNode.string("survivor"));
            } catch (NumberFormatException e) {
                throw mergeNode.fail("field must be a field number");
            }
        }
        return new MessageMapping(event, values, plans, merge);
    }

    // ---- rules, sources, conditions

    private List<ElementRule> rules(List<YamlNode> nodes, BaseRuntimeElementCompositeDefinition<?> owner) {
        List<ElementRule> rules = new ArrayList<>(nodes.size());
        for (YamlNode node : nodes) {
            rules.add(rule(node, owner));
        }
        return rules;
    }

    private ElementRule rule(YamlNode node, BaseRuntimeElementCompositeDefinition<?> owner) {
        node.allowOnly(RULE_KEYS);
        String label = node.where();
        FhirElementPath target;
        try {
            target = FhirElementPath.compile(owner, node.string("fhir"));
        } catch (IllegalArgumentException e) {
            throw node.fail(e.getMessage());
        }
        String separator = node.has("separator") ? node.string("separator") : " ";
        Source source = null;
        if (node.has("from") && node.has("value")) {
            throw node.fail("give either 'from' or 'value', not both");
        }
        if (node.has("from")) {
            YamlNode from = node.get("from");
            if (from.isList()) {
                List<Hl7Path> paths = new ArrayList<>();
                for (YamlNode item : from.items()) {
                    paths.add(path(item.scalar(), item));
                }
                source = new Source.Joined(paths, separator);
            } else {
                source = source(from.scalar(), from);
            }
        } else if (node.has("value")) {
            String value = node.string("value");
            source = value.startsWith("$") ? variable(value.substring(1), node) : Source.Constant.of(checkTemplate(value, node));
        }
        ElementRule.Repeat repeat = null;
        if (node.has("repeat")) {
            try {
                repeat = ElementRule.Repeat.valueOf(node.string("repeat").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw node.fail("repeat must be first, each or join");
            }
        }
        CodeSystemMap codesystem = null;
        if (node.has("codesystem")) {
            codesystem = codesystems.get(node.string("codesystem"));
            if (codesystem == null) {
                throw node.fail("no codesystem hl7v2/codesystem/" + node.string("codesystem") + ".yml");
            }
        }
        Source system = node.has("system") ? Source.Constant.of(checkTemplate(node.string("system"), node)) : null;
        Class<?> leaf = target.leafType();
        ElementRule.Converter converter = ElementRule.Converter.NONE;
        List<ElementRule> build = List.of();
        ElementRule.LeafKind kind;
        if (node.has("build") && node.has("datatype")) {
            throw node.fail("give either 'build' or 'datatype', not both");
        }
        if (node.has("build")) {
            if (!(target.leaf() instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
                throw node.fail("'build' needs a complex element, and " + target + " is a " + target.leaf().getName());
            }
            build = rules(node.list("build"), composite);
            kind = ElementRule.LeafKind.BUILT;
        } else if (node.has("datatype")) {
            DatatypeMapping datatype = datatype(node.string("datatype"), node.where());
            if (datatype.composite()) {
                if (!target.leaf().getName().equals(datatype.fhirType())) {
                    throw node.fail("datatype " + datatype.name() + " makes a " + datatype.fhirType() + " but " + target
                            + " is a " + target.leaf().getName());
                }
                build = datatype.rules();
                kind = ElementRule.LeafKind.BUILT;
            } else {
                converter = datatype.converter();
                if (!IPrimitiveType.class.isAssignableFrom(leaf)) {
                    throw node.fail("datatype " + datatype.name() + " gives a date or time, but " + target + " is a "
                            + target.leaf().getName());
                }
                kind = ElementRule.LeafKind.PRIMITIVE;
            }
        } else {
            kind = directKind(leaf, source, node, target);
        }
        if (source == null && kind != ElementRule.LeafKind.BUILT) {
            throw node.fail("give 'from' or 'value' (or 'build' for a complex element)");
        }
        boolean required = node.has("required") && Boolean.parseBoolean(node.string("required"));
        return new ElementRule(label, target, source, conditions(node.list("when")), conditions(node.list("where")), repeat,
                separator, codesystem, system, converter, build, required, kind);
    }

    private static ElementRule.LeafKind directKind(Class<?> leaf, Source source, YamlNode node, FhirElementPath target) {
        ElementRule.LeafKind kind = ElementRule.LeafKind.direct(leaf);
        if (kind == null) {
            throw node.fail(target + " is a " + target.leaf().getName() + ": map it with 'datatype' or 'build'");
        }
        return kind;
    }

    private Source source(String text, YamlNode where) {
        if (text.startsWith("$")) {
            return variable(text.substring(1), where);
        }
        return new Source.FromHl7(path(text, where));
    }

    private static Hl7Path path(String text, YamlNode where) {
        try {
            return Hl7Path.compile(text);
        } catch (IllegalArgumentException e) {
            throw where.fail(e.getMessage());
        }
    }

    private static Source.Variable variable(String name, YamlNode where) {
        if (!Scope.VARIABLES.contains(name) && !(name.startsWith("event.") && name.length() > 6)) {
            throw where.fail("unknown variable $" + name + " (known: $" + String.join(", $", new java.util.TreeSet<>(Scope.VARIABLES))
                    + ", $event.<name>)");
        }
        return new Source.Variable(name);
    }

    private static String checkTemplate(String template, YamlNode where) {
        int at = template.indexOf("${");
        while (at >= 0) {
            int end = template.indexOf('}', at);
            if (end < 0) {
                throw where.fail("unclosed ${ in '" + template + "'");
            }
            variable(template.substring(at + 2, end), where);
            at = template.indexOf("${", end);
        }
        return template;
    }

    private List<Condition> conditions(List<YamlNode> nodes) {
        List<Condition> conditions = new ArrayList<>(nodes.size());
        for (YamlNode node : nodes) {
            conditions.add(condition(node));
        }
        return conditions;
    }

    private Condition condition(YamlNode node) {
        node.allowOnly(Set.of("present", "absent", "from", "in", "notIn", "anyOf"));
        if (node.has("present")) {
            return new Condition.Present(source(node.string("present"), node), true);
        }
        if (node.has("absent")) {
            return new Condition.Present(source(node.string("absent"), node), false);
        }
        if (node.has("anyOf")) {
            return new Condition.AnyOf(conditions(node.list("anyOf")));
        }
        if (node.has("from") && (node.has("in") ^ node.has("notIn"))) {
            boolean in = node.has("in");
            Set<String> codes = new HashSet<>();
            for (YamlNode code : node.list(in ? "in" : "notIn")) {
                codes.add(code.scalar().toUpperCase(Locale.ROOT));
            }
            return new Condition.OneOf(source(node.string("from"), node), codes, in);
        }
        throw node.fail("a condition is {present: X}, {absent: X}, {from: X, in: [...]}, {from: X, notIn: [...]} or {anyOf: [...]}");
    }
}
