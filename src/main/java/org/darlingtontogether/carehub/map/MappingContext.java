package org.darlingtontogether.carehub.map;

import org.darlingtontogether.carehub.identify.NhsNumber;

/** What a mapping knows besides the message: which partner sent it, its inbox row, and the person it is about. */
public record MappingContext(String partner, long inboxId, NhsNumber nhsNumber) {
}
