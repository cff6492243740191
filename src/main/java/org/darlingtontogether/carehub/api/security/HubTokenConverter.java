package org.darlingtontogether.carehub.api.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.stereotype.Component;

/**
 * Turns a checked JWT into the caller: its scopes become {@code SCOPE_*} authorities, and the client it names
 * (claim {@code consumer}, {@code operator}, {@code client_id}, {@code azp} or {@code sub}, first present) is looked
 * up in the configuration, adding {@code CONSUMER} or {@code OPERATOR}. A consumer's purpose is always the configured
 * one: the hub's agreement, not the token, says what a consumer may do.
 */
@Component
public class HubTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    public static final String CONSUMER_CLAIM = "consumer";
    public static final String OPERATOR_CLAIM = "operator";
    public static final String PURPOSE_CLAIM = "purpose";
    public static final String CONSUMER_AUTHORITY = "CONSUMER";
    public static final String OPERATOR_AUTHORITY = "OPERATOR";
    public static final String IG_LEAD_AUTHORITY = "IG_LEAD";

    private static final List<String> CLIENT_CLAIMS = List.of(CONSUMER_CLAIM, OPERATOR_CLAIM, "client_id", "azp", "sub");

    private final HubClients clients;
    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

    public HubTokenConverter(HubClients clients) {
        this.clients = clients;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Collection<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
        String clientId = clientId(jwt);
        Optional<HubCaller> caller = clients.caller(clientId);
        caller.ifPresent(c -> authorities.add(new SimpleGrantedAuthority(switch (c.kind()) {
            case CONSUMER -> CONSUMER_AUTHORITY;
            case OPERATOR -> OPERATOR_AUTHORITY;
            case IG_LEAD -> IG_LEAD_AUTHORITY;
        })));
        return new HubCallerAuthentication(jwt, authorities, clientId != null ? clientId : jwt.getSubject(), caller.orElse(null));
    }

    private static String clientId(Jwt jwt) {
        for (String claim : CLIENT_CLAIMS) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }
}
