package org.darlingtontogether.carehub.feed;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Where each FHIR feed stands, for its health and its schedule. In memory: a restart begins again from the watermarks. */
@Component
public class FhirFeedStates {

    /** What the feed is doing. */
    public enum State {
        /** No base URL and not simulated. */
        OFF,
        /** Configured, not polled yet. */
        STARTING,
        /** The last poll read everything new. */
        OK,
        /** The partner asked the hub to wait (429, 503 with Retry-After). */
        THROTTLED,
        /** The partner did not answer or answered with an error; retried with backoff. */
        UNAVAILABLE,
        /** The partner refused the hub's credentials (401/403): no retry until the auth retry interval has passed. */
        REFUSED
    }

    /** One feed's standing. */
    public record Status(State state, String reason, URI baseUrl, boolean simulated, Instant nextAttemptAt, Instant lastSuccessAt,
                         Instant lastProblemAt, long resourcesTaken) {
        public boolean healthy() {
            return state != State.REFUSED && state != State.UNAVAILABLE;
        }
    }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();

    public Optional<Status> get(String partner) {
        return Optional.ofNullable(statuses.get(partner));
    }

    void put(String partner, Status status) {
        statuses.put(partner, status);
    }
}
