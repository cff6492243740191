package org.darlingtontogether.carehub.ops;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How each partner's SFTP polls are going (the consumers' poll strategy): when a poll last succeeded, and the last
 * failure (connection refused, a host key that does not match known_hosts, authentication) until a poll succeeds
 * again. Feed health reads it: a feed that cannot reach its server is DOWN even though its route runs.
 */
@Component("sftpPollStatus")
public class SftpPollStatus implements PollingConsumerPollStrategy {

    /** The last poll's outcome for one partner. */
    public record State(Instant lastSuccessAt, Instant lastFailureAt, String lastFailure) {
        public boolean failing() {
            return lastFailureAt != null && (lastSuccessAt == null || lastFailureAt.isAfter(lastSuccessAt));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SftpPollStatus.class);
    private final Map<String, State> states = new ConcurrentHashMap<>();

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        states.compute(partner(consumer), (p, s) -> new State(Instant.now(), s == null ? null : s.lastFailureAt(),
                s == null ? null : s.lastFailure()));
    }

    /** Records the failure; no immediate retry: the next scheduled poll tries again. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        String partner = partner(consumer);
        String problem = describe(cause);
        State before = states.get(partner);
        states.put(partner, new State(before == null ? null : before.lastSuccessAt(), Instant.now(), problem));
        if (before == null || !problem.equals(before.lastFailure())) {
            log.warn("{} SFTP poll failed: {}", partner, problem);
        }
        return false;
    }

    public Optional<State> state(String partner) {
        return Optional.ofNullable(states.get(partner));
    }

    /** The innermost cause's type and message: the SFTP library's words (host, key, auth), no file content. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    private static String partner(Consumer consumer) {
        String routeId = consumer instanceof RouteIdAware aware ? aware.getRouteId() : null;
        if (routeId == null || !routeId.contains("-")) {
            return String.valueOf(routeId);
        }
        return routeId.substring(0, routeId.indexOf('-'));
    }
}
