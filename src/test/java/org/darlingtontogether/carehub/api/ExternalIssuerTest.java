package org.darlingtontogether.carehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.darlingtontogether.carehub.support.ApiClient;
import org.darlingtontogether.carehub.support.HubTest;
import org.darlingtontogether.carehub.support.HubTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With an external issuer configured (here a JWK set served on a free port, standing in for an NHS or ICB
 * identity service), the API trusts that issuer's tokens and the built-in token endpoint is not served.
 */
@HubTest
@DirtiesContext // frees the MLLP port for the next test class (HubTestBase shares one port)
class ExternalIssuerTest extends HubTestBase {

    static final RSAKey ISSUER_KEY = rsaKey("external-issuer");
    static final RSAKey SOMEONE_ELSES_KEY = rsaKey("someone-else");
    static final HttpServer JWKS = jwksServer(ISSUER_KEY);

    @DynamicPropertySource
    static void externalIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stopIssuer() {
        JWKS.stop(0);
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void acceptsTheIssuersTokenForAConfiguredConsumer() {
        assertThat(api.get("/fhir/metadata", token(ISSUER_KEY, "care-hub", "fhir.read")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesATokenSignedByAnotherKey() {
        assertThat(api.get("/fhir/metadata", token(SOMEONE_ELSES_KEY, "care-hub", "fhir.read")).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAClientTheHubHasNoAgreementWith() {
        assertThat(api.get("/fhir/metadata", token(ISSUER_KEY, "unknown-portal", "fhir.read")).statusCode()).isEqualTo(403);
    }

    @Test
    void doesNotIssueTokensItself() {
        assertThat(api.requestToken("care-hub", "care-hub-demo-secret", null).statusCode()).isEqualTo(401);
    }

    private static String token(RSAKey key, String clientId, String scope) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(clientId)
                    .claim("client_id", clientId)
                    .claim("scope", scope)
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwksServer(RSAKey key) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
