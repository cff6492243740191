package org.darlingtontogether.carehub.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Audits IG console sign-ins (SIGN_IN) and refused ones (SIGN_IN_REFUSED, with the name given and the kind of refusal).
 * Only user-name-and-password sign-ins: the API's bearer tokens are audited by what they read, not per request.
 */
@Component
public class SignInAudit {

    private final AuditTrail audit;

    public SignInAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    public void signedIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken) {
            audit.append(AuditEntry.of(AuditAction.SIGN_IN).actor(event.getAuthentication().getName()).outcome(AuditEntry.SUCCESS, null)
                    .detail("IG console"));
        }
    }

    @EventListener
    public void refused(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken) {
            audit.append(AuditEntry.of(AuditAction.SIGN_IN_REFUSED).actor(event.getAuthentication().getName())
                    .outcome(AuditEntry.FAILURE, event.getException().getClass().getSimpleName()).detail("IG console"));
        }
    }
}
