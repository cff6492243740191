package org.darlingtontogether.carehub.api.security;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps no record of issued tokens: client credentials JWTs are checked by signature and expiry alone.
 * Consequently token introspection answers "inactive" and revocation has nothing to revoke; keep the TTL short.
 */
final class UnrecordedAuthorizations implements OAuth2AuthorizationService {

    @Override
    public void save(OAuth2Authorization authorization) {
        // nothing kept: see the class comment
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        // nothing kept
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return null;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return null;
    }
}
