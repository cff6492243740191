package org.darlingtontogether.carehub.deliver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.darlingtontogether.carehub.identify.NhsNumber;

/**
 * A Subscription's {@code criteria} as the hub understands it: a resource type it serves, optionally narrowed to one
 * person by NHS number. {@code Encounter?} is every Encounter; {@code Encounter?patient.identifier=<nhs-system>|N}
 * (or {@code subject.identifier}, or {@code identifier} on Patient) is that person's only. Anything else is refused
 * with the reason, never guessed at.
 */
public record SubscriptionCriteria(String resourceType, String nhsNumber) {

    private static final Set<String> PERSON_PARAMETERS = Set.of("identifier", "patient.identifier", "subject.identifier", "patient:identifier");

    public static SubscriptionCriteria parse(String criteria, Set<String> servedTypes) {
        if (criteria == null || criteria.isBlank()) {
            throw new IllegalArgumentException("Subscription.criteria is required, e.g. Encounter? or Patient?identifier="
                    + NhsNumber.SYSTEM + "|<nhs number>");
        }
        String text = criteria.strip();
        int question = text.indexOf('?');
        String type = question < 0 ? text : text.substring(0, question);
        String query = question < 0 ? "" : text.substring(question + 1);
        if (!servedTypes.contains(type)) {
            throw new IllegalArgumentException("Subscription.criteria names " + (type.isEmpty() ? "no resource type" : "'" + type + "'")
                    + ": the hub delivers " + String.join(", ", servedTypes.stream().sorted().toList()));
        }
        if (query.isEmpty()) {
            return new SubscriptionCriteria(type, null);
        }
        String person = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            boolean personParameter = "Patient".equals(type) ? "identifier".equals(name) : PERSON_PARAMETERS.contains(name) && !"identifier".equals(name);
            if (!personParameter || person != null) {
                throw new IllegalArgumentException("Subscription.criteria parameter '" + name + "' is not supported: only one "
                        + ("Patient".equals(type) ? "identifier" : "patient.identifier or subject.identifier") + "=" + NhsNumber.SYSTEM + "|<nhs number>");
            }
            int bar = value.indexOf('|');
            String system = bar < 0 ? null : value.substring(0, bar);
            String number = bar < 0 ? value : value.substring(bar + 1);
            if (system != null && !system.isEmpty() && !NhsNumber.SYSTEM.equals(system)) {
                throw new IllegalArgumentException("Subscription.criteria identifier must use the system " + NhsNumber.SYSTEM);
            }
            String problem = NhsNumber.problemWith(number);
            if (problem != null) {
                throw new IllegalArgumentException("Subscription.criteria identifier: " + problem);
            }
            person = NhsNumber.of(number).value();
        }
        return new SubscriptionCriteria(type, person);
    }
}
