package org.darlingtontogether.carehub.deliver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The delivery outbox table: rows added with the record change, then moved by the worker and by operators. */
@Repository
public class DeliveryRepository {

    private static final String COLUMNS = "id, consumer, destination, nhs_number, sequence, resource_type, resource_id, resource_version,"
            + " kind, reason, idempotency_key, state, attempts, next_attempt_at, last_error, created_at, updated_at";
    private static final int MAX_ERROR = 1000;
    /** Answered through the index on the person (V14), not by reading the whole outbox. */
    static final String LAST_SEQUENCES = "select consumer, destination, nhs_number, max(sequence) from delivery_outbox where nhs_number in (:people)"
            + " group by consumer, destination, nhs_number";

    private final JdbcTemplate batches;
    private final JdbcClient jdbc;

    public DeliveryRepository(JdbcTemplate jdbcTemplate) {
        this.batches = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    /** Which of these idempotency keys are already in the outbox. */
    public Set<String> existingKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select idempotency_key from delivery_outbox where idempotency_key in (:keys)")
                .param("keys", List.copyOf(keys)).query(String.class).list());
    }

    /** The last sequence given per consumer, destination and person, for these people. */
    public Map<String, Long> lastSequences(Collection<String> nhsNumbers) {
        Map<String, Long> last = new HashMap<>();
        if (nhsNumbers.isEmpty()) {
            return last;
        }
        jdbc.sql(LAST_SEQUENCES)
                .param("people", List.copyOf(nhsNumbers))
                .query((rs, n) -> last.put(rs.getString(1) + '|' + rs.getString(2) + '|' + rs.getString(3), rs.getLong(4)))
                .list();
        return last;
    }

    /** New rows, one JDBC batch. */
    public void insert(List<NewDelivery> rows, Instant now) {
        Timestamp at = Timestamp.from(now);
        List<Object[]> args = new ArrayList<>(rows.size());
        for (NewDelivery r : rows) {
            args.add(new Object[] {r.consumer(), r.destination(), r.nhsNumber(), r.sequence(), r.resourceType(), r.resourceId(),
                    r.resourceVersion(), r.kind().name(), r.reason(), r.idempotencyKey(), at, at, at});
        }
        batches.batchUpdate("insert into delivery_outbox (consumer, destination, nhs_number, sequence, resource_type, resource_id,"
                + " resource_version, kind, reason, idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)", args);
    }

    /**
     * The oldest pending rows (due or not: a person's later rows must see that an earlier one waits), read in the state
     * index's order ({@code state, id}: with {@code id} alone H2 sorts every pending row first).
     */
    public List<OutboxRow> pending(int limit) {
        return jdbc.sql("select " + COLUMNS + " from delivery_outbox where state = 'PENDING' order by state, id limit ?")
                .param(limit).query(DeliveryRepository::row).list();
    }

    public Optional<OutboxRow> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from delivery_outbox where id = ?").param(id).query(DeliveryRepository::row).optional();
    }

    /** Rows in a state (all when null), oldest first, paged by id. */
    public List<OutboxRow> list(DeliveryState stateOrNull, String consumerOrNull, long after, int limit) {
        return jdbc.sql("select " + COLUMNS + " from delivery_outbox where id > :after"
                        + (stateOrNull == null ? "" : " and state = :state")
                        + (consumerOrNull == null ? "" : " and consumer = :consumer")
                        + " order by id limit :limit")
                .param("after", after)
                .param("state", stateOrNull == null ? "" : stateOrNull.name())
                .param("consumer", consumerOrNull == null ? "" : consumerOrNull)
                .param("limit", limit)
                .query(DeliveryRepository::row).list();
    }

    /** Every outcome of a pass, one JDBC batch. */
    public void record(List<Outcome> outcomes) {
        List<Object[]> args = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            args.add(new Object[] {o.state().name(), o.attempts(), Timestamp.from(o.nextAttempt()), clip(o.error()), Timestamp.from(o.at()), o.id()});
        }
        batches.batchUpdate("update delivery_outbox set state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?"
                + " where id = ? and state = 'PENDING'", args);
    }

    /** A dead-lettered row back to PENDING, due now, attempts reset; false when it is not dead. */
    public boolean replay(long id, Instant now) {
        return jdbc.sql("update delivery_outbox set state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?"
                        + " where id = ? and state = 'DEAD'")
                .params(Timestamp.from(now), Timestamp.from(now), id).update() > 0;
    }

    public Map<DeliveryState, Long> counts() {
        Map<DeliveryState, Long> counts = new HashMap<>();
        jdbc.sql("select state, count(*) from delivery_outbox group by state")
                .query((rs, n) -> counts.put(DeliveryState.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return counts;
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }

    private static OutboxRow row(ResultSet rs, int n) throws SQLException {
        return new OutboxRow(rs.getLong("id"), rs.getString("consumer"), rs.getString("destination"), rs.getString("nhs_number"),
                rs.getLong("sequence"), rs.getString("resource_type"), rs.getString("resource_id"), rs.getInt("resource_version"),
                DeliveryKind.valueOf(rs.getString("kind")), rs.getString("reason"), rs.getString("idempotency_key"),
                DeliveryState.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    /** Where one row got to in a pass (PENDING again with the next attempt time when it is to be retried). */
    public record Outcome(long id, DeliveryState state, int attempts, Instant nextAttempt, String error, Instant at) {
    }

    /** A row to add. */
    public record NewDelivery(String consumer, String destination, String nhsNumber, long sequence, String resourceType,
                              String resourceId, int resourceVersion, DeliveryKind kind, String reason, String idempotencyKey) {
    }
}
