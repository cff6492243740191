package org.darlingtontogether.carehub.govern;

import java.time.LocalDate;

/**
 * One consent directive of a person, read from a FHIR Consent: an objection to sharing or an explicit consent,
 * narrowed to a source partner, consumer, category or purpose where the Consent says so (null: any), in force for
 * its period (both ends inclusive; open when null), recorded by {@code recorder}. A withdrawn directive (Consent
 * status inactive or rejected) no longer objects or consents; a withdrawn consent is what the decision names.
 *
 * @param consentRef the Consent it came from, {@code Consent/<id>}, which decisions name as their rule
 */
public record Directive(Kind kind, String consentRef, String source, String consumer, String category, String purpose,
                        LocalDate from, LocalDate to, String recorder, boolean withdrawn) {

    public enum Kind {
        /** The person objects to sharing (all of it, or for a source, consumer, category or purpose). */
        OBJECTION,
        /** The person explicitly consents (the navigator pilot; mental-health data to the high-impact MDT). */
        EXPLICIT_CONSENT
    }

    public boolean inForceOn(LocalDate date) {
        return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }

    /** Whether it speaks of sharing this category (null: whatever the category) from this source with this consumer for this purpose. */
    public boolean covers(String sourcePartner, String forCategory, String forConsumer, String forPurpose) {
        return (source == null || source.equals(sourcePartner))
                && (category == null || forCategory == null || category.equals(forCategory))
                && (consumer == null || consumer.equals(forConsumer))
                && (purpose == null || purpose.equals(forPurpose));
    }

    public Directive withdrawn(boolean isWithdrawn) {
        return new Directive(kind, consentRef, source, consumer, category, purpose, from, to, recorder, isWithdrawn);
    }
}
