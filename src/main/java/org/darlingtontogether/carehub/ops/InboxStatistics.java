package org.darlingtontogether.carehub.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts of waiting inbox messages per partner and state, and each partner's latest arrival, read at most once per
 * {@code maxAge} however often health checks and metric scrapes ask, so neither puts load on the inbox table.
 */
@Component
public class InboxStatistics {

    private final InboxRepository inbox;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private final Map<String, Latest> lastReceived = new ConcurrentHashMap<>();

    @Autowired
    public InboxStatistics(InboxRepository inbox) {
        this(inbox, Duration.ofSeconds(2), Clock.systemUTC());
    }

    public InboxStatistics(InboxRepository inbox, Duration maxAge, Clock clock) {
        this.inbox = inbox;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Messages of this partner now in this state (RECEIVED is the processing backlog); 0 for PROCESSED (not counted). */
    public long count(String partner, InboxState state) {
        Map<InboxState, Long> byState = current().counts().get(partner);
        return byState == null ? 0 : byState.getOrDefault(state, 0L);
    }

    /** When the partner's latest message arrived (as of at most {@code maxAge} ago); empty if it never sent one. */
    public Optional<Instant> lastReceivedAt(String partner) {
        Instant now = clock.instant();
        Latest latest = lastReceived.get(partner);
        if (latest == null || !now.isBefore(latest.takenAt().plus(maxAge))) {
            latest = new Latest(now, inbox.lastReceivedAt(partner));
            lastReceived.put(partner, latest);
        }
        return latest.at();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.takenAt().plus(maxAge))) {
            synchronized (this) {
                s = snapshot;
                if (s == null || !now.isBefore(s.takenAt().plus(maxAge))) {
                    s = new Snapshot(now, inbox.countWaitingByPartner());
                    snapshot = s;
                }
            }
        }
        return s;
    }

    private record Latest(Instant takenAt, Optional<Instant> at) {
    }

    private record Snapshot(Instant takenAt, Map<String, Map<InboxState, Long>> counts) {
    }
}
