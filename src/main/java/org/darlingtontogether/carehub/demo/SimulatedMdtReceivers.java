package org.darlingtontogether.carehub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.deliver.PushClient;
import org.darlingtontogether.carehub.deliver.SubscriptionStore.StoredSubscription;
import org.darlingtontogether.carehub.deliver.SubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Two MDT systems' push endpoints, simulated for a newcomer's first run: an HTTP server on 127.0.0.1
 * ({@code carehub.demo.receiver-port}) with one path per consumer, subscribed (as the real systems would with
 * {@code POST /fhir/Subscription}) before the simulated hospital starts sending: the frail elderly MDT to Patients and
 * Encounters (direct care), planning to Encounters (planning: no demographics). Each prints what it receives: consumer,
 * method, resource type and id, version, sequence, never patient data. On only when {@code carehub.demo.enabled}.
 */
@Component
@ConditionalOnProperty(prefix = "carehub.demo", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SimulatedMdtReceivers implements SmartLifecycle {

    static final String PATH = "/demo-receiver/";
    static final Map<String, List<String>> SUBSCRIPTIONS = Map.of(
            "mdt-frail-elderly", List.of("Patient?", "Encounter?"),
            "planning", List.of("Encounter?"));
    private static final Logger log = LoggerFactory.getLogger(SimulatedMdtReceivers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubscriptionStore subscriptions;
    private final Map<String, CarehubProperties.Consumer> consumers;
    private final int port;
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private HttpServer server;

    public SimulatedMdtReceivers(SubscriptionStore subscriptions, CarehubProperties properties) {
        this.subscriptions = subscriptions;
        this.consumers = properties.getConsumers();
        this.port = properties.getDemo().getReceiverPort();
    }

    @Override
    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            log.warn("Simulated MDT receivers not started: 127.0.0.1:{} is not free ({}); set carehub.demo.receiver-port", port,
                    e.getClass().getSimpleName());
            return;
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "simulated-mdt");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(PATH, this::receive);
        server.start();
        int bound = server.getAddress().getPort();
        SUBSCRIPTIONS.forEach((consumer, criteria) -> {
            if (consumers.containsKey(consumer)) {
                subscribe(consumer, criteria, URI.create("http://127.0.0.1:" + bound + PATH + consumer));
            }
        });
        log.info("Simulated MDT receivers on 127.0.0.1:{}{}: {} subscribed; each prints what the hub pushes", bound, PATH, SUBSCRIPTIONS.keySet());
    }

    /** Replaces the consumer's earlier demo subscriptions (an earlier run, perhaps on another port) with these. */
    private void subscribe(String consumer, List<String> criteria, URI endpoint) {
        for (StoredSubscription old : subscriptions.ofConsumer(consumer)) {
            if (old.endpoint().getPath().startsWith(PATH)) {
                subscriptions.delete(old.id());
            }
        }
        for (String criterion : criteria) {
            String id = UUID.randomUUID().toString();
            String type = criterion.substring(0, criterion.indexOf('?'));
            String content = "{\"resourceType\":\"Subscription\",\"id\":\"" + id + "\",\"status\":\"active\",\"reason\":\"simulated "
                    + consumer + " system\",\"criteria\":\"" + criterion + "\",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\""
                    + endpoint + "\",\"payload\":\"application/fhir+json\"}}";
            subscriptions.add(new StoredSubscription(id, consumer, criterion, type, null, endpoint, List.of(), "active", Instant.now(), content));
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        String consumer = exchange.getRequestURI().getPath().substring(PATH.length());
        String sequence = exchange.getRequestHeaders().getFirst(PushClient.SEQUENCE);
        try {
            JsonNode entry = JSON.readTree(exchange.getRequestBody()).path("entry").path(0);
            String method = entry.path("request").path("method").asText();
            String reference = entry.path("request").path("url").asText();
            String version = entry.path("resource").path("meta").path("versionId").asText("-");
            long count = received.computeIfAbsent(consumer, c -> new AtomicLong()).incrementAndGet();
            log.info("MDT receiver {} got #{}: {} {} v{} seq {}", consumer, count, method, reference, version, sequence);
            exchange.sendResponseHeaders(200, -1);
        } catch (IOException e) {
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    @PreDestroy
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Before the web server and the simulated hospital: subscribed before the first message arrives. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
