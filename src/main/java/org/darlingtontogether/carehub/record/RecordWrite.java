package org.darlingtontogether.carehub.record;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A resource a mapping produced, ready for the shared record. Its id was derived with {@link ResourceIds}
 * from its source key, so the same source fact always lands on the same resource.
 *
 * @param nhsNumber the person it is about (ten checked digits)
 * @param partner   the source partner id, e.g. {@code cddft}
 * @param inboxId   the inbox message it came from
 * @param category  the data category, e.g. {@code demographics}
 */
public record RecordWrite(IBaseResource resource, String nhsNumber, String partner, long inboxId, String category) {
}
