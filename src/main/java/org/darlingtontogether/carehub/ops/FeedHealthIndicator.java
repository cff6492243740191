package org.darlingtontogether.carehub.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.darlingtontogether.carehub.feed.FhirFeedPoller;
import org.darlingtontogether.carehub.feed.FhirFeedStates;
import org.darlingtontogether.carehub.feed.FhirWatermarks;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * One partner feed: UP while every inbound route of the partner (route ids {@code <partner>-...-inbound}, e.g.
 * {@code cddft-adt-inbound}) is started, DOWN when one is stopped or none exists. What waits in the inbox (backlog,
 * quarantined, failed) and when the last message arrived are details for operators and alerts, not DOWN by themselves:
 * the feed still accepts and stores messages.
 */
public class FeedHealthIndicator implements HealthIndicator {

    private final String partner;
    private final Integer port;
    private final CamelContext camel;
    private final InboxStatistics statistics;
    private final FhirFeedPoller fhirFeeds;
    private final FhirWatermarks watermarks;

    /** @param port the listener's port, or null for a feed that does not listen (SFTP, FHIR polling) */
    public FeedHealthIndicator(String partner, Integer port, CamelContext camel, InboxStatistics statistics) {
        this(partner, port, camel, statistics, null, null);
    }

    /**
     * A partner whose feed may be a FHIR feed (a route {@code <partner>-fhir-inbound}): then its health is the feed's
     * standing (OFF without a base URL, DOWN when refused or unavailable, with the reason) and its watermarks' ages.
     */
    public FeedHealthIndicator(String partner, Integer port, CamelContext camel, InboxStatistics statistics, FhirFeedPoller fhirFeeds,
                               FhirWatermarks watermarks) {
        this.partner = partner;
        this.port = port;
        this.camel = camel;
        this.statistics = statistics;
        this.fhirFeeds = fhirFeeds;
        this.watermarks = watermarks;
    }

    @Override
    public Health health() {
        List<String> routeIds = camel.getRoutes().stream().map(Route::getRouteId)
                .filter(id -> id.startsWith(partner + "-") && id.endsWith("-inbound"))
                .sorted().toList();
        Map<String, String> routes = new LinkedHashMap<>();
        boolean allStarted = !routeIds.isEmpty();
        for (String id : routeIds) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            routes.put(id, status == null ? "Unknown" : status.name());
            allStarted &= status == ServiceStatus.Started;
        }
        boolean fhir = fhirFeeds != null && routeIds.stream().anyMatch(id -> id.endsWith("-fhir-inbound"));
        Health.Builder health = allStarted ? Health.up() : Health.down();
        if (routeIds.isEmpty()) {
            health.withDetail("problem", "no inbound route for " + partner + " is loaded");
        }
        health.withDetail("routes", routes);
        if (fhir) {
            fhirDetails(health, allStarted);
        } else if (port != null) {
            health.withDetail("port", port);
        }
        try {
            health.withDetail("backlog", statistics.count(partner, InboxState.RECEIVED))
                    .withDetail("quarantined", statistics.count(partner, InboxState.QUARANTINED))
                    .withDetail("failed", statistics.count(partner, InboxState.FAILED));
            statistics.lastReceivedAt(partner).ifPresent(at -> health.withDetail("lastReceivedAt", at.toString()));
        } catch (RuntimeException e) {
            // the database has its own health component; a feed whose route runs is not DOWN for want of counts
            health.withDetail("inbox", "counts unavailable: " + e.getClass().getSimpleName());
        }
        return health.build();
    }

    private void fhirDetails(Health.Builder health, boolean routeStarted) {
        FhirFeedStates.Status feed = fhirFeeds.status(partner);
        if (feed.state() == FhirFeedStates.State.OFF) {
            health.status(Status.UNKNOWN);
        } else if (routeStarted && !feed.healthy()) {
            health.down();
        }
        health.withDetail("feed", feed.state().name());
        if (feed.reason() != null) {
            health.withDetail("reason", feed.reason());
        }
        if (feed.baseUrl() != null) {
            health.withDetail("baseUrl", feed.baseUrl().toString()).withDetail("simulated", feed.simulated());
        }
        if (feed.nextAttemptAt() != null) {
            health.withDetail("nextPollAt", feed.nextAttemptAt().toString());
        }
        if (feed.lastSuccessAt() != null) {
            health.withDetail("lastSuccessAt", feed.lastSuccessAt().toString());
        }
        try {
            Map<String, Object> marks = new LinkedHashMap<>();
            Instant now = Instant.now();
            watermarks.all(partner).forEach((type, mark) -> marks.put(type, Map.of(
                    "lastUpdated", mark.text(),
                    "ageSeconds", Duration.between(mark.lastUpdated(), now).toSeconds())));
            health.withDetail("watermarks", marks);
        } catch (RuntimeException e) {
            health.withDetail("watermarks", "unavailable: " + e.getClass().getSimpleName());
        }
    }
}
