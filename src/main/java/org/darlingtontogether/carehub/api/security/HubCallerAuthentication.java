package org.darlingtontogether.carehub.api.security;

import java.util.Collection;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A checked bearer token, and the configured client it belongs to (empty when the issuer vouches for an unknown client). */
public class HubCallerAuthentication extends JwtAuthenticationToken {

    private final transient HubCaller caller;

    public HubCallerAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, String name, HubCaller caller) {
        super(jwt, authorities, name);
        this.caller = caller;
    }

    public Optional<HubCaller> caller() {
        return Optional.ofNullable(caller);
    }
}
