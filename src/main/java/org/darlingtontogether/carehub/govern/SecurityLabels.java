package org.darlingtontogether.carehub.govern;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.record.RecordMeta;
import org.hl7.fhir.r4.model.Coding;

/**
 * The sensitive categories a resource's {@code meta.security} labels carry: the hub's own labels (the category codes,
 * {@link RecordMeta#SECURITY_SYSTEM}) and the HL7 v3 sensitivity codes partners label with (PSY, ETH, HIV, SDV...).
 * Labels the hub does not know (confidentiality levels, say) add no category.
 */
public final class SecurityLabels {

    private static final Map<String, String> ACT_CODES = Map.ofEntries(
            Map.entry("PSY", "mental-health"), Map.entry("PSYTHPN", "mental-health"), Map.entry("BH", "mental-health"),
            Map.entry("MH", "mental-health"),
            Map.entry("ETH", "substance-misuse"), Map.entry("ETHUD", "substance-misuse"), Map.entry("SUD", "substance-misuse"),
            Map.entry("ALCUD", "substance-misuse"), Map.entry("OPIOIDUD", "substance-misuse"), Map.entry("DRGIS", "substance-misuse"),
            Map.entry("HIV", "sexual-health"), Map.entry("STD", "sexual-health"), Map.entry("SEX", "sexual-health"),
            Map.entry("SDV", "safeguarding"), Map.entry("CHILD", "safeguarding"));

    private SecurityLabels() {
    }

    public static Set<String> categories(List<Coding> security) {
        if (security.isEmpty()) {
            return Set.of();
        }
        Set<String> categories = new LinkedHashSet<>();
        for (Coding label : security) {
            String category = category(label.getSystem(), label.getCode());
            if (category != null) {
                categories.add(category);
            }
        }
        return categories;
    }

    /** The category a single label means, or null. */
    public static String category(String system, String code) {
        if (code == null) {
            return null;
        }
        if (RecordMeta.SECURITY_SYSTEM.equals(system)) {
            return Vocabulary.CATEGORIES.contains(code) ? code : null;
        }
        if (ConsentProfile.ACT_CODE_SYSTEM.equals(system)) {
            return ACT_CODES.get(code);
        }
        return null;
    }
}
