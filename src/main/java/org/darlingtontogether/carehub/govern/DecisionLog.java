package org.darlingtontogether.carehub.govern;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darlingtontogether.carehub.audit.AuditAction;
import org.darlingtontogether.carehub.audit.AuditEntry;
import org.darlingtontogether.carehub.audit.AuditTrail;
import org.darlingtontogether.carehub.audit.EntityRef;
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

    /** The most resources one audit row names (a row stays well inside a database's text limits). */
    static final int MOST_PER_ROW = 500;

    private final AuditTrail audit;
    private final JdbcClient jdbc;

    public DecisionLog(AuditTrail audit, JdbcClient jdbc) {
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /**
     * Appends the decisions to the audit trail, in the caller's transaction. A consumer's reads that share everything
     * but the resource (same person, type, source, category, outcome, rule and agreement) are one row naming each
     * resource ({@link AuditEntry#entities}), at most {@value #MOST_PER_ROW} a row: a {@code $everything} of a thousand
     * resources is a few rows, not a thousand. Every other decision is a row of its own.
     */
    public void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<AuditEntry> rows = new ArrayList<>();
        Map<ReadGroup, List<Entry>> reads = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.stage() == Stage.READ) {
                reads.computeIfAbsent(ReadGroup.of(e), g -> new ArrayList<>()).add(e);
            } else {
                rows.add(row(e));
            }
        }
        for (List<Entry> group : reads.values()) {
            for (int from = 0; from < group.size(); from += MOST_PER_ROW) {
                List<Entry> part = group.subList(from, Math.min(group.size(), from + MOST_PER_ROW));
                AuditEntry row = row(part.get(0));
                if (part.size() > 1) {
                    List<EntityRef> refs = new ArrayList<>(part.size());
                    for (Entry e : part) {
                        refs.add(new EntityRef(e.resourceId(), String.valueOf(e.version())));
                    }
                    row = row.entities(refs);
                }
                rows.add(row);
            }
        }
        audit.append(rows);
    }

    private record ReadGroup(String consumer, String purpose, String nhsNumber, String resourceType, String source, String category,
                             String outcome, String rule, String agreementId, String agreementVersion) {
        static ReadGroup of(Entry e) {
            Decision d = e.decision();
            return new ReadGroup(e.consumer(), e.purpose(), e.nhsNumber(), e.resourceType(), e.sourcePartner(), e.category(),
                    d.outcome().name(), d.rule(), d.agreementId(), d.agreementVersion());
        }
    }

    private static AuditEntry row(Entry e) {
        Decision d = e.decision();
        return AuditEntry.of(AuditAction.valueOf(e.stage().name()))
                .actor(e.consumer()).purpose(e.purpose()).partner(e.sourcePartner()).person(e.nhsNumber())
                .entity(e.resourceType(), e.resourceId(), e.version()).category(e.category())
                .outcome(d.outcome().name(), d.rule()).agreement(d.agreementId(), d.agreementVersion());
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
        return shown(jdbc.sql("select distinct actor, purpose, entity_type, entity_id, nhs_number, entity_refs from audit_event"
                        + " where nhs_number = ? and outcome = 'SHARE' and action in ('READ', 'DELIVERY', 'RECHECK')")
                .param(nhsNumber));
    }

    /** What consumers were shown or sent under an agreement version (distinct resources), for retractions when it ends. */
    public List<Shown> shownUnder(String agreementId, String agreementVersion) {
        return shown(jdbc.sql("select distinct actor, purpose, entity_type, entity_id, nhs_number, entity_refs from audit_event"
                        + " where agreement_id = ? and agreement_version = ? and outcome = 'SHARE' and action in ('READ', 'DELIVERY', 'RECHECK')")
                .params(agreementId, agreementVersion));
    }

    /** Each resource a row names: its entity, or every one of its {@code entity_refs} ({@code id/version}). */
    private static List<Shown> shown(JdbcClient.StatementSpec query) {
        Set<Shown> shown = new LinkedHashSet<>();
        query.query(rs -> {
            String refs = rs.getString(6);
            if (refs == null) {
                shown.add(new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                return;
            }
            for (EntityRef ref : EntityRef.split(refs)) {
                shown.add(new Shown(rs.getString(1), rs.getString(2), rs.getString(3), ref.id(), rs.getString(5)));
            }
        });
        return new ArrayList<>(shown);
    }
}
