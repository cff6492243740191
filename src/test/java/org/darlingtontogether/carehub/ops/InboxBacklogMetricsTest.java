package org.darlingtontogether.carehub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class InboxBacklogMetricsTest {

    private final InboxRepository inbox = new InboxRepository(JdbcClient.create(TestDatabases.h2()));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void gaugesWhatWaitsPerPartnerAndState() {
        bind(new InboxStatistics(inbox, Duration.ZERO, Clock.systemUTC()));
        inbox.store("cddft", "M1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|1");
        inbox.store("cddft", "M2", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|2");
        inbox.store("cddft", "M3", "HL7V2", null, InboxState.FAILED, "cannot parse", "junk");

        assertThat(gauge("received")).isEqualTo(2.0);
        assertThat(gauge("failed")).isEqualTo(1.0);
        assertThat(gauge("quarantined")).isEqualTo(0.0);
    }

    @Test
    void readsTheInboxAtMostOncePerInterval() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-01T08:00:00Z"));
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        bind(new InboxStatistics(inbox, Duration.ofSeconds(2), clock));
        assertThat(gauge("received")).isZero();

        inbox.store("cddft", "M1", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|1");
        assertThat(gauge("received")).as("cached").isZero();

        now.set(now.get().plusSeconds(2));
        assertThat(gauge("received")).isEqualTo(1.0);
    }

    private void bind(InboxStatistics statistics) {
        CarehubProperties properties = new CarehubProperties();
        properties.getPartners().put("cddft", new CarehubProperties.Partner());
        new InboxBacklogMetrics(statistics, properties).bindTo(registry);
    }

    private double gauge(String state) {
        return registry.get("carehub.inbox.backlog").tag("partner", "cddft").tag("state", state).gauge().value();
    }
}
