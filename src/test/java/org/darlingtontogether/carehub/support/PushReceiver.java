package org.darlingtontogether.carehub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An MDT system's push endpoint on a free port (JDK HttpServer): records every POST it receives, and applies each
 * delivery once by its {@code Idempotency-Key}, as a careful receiver does. It can be taken down (port closed) and
 * brought back on the same port, answer an error every time, or answer an error once per key after applying it (the
 * hub never hears the receiver took it, so it sends again).
 */
public final class PushReceiver implements AutoCloseable {

    public enum Mode { OK, ALWAYS_FAIL, FAIL_FIRST_ANSWER }

    private final int port;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final List<Delivery> applied = new CopyOnWriteArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private volatile Mode mode = Mode.OK;
    private HttpServer server;

    public PushReceiver() {
        this.port = HubTestBase.freePort();
        up();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Closes the port: the hub's pushes are refused until {@link #up}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Delivery delivery = new Delivery(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                Long.parseLong(exchange.getRequestHeaders().getFirst("X-Carehub-Sequence")),
                exchange.getRequestHeaders().getFirst("Authorization"), ApiClient.json(new String(body, StandardCharsets.UTF_8)));
        received.add(delivery);
        int status;
        if (mode == Mode.ALWAYS_FAIL) {
            status = 500;
        } else {
            boolean first;
            synchronized (keys) {
                first = keys.add(delivery.key());
            }
            if (first) {
                applied.add(delivery);
            }
            status = mode == Mode.FAIL_FIRST_ANSWER && first ? 503 : 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    public List<Delivery> received() {
        return new ArrayList<>(received);
    }

    /** Each delivery once, in the order the receiver first took it. */
    public List<Delivery> applied() {
        return new ArrayList<>(applied);
    }

    @Override
    public void close() {
        down();
    }

    /** One POST: the path, headers the hub sends, and the Bundle. */
    public record Delivery(String path, String key, long sequence, String authorization, JsonNode bundle) {

        public JsonNode entry() {
            return bundle.path("entry").get(0);
        }

        public String method() {
            return entry().path("request").path("method").asText();
        }

        /** {@code Type/id} of the resource delivered or retracted. */
        public String reference() {
            return entry().path("request").path("url").asText();
        }

        public String type() {
            return reference().substring(0, reference().indexOf('/'));
        }

        public String version() {
            return entry().path("resource").path("meta").path("versionId").asText();
        }

        /** Whether the resource is about the Patient with this id (Patient itself, or subject/patient reference). */
        public boolean about(String patientId) {
            JsonNode resource = entry().path("resource");
            return reference().equals("Patient/" + patientId)
                    || resource.path("subject").path("reference").asText().equals("Patient/" + patientId)
                    || resource.path("patient").path("reference").asText().equals("Patient/" + patientId);
        }
    }
}
