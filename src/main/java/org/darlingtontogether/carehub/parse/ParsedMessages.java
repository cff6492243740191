package org.darlingtontogether.carehub.parse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Messages the intake has already parsed, held briefly so that processing in the same instance does not parse
 * them a second time (parsing is the largest single cost per message). Only an optimisation: whatever is not here
 * (another instance's messages, a replay, a backlog past the bound) is parsed again from the stored original.
 *
 * <p>When processing falls behind, the messages held are the oldest waiting, which are the next it takes: a full hold
 * takes no more (rather than letting go of those about to be used), except in place of one held for longer than
 * {@link #STALE_AFTER}, which nobody is coming for.
 *
 * <p>While processing is behind ({@link #processingBehind}), nothing more is held: a message arriving then waits for
 * the backlog before it (seconds at a burst), and a parse held that long outlives several young collections, each
 * copying it (70 KB of HAPI structures); parsing it again costs less (~100 µs). Measured in docs/benchmarks.md
 * ("Fewer collector pauses").
 */
@Component
public class ParsedMessages {

    // a parsed HL7 message holds ~100 KB of HAPI structures: enough for a few processing batches, little enough for
    // a hub at -Xmx512m (2,000 held kept the heap near full and the collector busy when processing fell behind)
    static final int CAPACITY = 256;
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private final Map<String, Held> waiting = new LinkedHashMap<>();
    private final Clock clock;
    private volatile boolean processingBehind;

    @Autowired
    public ParsedMessages() {
        this(Clock.systemUTC());
    }

    ParsedMessages(Clock clock) {
        this.clock = clock;
    }

    /**
     * Holds a parsed message, with the text it was parsed from, under its inbox key until processing takes it; when
     * the hold is full of messages still to come, this one is left to be parsed again.
     */
    public void hold(String partner, String messageKey, String raw, ParsedHl7 parsed) {
        // read before the lock: behind a burst every intake thread passes here, and none needs it
        if (processingBehind) {
            return;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (waiting.size() >= CAPACITY) {
                dropStale(now);
            }
            if (waiting.size() < CAPACITY) {
                waiting.put(partner + '|' + messageKey, new Held(raw, parsed, now));
            }
        }
    }

    /**
     * Processing says, as it reads each batch, whether it is behind (the batch came back full: more are waiting). While
     * it is, nothing more is held; what is held stays, being the oldest waiting, which processing takes next.
     */
    public void processingBehind(boolean behind) {
        this.processingBehind = behind;
    }

    /** Forgets a message that is not going on to processing (a repeat, a failure to commit). */
    public synchronized void drop(String partner, String messageKey) {
        waiting.remove(partner + '|' + messageKey);
    }

    /**
     * The parsed message, once, or null when it must be parsed from the stored original. Only a parse of exactly the
     * stored text is given out, so a sender reusing an MSH-10 for another message can never stand in for the first.
     */
    public ParsedHl7 take(String partner, String messageKey, String storedText) {
        Held held;
        synchronized (this) {
            held = waiting.remove(partner + '|' + messageKey);
        }
        return held != null && held.raw().equals(storedText) ? held.parsed() : null;
    }

    synchronized int size() {
        return waiting.size();
    }

    /** Held in arrival order, so the stale are at the front. */
    private void dropStale(Instant now) {
        Instant cutOff = now.minus(STALE_AFTER);
        Iterator<Held> oldestFirst = waiting.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().heldAt().isBefore(cutOff)) {
            oldestFirst.remove();
        }
    }

    private record Held(String raw, ParsedHl7 parsed, Instant heldAt) {
    }
}
