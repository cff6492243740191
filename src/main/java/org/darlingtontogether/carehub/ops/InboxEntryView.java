package org.darlingtontogether.carehub.ops;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import org.darlingtontogether.carehub.inbox.InboxEntry;
import org.darlingtontogether.carehub.inbox.InboxState;

/**
 * What the operations API shows of an inbox row: where a message is and why, never its content. The payload and any
 * traced NHS number stay in the inbox; the reason is written by the hub in words that name fields, not values.
 * Times are ISO-8601 instants (UTC) whatever the application's JSON defaults.
 */
public record InboxEntryView(
        long id,
        String partner,
        String messageKey,
        String messageType,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant receivedAt,
        InboxState state,
        String reason,
        int attempts,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant updatedAt) {

    public static InboxEntryView of(InboxEntry entry) {
        return new InboxEntryView(entry.id(), entry.partner(), entry.messageKey(), entry.messageType(), entry.receivedAt(),
                entry.state(), entry.reason(), entry.attempts(), entry.updatedAt());
    }
}
