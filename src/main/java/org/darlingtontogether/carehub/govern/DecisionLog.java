package org.darlingtontogether.carehub.govern;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every decision with the rule that made it ({@code governance_decision}), for the audit to build on: references
 * only, never content. A request's or a batch's decisions go in as one JDBC batch.
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

    private final JdbcTemplate batches;
    private final JdbcClient jdbc;

    public DecisionLog(JdbcTemplate jdbcTemplate) {
        this.batches = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    public void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Decision d = e.decision();
            rows.add(new Object[] {now, e.stage().name(), e.consumer(), e.purpose(), e.resourceType(), e.resourceId(), e.version(),
                    e.nhsNumber(), e.sourcePartner(), e.category(), d.outcome().name(), truncate(d.rule(), 200), d.agreementId(),
                    d.agreementVersion()});
        }
        batches.batchUpdate("insert into governance_decision (decided_at, stage, consumer, purpose, resource_type, resource_id,"
                + " resource_version, nhs_number, source_partner, category, outcome, rule, agreement_id, agreement_version)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** What each consumer was shown or sent about a person (distinct resources), for retractions. */
    public List<Shown> shownAbout(String nhsNumber) {
        return jdbc.sql("select distinct consumer, purpose, resource_type, resource_id, nhs_number from governance_decision"
                        + " where nhs_number = ? and outcome = 'SHARE' and consumer is not null")
                .param(nhsNumber)
                .query((rs, n) -> new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /** What consumers were shown or sent under an agreement version (distinct resources), for retractions when it ends. */
    public List<Shown> shownUnder(String agreementId, String agreementVersion) {
        return jdbc.sql("select distinct consumer, purpose, resource_type, resource_id, nhs_number from governance_decision"
                        + " where agreement_id = ? and agreement_version = ? and outcome = 'SHARE' and consumer is not null")
                .params(agreementId, agreementVersion)
                .query((rs, n) -> new Shown(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
