package org.darlingtontogether.carehub.map;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code mappings/fhir}: {@code feed.yml}, {@code resource/<Type>.yml}, {@code partner/<id>.yml}. Every mistake
 * names the file and place, so a bad file stops the hub at startup.
 */
final class FhirMappingLoader {

    private static final String CATEGORY_PATTERN = "[a-z][a-z0-9-]*";

    private final FhirContext fhir;

    FhirMappingLoader(FhirContext fhir) {
        this.fhir = fhir;
    }

    FhirMappings load(Path root) {
        Path base = root.resolve("fhir");
        if (!Files.isDirectory(base)) {
            throw new MappingLoadException("no FHIR mappings at " + base.toAbsolutePath()
                    + " (set carehub.mappings.location to the mappings folder)");
        }
        YamlNode feed = MappingLoader.readFile(base.resolve("feed.yml"), "fhir/feed.yml");
        feed.allowOnly(Set.of("nhsNumberSystems", "otherReferences"));
        Set<String> systems = new LinkedHashSet<>();
        for (YamlNode system : feed.list("nhsNumberSystems")) {
            systems.add(system.scalar());
        }
        if (systems.isEmpty()) {
            throw feed.fail("'nhsNumberSystems' must name at least one identifier system");
        }
        FhirMappings.OtherReferences other;
        try {
            other = FhirMappings.OtherReferences.valueOf(feed.string("otherReferences").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw feed.get("otherReferences").fail("must be logical or keep");
        }
        Map<String, FhirMappings.ResourceRule> resources = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> file : MappingLoader.read(base.resolve("resource"), "fhir/").entrySet()) {
            FhirMappings.ResourceRule rule = resource(file.getKey(), file.getValue());
            resources.put(rule.resourceType(), rule);
        }
        if (resources.isEmpty()) {
            throw new MappingLoadException("no resource mappings in " + base.resolve("resource").toAbsolutePath());
        }
        Map<String, FhirMappings.PartnerRule> partners = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> file : MappingLoader.read(base.resolve("partner"), "fhir/").entrySet()) {
            FhirMappings.PartnerRule rule = partner(file.getKey(), file.getValue(), resources.keySet());
            partners.put(rule.partner(), rule);
        }
        return new FhirMappings(java.util.Collections.unmodifiableSet(systems), other, Map.copyOf(resources), Map.copyOf(partners));
    }

    private FhirMappings.ResourceRule resource(String fileName, YamlNode node) {
        node.allowOnly(Set.of("resourceType", "category", "person"));
        String type = node.string("resourceType");
        if (!type.equals(fileName)) {
            throw node.fail("resourceType '" + type + "' must be in a file named " + type + ".yml");
        }
        RuntimeResourceDefinition definition;
        try {
            definition = fhir.getResourceDefinition(type);
        } catch (DataFormatException e) {
            throw node.fail("'" + type + "' is not a FHIR R4 resource type");
        }
        String category = category(node, "category");
        YamlNode person = node.get("person");
        if (person == null) {
            throw node.fail("'person' is missing (the elements naming the person, or self for Patient)");
        }
        if (person.isScalar() && person.scalar().equals("self")) {
            if (!type.equals("Patient")) {
                throw person.fail("only Patient is its own person");
            }
            return new FhirMappings.ResourceRule(type, category, List.of());
        }
        List<String> elements = new java.util.ArrayList<>();
        for (YamlNode element : person.items()) {
            String name = element.scalar();
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                throw element.fail("'" + name + "' is not an element of " + type);
            }
            if (!(child instanceof ca.uhn.fhir.context.RuntimeChildResourceDefinition)) {
                throw element.fail("'" + name + "' of " + type + " is not a Reference");
            }
            elements.add(name);
        }
        if (elements.isEmpty()) {
            throw person.fail("name at least one element");
        }
        return new FhirMappings.ResourceRule(type, category, List.copyOf(elements));
    }

    private FhirMappings.PartnerRule partner(String fileName, YamlNode node, Set<String> types) {
        node.allowOnly(Set.of("partner", "categories", "fileUnder", "except"));
        String partner = node.string("partner");
        if (!partner.equals(fileName)) {
            throw node.fail("partner '" + partner + "' must be in a file named " + partner + ".yml");
        }
        List<String> categories = new java.util.ArrayList<>();
        for (YamlNode c : node.list("categories")) {
            String code = c.scalar();
            if (!code.matches(CATEGORY_PATTERN)) {
                throw c.fail("'" + code + "' is not a category code (lower case, digits, dashes)");
            }
            categories.add(code);
        }
        String fileUnder = node.has("fileUnder") ? category(node, "fileUnder") : null;
        Set<String> except = new LinkedHashSet<>();
        for (YamlNode t : node.list("except")) {
            if (!types.contains(t.scalar())) {
                throw t.fail("'" + t.scalar() + "' has no resource mapping in fhir/resource");
            }
            except.add(t.scalar());
        }
        return new FhirMappings.PartnerRule(partner, List.copyOf(categories), fileUnder, Set.copyOf(except));
    }

    private static String category(YamlNode node, String key) {
        String code = node.string(key);
        if (!code.matches(CATEGORY_PATTERN)) {
            throw node.get(key).fail("'" + code + "' is not a category code (lower case, digits, dashes)");
        }
        return code;
    }
}
