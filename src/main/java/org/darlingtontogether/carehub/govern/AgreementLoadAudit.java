package org.darlingtontogether.carehub.govern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditActor;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Audits every agreement version the hub loaded (AGREEMENT_LOADED), once the hub is up: its id, version, validity,
 * rule count, and the SHA-256 of its file, so an IG lead can tell later exactly which text was in force.
 */
@Component
public class AgreementLoadAudit {

    private final Agreements agreements;
    private final AuditTrail audit;

    public AgreementLoadAudit(Agreements agreements, AuditTrail audit) {
        this.agreements = agreements;
        this.audit = audit;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void loaded() {
        List<AuditEntry> entries = new ArrayList<>();
        for (Agreement agreement : agreements.all()) {
            entries.add(AuditEntry.of(AuditAction.AGREEMENT_LOADED).actor(AuditActor.HUB).entity("Agreement", agreement.id(), agreement.version())
                    .agreement(agreement.id(), agreement.version()).outcome(AuditEntry.SUCCESS, null)
                    .detail("valid " + agreement.validFrom() + " to " + (agreement.validTo() == null ? "open" : agreement.validTo()) + ", "
                            + agreement.rules().size() + " rules, file sha256 " + sha256(agreement.file())));
        }
        audit.append(entries);
    }

    private static String sha256(String file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file))));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
    }
}
