package org.darlingtontogether.carehub.record;

import org.hl7.fhir.r4.model.Resource;

/**
 * How every resource in the shared record says where it came from and what kind of data it is: {@code meta.source}
 * names the partner and its message, {@code meta.tag} the data category the agreements speak of. Every mapper,
 * whatever the source format, stamps resources through here.
 */
public final class RecordMeta {

    /** Code system of the data categories (demographics, encounters, social-care, mental-health, ...). */
    public static final String CATEGORY_SYSTEM = "https://fhir.darlingtontogether.org.uk/CodeSystem/data-category";
    /**
     * Code system of the sensitive-category labels in {@code meta.security} (mental-health, substance-misuse,
     * sexual-health, safeguarding): the same codes as the data categories, so agreements speak of both alike.
     */
    public static final String SECURITY_SYSTEM = CATEGORY_SYSTEM;
    /** Base of {@code meta.source}: the partner id follows, then {@code #} and the source message key. */
    public static final String SOURCE_BASE = "https://fhir.darlingtontogether.org.uk/partner/";

    private RecordMeta() {
    }

    /** The {@code meta.source} of a resource from this partner's message (MSH-10, resource version, file row...). */
    public static String source(String partner, String messageKey) {
        return SOURCE_BASE + partner + "#" + messageKey;
    }

    /** Sets {@code meta.source} and adds the category tag. */
    public static void stamp(Resource resource, String source, String category) {
        resource.getMeta().setSource(source);
        resource.getMeta().addTag(CATEGORY_SYSTEM, category, null);
    }

    /** Labels a resource as carrying a sensitive category ({@code meta.security}), once. */
    public static void label(Resource resource, String category) {
        if (resource.getMeta().getSecurity(SECURITY_SYSTEM, category) == null) {
            resource.getMeta().addSecurity(SECURITY_SYSTEM, category, null);
        }
    }
}
