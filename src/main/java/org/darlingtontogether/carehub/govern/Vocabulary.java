package org.darlingtontogether.carehub.govern;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.darlingtontogether.carehub.api.security.Purpose;
import org.darlingtontogether.carehub.config.CarehubProperties;

/**
 * The names agreements and consent directives may use: the partners (DESIGN.md), the configured consumers, the data
 * categories and the purposes. Anything else in an agreement file is a mistake and stops the hub.
 */
public record Vocabulary(Set<String> partners, Set<String> consumers, Set<String> categories, Set<String> purposes) {

    public static final Set<String> PARTNERS = orderedSet("cddft", "tewv", "phd", "dbc", "ccg");
    public static final Set<String> CATEGORIES = orderedSet("demographics", "encounters", "conditions", "allergies",
            "medications", "observations", "care-plans", "social-care", "mental-health", "substance-misuse", "sexual-health",
            "safeguarding", "risk-scores");
    /** The category of consent directives in the shared record: governance data, never shown to a consumer. */
    public static final String CONSENT_CATEGORY = "consent";
    /** Categories that never leave their source when an agreement does not say otherwise. */
    public static final Set<String> DEFAULT_NEVER_LEAVE = Set.of("sexual-health");

    /** The vocabulary of this hub: its configured consumers (those with the consumer role) and purposes. */
    public static Vocabulary of(CarehubProperties properties) {
        Set<String> consumers = new LinkedHashSet<>();
        properties.getConsumers().forEach((id, consumer) -> {
            if (consumer.isDataConsumer()) {
                consumers.add(id);
            }
        });
        Set<String> purposes = new LinkedHashSet<>();
        for (Purpose purpose : Purpose.values()) {
            purposes.add(purpose.code());
        }
        return new Vocabulary(PARTNERS, java.util.Collections.unmodifiableSet(consumers), CATEGORIES, java.util.Collections.unmodifiableSet(purposes));
    }

    private static Set<String> orderedSet(String... names) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }
}
