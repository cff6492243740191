package org.darlingtontogether.carehub.inbox;

import java.time.Instant;

/** One stored message, exactly as the partner sent it. */
public record InboxEntry(
        long id,
        String partner,
        String messageKey,
        String format,
        String messageType,
        Instant receivedAt,
        InboxState state,
        String reason,
        String nhsNumberOverride,
        int attempts,
        Instant updatedAt,
        String payload) {
}
