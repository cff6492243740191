package org.darlingtontogether.carehub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A consumer's view of the hub over HTTP: get a token by client credentials, then call with it. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** POST /oauth2/token with HTTP Basic client authentication. */
    public HttpResponse<String> requestToken(String clientId, String secret, String scopeOrNull) {
        String form = "grant_type=client_credentials" + (scopeOrNull == null ? "" : "&scope=" + URLEncoder.encode(scopeOrNull, StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public String token(String clientId, String secret) {
        HttpResponse<String> response = requestToken(clientId, secret, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("token request for " + clientId + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).get("access_token").asText();
    }

    public HttpResponse<String> get(String path, String tokenOrNull) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/fhir+json, application/json;q=0.9").GET();
        if (tokenOrNull != null) {
            request.header("Authorization", "Bearer " + tokenOrNull);
        }
        return send(request);
    }

    /** POST a body (e.g. a FHIR resource as {@code application/fhir+json}, or YAML) with a bearer token. */
    public HttpResponse<String> post(String path, String tokenOrNull, String contentType, String body) {
        return sendBody("POST", path, tokenOrNull, contentType, body);
    }

    public HttpResponse<String> put(String path, String tokenOrNull, String contentType, String body) {
        return sendBody("PUT", path, tokenOrNull, contentType, body);
    }

    private HttpResponse<String> sendBody(String method, String path, String tokenOrNull, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/fhir+json, application/json;q=0.9")
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (tokenOrNull != null) {
            request.header("Authorization", "Bearer " + tokenOrNull);
        }
        return send(request);
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The claims of a JWT, read without checking it (the hub checks; the test only looks). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
