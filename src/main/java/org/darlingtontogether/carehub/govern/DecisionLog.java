package org.darlingtontogether.carehub.govern;

import java.util.ArrayList;
import java.util.List;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every decision with the rule that made it, as rows of the audit trail ({@code audit_event}, actions ENTRY, READ,
 * DELIVERY, RECHECK): references only, never content. A request's or a batch's decisions go in as one JDBC batch.
 */
@Repository
public class DecisionLog {

    /** ENTRY into the shared record, READ through the API, DELIVERY to a consumer, RECHECK of what a consumer already holds. */
    public enum Stage { ENTRY, READ, DELIVERY, RECHECK }

    /** One decision about one record for one consumer (null at entry). */
    public record Entry(Stage stage, String consumer, String purpose, String resourceType, String resourceId, Integer version,
                        String nhsNumber, String sourcePartner, String category, Decision decision) {

        public static Entry of(Stage stage, String consumer, String purpose, GovernedRecord record, Decision decision) {
            return new Entry(stage, consumer, purpose, record.resourceType(), record.id(), record.version(), record.nhsNumber(),
                    record.facts().source(), record.facts().category(), decision);
        }
    }

    /** A resource a consumer was shown or sent (a SHARE in the log), with the person it is about. */
    public record Shown(String consumer, String purpose, String resourceType, String resourceId, String nhsNumber) {
    }

    private final AuditTrail audit;
    private final JdbcClient jdbc;

    public DecisionLog(AuditTrail audit, JdbcClient jdbc) {
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** Appends the decisions to the audit trail, in the caller's transaction. */
    public void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<AuditEntry> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Decision d = e.decision();
            rows.add(AuditEntry.of(AuditAction.valueOf(e.stage().name()))
                    .actor(e.consumer()).purpose(e.purpose()).partner(e.sourcePartner()).person(e.nhsNumber())
                    .entity(e.resourceType(), e.resourceId(), e.version()).category(e.category())
                    .outcome(d.outcome().name(), d.rule()).agreement(d.agreementId(), d.agreementVersion()));
        }
        audit.append(rows);
    }

    /** A retraction now due to a consumer, with the decision that withholds what it holds and what changed. */
    public void retractionDue(String consumer, String purpose, GovernedRecord record, Decision decision, String reason) {
        audit.append(AuditEntry.of(AuditAction.RETRACTION_DUE).actor(consumer).purpose(purpose).partner(record.facts().source())
                .person(record.nhsNumber()).entity(record.resourceType(), record.id(), record.version()).category(record.facts().category())
                .outcome(decision.outcome().name(), decision.rule()).agreement(decision.agreementId(), decision.agreementVersion())
                .detail(reason));
    }

    /** What each consumer was shown or sent about a person (distinct resources), for retractions. */
    public List<Shown> shownAbout(String nhsNumber) {
        return jdbc.sql("select distinct actor, purpose, entity_type, entity_id, nhs_number from audit_event"
                        + " where nhs_number = ? and outcome = 'SHARE' and action in ('READ', 'DELIVERY', 'RECHECK')")
                .param(nhsNumber)
                .query((rs, n) -> new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /** What consumers were shown or sent under an agreement version (distinct resources), for retractions when it ends. */
    public List<Shown> shownUnder(String agreementId, String agreementVersion) {
        return jdbc.sql("select distinct actor, purpose, entity_type, entity_id, nhs_number from audit_event"
                        + " where agreement_id = ? and agreement_version = ? and outcome = 'SHARE' and action in ('READ', 'DELIVERY', 'RECHECK')")
                .params(agreementId, agreementVersion)
                .query((rs, n) -> new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }
}
