package org.darlingtontogether.carehub.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.darlingtontogether.carehub.config.CarehubProperties;
import org.darlingtontogether.carehub.config.SecretReference;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * The bearer token the hub shows a partner: none, a static token, or an OAuth2 client-credentials token fetched from the
 * partner's token endpoint (Spring Security's client), kept until shortly before it expires and fetched again when the
 * partner says it is no longer good.
 */
abstract class PartnerCredentials {

    abstract Optional<String> bearerToken();

    /** The partner refused the token: forget it so the next request fetches a new one. Returns whether that may help. */
    boolean invalidate() {
        return false;
    }

    static PartnerCredentials of(String partner, CarehubProperties.FhirAuth auth) {
        if (auth.getTokenUrl() != null) {
            return new ClientCredentials(partner, auth);
        }
        if (auth.getBearerTokenRef() != null) {
            String token = SecretReference.resolve(auth.getBearerTokenRef());
            return new PartnerCredentials() {
                @Override
                Optional<String> bearerToken() {
                    return Optional.of(token);
                }
            };
        }
        return new PartnerCredentials() {
            @Override
            Optional<String> bearerToken() {
                return Optional.empty();
            }
        };
    }

    /** OAuth2 client credentials; tokens renewed 30 s before they expire (partners' tokens last minutes). */
    static final class ClientCredentials extends PartnerCredentials {
        private static final Duration EARLY = Duration.ofSeconds(30);
        private final ClientRegistration registration;
        private final RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
        private OAuth2AccessToken token;

        ClientCredentials(String partner, CarehubProperties.FhirAuth auth) {
            ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(partner)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .tokenUri(auth.getTokenUrl().toString())
                    .clientId(auth.getClientId())
                    .clientSecret(SecretReference.resolve(auth.getClientSecretRef()));
            if (auth.getScope() != null && !auth.getScope().isBlank()) {
                builder.scope(auth.getScope().split("[ ,]+"));
            }
            this.registration = builder.build();
        }

        @Override
        synchronized Optional<String> bearerToken() {
            if (token == null || (token.getExpiresAt() != null && Instant.now().isAfter(token.getExpiresAt().minus(EARLY)))) {
                try {
                    token = client.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration)).getAccessToken();
                } catch (OAuth2AuthorizationException e) {
                    throw new FeedRefusedException("the partner's token endpoint refused the hub's client credentials ("
                            + e.getError().getErrorCode() + ")");
                } catch (RuntimeException e) {
                    throw new FeedUnavailableException("the partner's token endpoint did not answer (" + e.getClass().getSimpleName() + ")", e);
                }
            }
            return Optional.of(token.getTokenValue());
        }

        @Override
        synchronized boolean invalidate() {
            boolean had = token != null;
            token = null;
            return had;
        }
    }
}
