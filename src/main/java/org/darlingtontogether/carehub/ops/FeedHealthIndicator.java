package org.darlingtontogether.carehub.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.darlingtontogether.carehub.inbox.InboxState;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

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

    /** @param port the listener's port, or null for a feed that does not listen (SFTP, FHIR polling) */
    public FeedHealthIndicator(String partner, Integer port, CamelContext camel, InboxStatistics statistics) {
        this.partner = partner;
        this.port = port;
        this.camel = camel;
        this.statistics = statistics;
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
        Health.Builder health = allStarted ? Health.up() : Health.down();
        if (routeIds.isEmpty()) {
            health.withDetail("problem", "no inbound route for " + partner + " is loaded");
        }
        health.withDetail("routes", routes);
        if (port != null) {
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
}
