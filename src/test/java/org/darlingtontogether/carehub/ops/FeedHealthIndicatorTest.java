package org.darlingtontogether.carehub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.feed.FhirFeedPoller;
import org.darlingtontogether.carehub.feed.FhirFeedStates;
import org.darlingtontogether.carehub.feed.FhirWatermarks;
import org.darlingtontogether.carehub.inbox.InboxRepository;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The feed's health from its route's state, with what waits in the inbox as details only. */
class FeedHealthIndicatorTest {

    private final InboxRepository inbox = new InboxRepository(JdbcClient.create(TestDatabases.h2()));
    private final InboxStatistics statistics = new InboxStatistics(inbox, Duration.ZERO, Clock.systemUTC());
    private DefaultCamelContext camel;

    @BeforeEach
    void camel() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:cddft-adt").routeId("cddft-adt-inbound").log("stand-in for the MLLP listener");
                from("direct:handoff").routeId("inbox-processing").log("not a feed");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void upWhileTheRouteRunsWithBacklogQuarantineAndFailuresAsDetails() {
        long q = inbox.store("cddft", "M1", "HL7V2", "ADT^A04", InboxState.RECEIVED, null, "MSH|1").id();
        inbox.markOutcome(q, InboxState.QUARANTINED, "no NHS number in PID-3");
        inbox.store("cddft", "M2", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|2");
        inbox.store("cddft", "M3", "HL7V2", "ADT^A01", InboxState.RECEIVED, null, "MSH|3");
        long last = inbox.store("cddft", "M4", "HL7V2", null, InboxState.FAILED, "cannot parse", "junk").id();

        Health health = new FeedHealthIndicator("cddft", 2575, camel, statistics).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("routes", Map.of("cddft-adt-inbound", "Started"))
                .containsEntry("port", 2575)
                .containsEntry("backlog", 2L)
                .containsEntry("quarantined", 1L)
                .containsEntry("failed", 1L)
                .containsEntry("lastReceivedAt", inbox.find(last).orElseThrow().receivedAt().toString());
    }

    @Test
    void downWhenTheListenerRouteIsStopped() throws Exception {
        camel.getRouteController().stopRoute("cddft-adt-inbound");

        Health health = new FeedHealthIndicator("cddft", 2575, camel, statistics).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("routes", Map.of("cddft-adt-inbound", "Stopped"))
                .containsEntry("backlog", 0L).doesNotContainKey("lastReceivedAt");
    }

    @Test
    void downWhenThePartnerHasNoInboundRoute() {
        Health health = new FeedHealthIndicator("phd", 0, camel, statistics).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("problem", "no inbound route for phd is loaded");
    }

    @Test
    void aFhirFeedWithoutBaseUrlIsOffAndSaysSo() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:phd-tick").routeId("phd-fhir-inbound").log("stand-in for the FHIR feed's scheduler");
            }
        });
        CarehubProperties properties = new CarehubProperties();
        properties.getPartners().put("phd", new CarehubProperties.Partner());
        FhirFeedPoller poller = new FhirFeedPoller(properties, inbox, null, null, null, null, new FhirFeedStates(), null, null, null);

        Health health = new FeedHealthIndicator("phd", 0, camel, statistics, poller, new FhirWatermarks(JdbcClient.create(TestDatabases.h2()))).health();

        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails()).containsEntry("feed", "OFF")
                .containsEntry("reason", "carehub.partners.phd.base-url is not set").doesNotContainKey("port");
    }

    @Test
    void feedsComponentHasOneIndicatorPerConfiguredPartner() {
        CarehubProperties properties = new CarehubProperties();
        properties.getPartners().put("cddft", new CarehubProperties.Partner());

        CarehubProperties.Partner dbc = new CarehubProperties.Partner();
        dbc.setSftp(new CarehubProperties.Sftp());
        properties.getPartners().put("dbc", dbc);

        FeedsHealthContributor feeds = new FeedsHealthContributor(camel, statistics, properties, new SftpPollStatus());

        assertThat(feeds).extracting(c -> c.getName()).containsExactly("cddft", "dbc");
        assertThat(((HealthIndicator) feeds.getContributor("cddft")).health().getStatus()).isEqualTo(Status.UP);
        Health off = ((HealthIndicator) feeds.getContributor("dbc")).health();
        assertThat(off.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(off.getDetails()).containsEntry("state", "off")
                .containsEntry("reason", "no carehub.partners.dbc.sftp.host set");
    }
}
