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
    private final java.util.Set<String> gauges = ConcurrentHashMap.newKeySet();

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

    /**
     * {@code carehub.feed.watermark.age{partner, resource}}: seconds since the newest resource of that type a FHIR feed has
     * taken in was last updated at the partner (grows while a partner is quiet; a stuck feed shows it first).
     */
    public void watermarkAge(String partner, String resourceType, java.util.function.Supplier<java.time.Instant> watermark) {
        String key = "watermark|" + partner + '|' + resourceType;
        if (gauges.add(key)) {
            io.micrometer.core.instrument.Gauge.builder("carehub.feed.watermark.age", () -> {
                        java.time.Instant at = watermark.get();
                        return at == null ? Double.NaN : java.time.Duration.between(at, java.time.Instant.now()).toMillis() / 1000.0;
                    })
                    .description("Age of a FHIR feed's watermark (newest lastUpdated taken in) per resource type")
                    .baseUnit("seconds")
                    .tag("partner", partner)
                    .tag("resource", resourceType)
                    .register(registry);
        }
    }

    public double value(String partner, Outcome outcome) {
        Counter c = counters.get(partner + '|' + outcome);
        return c == null ? 0 : c.count();
    }
}
