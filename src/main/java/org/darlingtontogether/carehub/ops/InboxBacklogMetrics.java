package org.darlingtontogether.carehub.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.springframework.stereotype.Component;

/**
 * Gauges of what waits in the inbox per configured partner:
 * {@code carehub.inbox.backlog{partner=..., state=received|quarantined|failed}}. {@code received} is the processing
 * backlog; {@code quarantined} waits for tracing, {@code failed} for a fix and replay.
 */
@Component
public class InboxBacklogMetrics implements MeterBinder {

    static final List<InboxState> WAITING = List.of(InboxState.RECEIVED, InboxState.QUARANTINED, InboxState.FAILED);

    private final InboxStatistics statistics;
    private final CarehubProperties properties;

    public InboxBacklogMetrics(InboxStatistics statistics, CarehubProperties properties) {
        this.statistics = statistics;
        this.properties = properties;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String partner : properties.getPartners().keySet()) {
            for (InboxState state : WAITING) {
                Gauge.builder("carehub.inbox.backlog", statistics, s -> s.count(partner, state))
                        .description("Inbox messages per partner waiting in a state: received (to process), quarantined (to trace), failed (to replay)")
                        .tag("partner", partner)
                        .tag("state", state.name().toLowerCase())
                        .strongReference(true)
                        .register(registry);
            }
        }
    }
}
