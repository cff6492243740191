package org.darlingtontogether.carehub.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-feed counters: {@code carehub.feed.messages{partner=..., outcome=received|acknowledged|processed|quarantined|failed|withheld}}.
 */
@Component
public class FeedMetrics {

    public enum Outcome { RECEIVED, ACKNOWLEDGED, PROCESSED, QUARANTINED, WITHHELD, FAILED }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String partner, Outcome outcome) {
        count(partner, outcome, 1);
    }

    /** Counts several at once (a batch of a file's rows). */
    public void count(String partner, Outcome outcome, long amount) {
        if (amount <= 0) {
            return;
        }
        counters.computeIfAbsent(partner + '|' + outcome, k -> Counter.builder("carehub.feed.messages")
                .description("Messages per partner feed by what became of them")
                .tag("partner", partner)
                .tag("outcome", outcome.name().toLowerCase())
                .register(registry)).increment(amount);
    }

    public double value(String partner, Outcome outcome) {
        Counter c = counters.get(partner + '|' + outcome);
        return c == null ? 0 : c.count();
    }
}
