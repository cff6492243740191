package org.darlingtontogether.carehub.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Messages the intake has already parsed, held briefly so that processing in the same instance does not parse
 * them a second time (parsing is the largest single cost per message). Only an optimisation: whatever is not here
 * (another instance's messages, a replay, a backlog past the bound) is parsed again from the stored original.
 */
@Component
public class ParsedMessages {

    // a parsed HL7 message holds ~100 KB of HAPI structures: enough for a few processing batches, little enough for
    // a hub at -Xmx512m (2,000 held kept the heap near full and the collector busy when processing fell behind)
    private static final int CAPACITY = 256;
    private final Map<String, Held> waiting = new ConcurrentHashMap<>();

    /** Holds a parsed message, with the text it was parsed from, under its inbox key until processing takes it. */
    public void hold(String partner, String messageKey, String raw, ParsedHl7 parsed) {
        if (waiting.size() >= CAPACITY) {
            // nobody is taking them (processing paused or far behind): let them be parsed again later
            waiting.clear();
        }
        waiting.put(partner + '|' + messageKey, new Held(raw, parsed));
    }

    /** Forgets a message that is not going on to processing (a repeat, a failure to commit). */
    public void drop(String partner, String messageKey) {
        waiting.remove(partner + '|' + messageKey);
    }

    /**
     * The parsed message, once, or null when it must be parsed from the stored original. Only a parse of exactly the
     * stored text is given out, so a sender reusing an MSH-10 for another message can never stand in for the first.
     */
    public ParsedHl7 take(String partner, String messageKey, String storedText) {
        Held held = waiting.remove(partner + '|' + messageKey);
        return held != null && held.raw().equals(storedText) ? held.parsed() : null;
    }

    private record Held(String raw, ParsedHl7 parsed) {
    }
}
