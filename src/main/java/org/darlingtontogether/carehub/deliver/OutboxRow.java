package org.darlingtontogether.carehub.deliver;

import java.time.Instant;

/** One delivery in the outbox: references only, the payload is built from the shared record when it is sent. */
public record OutboxRow(long id, String consumer, String destination, String nhsNumber, long sequence, String resourceType,
                        String resourceId, int resourceVersion, DeliveryKind kind, String reason, String idempotencyKey,
                        DeliveryState state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                        Instant updatedAt) {

    /** The receiver's ordering: one consumer endpoint, one person. */
    public String orderKey() {
        return consumer + '|' + destination + '|' + nhsNumber;
    }

    public String reference() {
        return resourceType + "/" + resourceId;
    }
}
