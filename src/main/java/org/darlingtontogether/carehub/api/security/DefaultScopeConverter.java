package org.darlingtontogether.carehub.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client-credentials request without {@code scope} gets the client's configured scopes (RFC 6749 3.3 lets the
 * server pick a default), so {@code curl -u id:secret -d grant_type=client_credentials} yields a usable token.
 */
final class DefaultScopeConverter implements AuthenticationConverter {

    private final AuthenticationConverter delegate = new OAuth2ClientCredentialsAuthenticationConverter();

    @Override
    public Authentication convert(HttpServletRequest request) {
        Authentication converted = delegate.convert(request);
        if (converted instanceof OAuth2ClientCredentialsAuthenticationToken clientCredentials && clientCredentials.getScopes().isEmpty()
                && clientCredentials.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
            return new OAuth2ClientCredentialsAuthenticationToken(client, client.getRegisteredClient().getScopes(),
                    clientCredentials.getAdditionalParameters());
        }
        return converted;
    }
}
