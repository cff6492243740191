package org.darlingtontogether.carehub.api.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** The configured consumers, operators and IG leads as OAuth2 clients: client credentials only, their kind's scopes. */
final class HubRegisteredClients implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();

    HubRegisteredClients(HubClients clients, Duration tokenTtl) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(tokenTtl)
                .build();
        for (HubClients.Client client : clients.all()) {
            String id = client.caller().clientId();
            byClientId.put(id, RegisteredClient.withId(id)
                    .clientId(id)
                    .clientSecret(client.encodedSecret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scopes(scopes -> scopes.addAll(switch (client.caller().kind()) {
                        case CONSUMER -> java.util.List.of(HubClients.FHIR_READ_SCOPE);
                        case OPERATOR -> java.util.List.of(HubClients.OPS_SCOPE);
                        case IG_LEAD -> java.util.List.of(HubClients.CONSENT_WRITE_SCOPE, HubClients.GOVERNANCE_SCOPE, HubClients.AUDIT_SCOPE);
                    }))
                    .tokenSettings(tokens)
                    .build());
        }
    }

    /** Only called to re-encode a secret (e.g. {noop} to bcrypt) after a successful check; kept in memory. */
    @Override
    public void save(RegisteredClient registeredClient) {
        byClientId.computeIfPresent(registeredClient.getClientId(), (id, was) -> registeredClient);
    }

    @Override
    public RegisteredClient findById(String id) {
        return byClientId.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return byClientId.get(clientId);
    }
}
