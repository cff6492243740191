package org.darlingtontogether.carehub.audit;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting for an audit row: the signed-in IG user, operator or consumer client, or {@code hub} for the hub's own work. */
public final class AuditActor {

    public static final String HUB = "hub";

    private AuditActor() {
    }

    public static String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null) {
            return HUB;
        }
        return authentication.getName();
    }
}
