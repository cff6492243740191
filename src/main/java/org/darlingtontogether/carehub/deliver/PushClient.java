package org.darlingtontogether.carehub.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.springframework.stereotype.Component;

/**
 * Sends one push over HTTP(S) with the JDK client: {@code POST} of the Bundle to the destination's endpoint with
 * {@code Idempotency-Key} and {@code X-Carehub-Sequence}, the consumer's configured {@code Authorization}
 * ({@code carehub.consumers.<id>.push.authorization}) or its Subscription's {@code channel.header}s, and TLS trusting
 * the consumer's trust store when one is configured. One client per consumer. Header values are never logged or put
 * into an error.
 */
@Component
public class PushClient {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String SEQUENCE = "X-Carehub-Sequence";
    public static final String CONSUMER = "X-Carehub-Consumer";

    private final Map<String, CarehubProperties.Consumer> consumers;
    private final Duration timeout;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public PushClient(CarehubProperties properties) {
        this.consumers = properties.getConsumers();
        this.timeout = properties.getDelivery().getTimeout();
    }

    /** A trust store that cannot be read stops the hub at start-up, naming the setting (not at the first push). */
    @jakarta.annotation.PostConstruct
    void checkTrustStores() {
        consumers.forEach((id, consumer) -> {
            if (consumer.getPush().getTrustStore() != null) {
                clients.put(id, build(id));
            }
        });
    }

    /** The receiver's status code; an I/O failure throws. */
    public int send(Destination destination, String idempotencyKey, long sequence, String bundleJson) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(destination.endpoint())
                // cleartext: plain HTTP/1.1, not an attempt to upgrade each new connection to h2c (a receiver that does
                // not speak it answers late); over TLS the client offers HTTP/2 and takes what the receiver chooses
                .version("http".equalsIgnoreCase(destination.endpoint().getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .timeout(timeout)
                .header("Content-Type", "application/fhir+json; charset=UTF-8")
                .header(IDEMPOTENCY_KEY, idempotencyKey)
                .header(SEQUENCE, Long.toString(sequence))
                .header(CONSUMER, destination.consumer())
                .POST(HttpRequest.BodyPublishers.ofString(bundleJson));
        CarehubProperties.Consumer consumer = consumers.get(destination.consumer());
        if (consumer != null && consumer.getPush().getAuthorization() != null && Destination.CONFIGURED.equals(destination.key())) {
            request.header("Authorization", consumer.getPush().getAuthorization());
        }
        for (String header : destination.headers()) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                request.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
        }
        HttpResponse<Void> response = client(destination.consumer()).send(request.build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    private HttpClient client(String consumer) {
        return clients.computeIfAbsent(consumer, this::build);
    }

    private HttpClient build(String consumerId) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        CarehubProperties.Consumer consumer = consumers.get(consumerId);
        if (consumer != null && consumer.getPush().getTrustStore() != null) {
            builder.sslContext(trusting(consumerId, consumer.getPush()));
        }
        return builder.build();
    }

    /** TLS that trusts only the certificates in the consumer's trust store. */
    static SSLContext trusting(String consumerId, CarehubProperties.Push push) {
        try (InputStream in = push.getTrustStore().getInputStream()) {
            KeyStore store = KeyStore.getInstance(push.getTrustStoreType());
            char[] password = push.getTrustStorePassword() == null ? null : push.getTrustStorePassword().toCharArray();
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("carehub.consumers." + consumerId + ".push.trust-store cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
