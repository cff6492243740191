package org.darlingtontogether.carehub.api.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether tokens come from an external issuer: set {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * (or {@code jwk-set-uri}, or {@code public-key-location}) and the hub trusts that issuer instead of its own
 * built-in token endpoint, which is then not served.
 */
public final class ExternalIssuer {

    static final String[] PROPERTIES = {
        "spring.security.oauth2.resourceserver.jwt.issuer-uri",
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        "spring.security.oauth2.resourceserver.jwt.public-key-location",
    };

    private ExternalIssuer() {
    }

    public static boolean configured(Environment environment) {
        for (String property : PROPERTIES) {
            String value = environment.getProperty(property);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Matches when no external issuer is configured: the built-in token endpoint is on. */
    public static class NotConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !configured(context.getEnvironment());
        }
    }
}
