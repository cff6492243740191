package org.darlingtontogether.carehub.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The audit API for the IG role (scope {@code audit}, by the security configuration). */
@RestController
@RequestMapping(path = "/api/audit", produces = "application/json")
public class AuditController {

    private final AuditSealer sealer;
    private final AuditVerifier verifier;
    private final AuditTrail trail;

    public AuditController(AuditSealer sealer, AuditVerifier verifier, AuditTrail trail) {
        this.sealer = sealer;
        this.verifier = verifier;
        this.trail = trail;
    }

    /** Seals what is committed, then walks the whole chain: {@code {"ok": ..., "rows": N, "firstBadRow": ...}}. */
    @GetMapping("/verify")
    public AuditVerifier.Verification verify() {
        sealer.sealAll();
        AuditVerifier.Verification verification = verifier.verify();
        trail.append(AuditEntry.of(AuditAction.AUDIT_VERIFIED).actor(AuditActor.current())
                .outcome(verification.ok() ? AuditEntry.SUCCESS : AuditEntry.FAILURE, null)
                .detail(verification.ok() ? verification.rows() + " rows" : "first bad row " + verification.firstBadRow()));
        return verification;
    }
}
