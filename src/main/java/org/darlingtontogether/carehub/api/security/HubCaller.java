package org.darlingtontogether.carehub.api.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, as the hub knows them: a configured consumer (with the purpose its agreement names), an
 * operator, or an information governance lead (records consent directives, runs governance reports). Governance and
 * audit ask this, never the raw token.
 *
 * @param clientId the OAuth2 client id, which is the consumer or operator id in {@code carehub.*}
 * @param purpose  the consumer's purpose; null for an operator or IG lead
 */
public record HubCaller(String clientId, Kind kind, Purpose purpose) {

    public enum Kind { CONSUMER, OPERATOR, IG_LEAD }

    public boolean isConsumer() {
        return kind == Kind.CONSUMER;
    }

    /** The caller of the current request, when it was authenticated with a token of a known client. */
    public static Optional<HubCaller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof HubCallerAuthentication hub) {
            return hub.caller();
        }
        return Optional.empty();
    }
}
