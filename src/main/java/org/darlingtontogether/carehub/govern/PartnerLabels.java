package org.darlingtontogether.carehub.govern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The sensitive categories every resource from a partner carries, whatever its format or mapping:
 * {@code <carehub.mappings.location>/security-labels.yml} ({@code partners: {tewv: [mental-health]}}). The entry step
 * adds them to {@code meta.security} before the record is stored. No file means no partner-wide labels; a bad file
 * stops the hub naming file and line.
 */
@Component
public class PartnerLabels {

    public static final String FILE = "security-labels.yml";

    private final Map<String, List<String>> byPartner;

    @Autowired
    public PartnerLabels(CarehubProperties properties) {
        this(read(properties.getMappings().getLocation().resolve(FILE)));
    }

    public PartnerLabels(Map<String, List<String>> byPartner) {
        this.byPartner = Map.copyOf(byPartner);
    }

    public List<String> labelsFor(String partner) {
        return byPartner.getOrDefault(partner, List.of());
    }

    static Map<String, List<String>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        String name = file.getParent() == null ? FILE : file.getParent().getFileName() + "/" + FILE;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AgreementLoadException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        LocatedYaml root = LocatedYaml.parse(name, text);
        root.allowOnly(Set.of("partners"));
        Map<String, List<String>> labels = new HashMap<>();
        LocatedYaml partners = root.get("partners");
        if (partners == null) {
            return labels;
        }
        partners.map().forEach((partner, node) -> {
            if (!Vocabulary.PARTNERS.contains(partner)) {
                throw node.fail("'" + partner + "' is not a known partner (known: " + String.join(", ", Vocabulary.PARTNERS) + ")");
            }
            List<String> categories = node.items().stream().map(item -> {
                String category = item.scalar();
                if (!Vocabulary.CATEGORIES.contains(category)) {
                    throw item.fail("'" + category + "' is not a known category (known: " + String.join(", ", Vocabulary.CATEGORIES) + ")");
                }
                return category;
            }).toList();
            labels.put(partner, categories);
        });
        return labels;
    }
}
