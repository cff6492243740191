package org.darlingtontogether.carehub.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * GETs of one partner's FHIR server (search pages), with its credentials, sorted into what the feed does next: a page
 * to take in, throttled (429, or 503 with Retry-After: wait as told), refused (401/403), or unavailable (other 5xx,
 * timeouts, connection failures: back off). Only follows URLs on the partner's own origin, so credentials never go
 * elsewhere.
 */
final class FhirPartnerClient {

    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    /** An answer to take in, or a wait the partner asked for. */
    record Answer(String body, Duration retryAfter, int status, Instant date) {
        Answer(String body, Duration retryAfter, int status) {
            this(body, retryAfter, status, null);
        }

        boolean throttled() {
            return retryAfter != null;
        }

        /** The partner's clock when it answered (its {@code Date} header), else the hub's. */
        Instant partnerNow() {
            return date == null ? Instant.now() : date;
        }
    }

    private final String partner;
    private final URI base;
    private final HttpClient http;
    private final PartnerCredentials credentials;
    private final Duration timeout;

    FhirPartnerClient(String partner, URI base, PartnerCredentials credentials, Duration timeout, SSLContext sslOrNull) {
        this.partner = partner;
        this.base = base;
        this.credentials = credentials;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (sslOrNull != null) {
            builder.sslContext(sslOrNull);
        }
        this.http = builder.build();
    }

    URI base() {
        return base;
    }

    /** True when the URL is on the partner's own scheme, host and port. */
    boolean onPartnerOrigin(URI url) {
        return url.getScheme() != null && url.getScheme().equalsIgnoreCase(base.getScheme())
                && url.getHost() != null && url.getHost().equalsIgnoreCase(base.getHost()) && url.getPort() == base.getPort();
    }

    Answer get(URI url) {
        HttpResponse<String> response = send(url);
        if (response.statusCode() == 401 && credentials.invalidate()) {
            // an OAuth2 token can expire between fetching and using it: one fresh token before calling it refused
            response = send(url);
        }
        int status = response.statusCode();
        if (status == 200) {
            Instant date = response.headers().firstValue("Date").map(d -> {
                try {
                    return ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }).orElse(null);
            return new Answer(response.body(), null, status, date);
        }
        if (status == 401 || status == 403) {
            throw new FeedRefusedException(partner + " answered " + status + (status == 401 ? " Unauthorized" : " Forbidden")
                    + ": the hub's credentials for it are not accepted");
        }
        Optional<Duration> retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        if (status == 429 || (status == 503 && retryAfter.isPresent())) {
            return new Answer(null, retryAfter.orElse(Duration.ZERO), status);
        }
        if (status >= 500) {
            throw new FeedUnavailableException(partner + " answered " + status);
        }
        // 400, 404, 410...: the partner cannot answer this search; backing off and asking again is all the feed can do
        throw new FeedUnavailableException(partner + " answered " + status + " to a search");
    }

    private HttpResponse<String> send(URI url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("Accept", "application/fhir+json");
        credentials.bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FeedUnavailableException(partner + " did not answer (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailableException(partner + ": interrupted", e);
        }
    }

    /** Retry-After as delta-seconds or an HTTP date, capped at an hour; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(Instant.now(), ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }
}
