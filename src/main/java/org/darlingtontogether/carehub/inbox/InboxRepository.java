package org.darlingtontogether.carehub.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The durable inbox table. Each method is one committed statement (auto-commit) unless a caller's transaction spans it.
 * Queries of one state order by {@code state, id}, the state index's own order: H2 reads them off the index then,
 * where {@code order by id} alone makes it read and sort every row in the state (every row a partner ever sent, for
 * a query that names the partner too).
 */
@Repository
public class InboxRepository {

    private static final String COLUMNS =
            "id, partner, message_key, format, message_type, received_at, state, reason, nhs_number_override, attempts, updated_at, payload";
    private static final RowMapper<InboxEntry> ROW = InboxRepository::row;

    private final JdbcClient jdbc;

    public InboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Commits a message unless the partner already sent one with the same key; either way says what the row is.
     * A message that could not be read is committed too, already FAILED with its reason.
     */
    public InboxReceipt store(String partner, String messageKey, String format, String messageType,
                              InboxState state, String reason, String payload) {
        Instant now = Instant.now();
        KeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("insert into inbox_message (partner, message_key, format, message_type, received_at, state, reason, updated_at, payload)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(partner, messageKey, format, messageType, Timestamp.from(now), state.name(),
                            truncate(reason), Timestamp.from(now), payload)
                    .update(keys, "id");
            return new InboxReceipt(keys.getKey().longValue(), false, state, reason);
        } catch (DuplicateKeyException repeat) {
            return jdbc.sql("select id, state, reason from inbox_message where partner = ? and message_key = ?")
                    .params(partner, messageKey)
                    .query((rs, n) -> new InboxReceipt(rs.getLong(1), true, InboxState.valueOf(rs.getString(2)), rs.getString(3)))
                    .single();
        }
    }

    /**
     * Inserts a message unless the partner already sent one with the same key, without failing the caller's
     * transaction on a repeat ({@code on conflict do nothing}, in PostgreSQL and in H2's PostgreSQL mode); for the
     * group commit, which stores several messages in one transaction, and for the intake journal's replay, which
     * passes the time the message was first received.
     */
    public InboxReceipt storeInTransaction(String partner, String messageKey, String format, String messageType,
                                           InboxState state, String reason, String payload, Instant receivedAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql("insert into inbox_message (partner, message_key, format, message_type, received_at, state, reason, updated_at, payload)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(partner, messageKey, format, messageType, Timestamp.from(receivedAt), state.name(),
                        truncate(reason), Timestamp.from(receivedAt), payload)
                .update(keys, "id");
        if (inserted == 1) {
            return new InboxReceipt(keys.getKey().longValue(), false, state, reason);
        }
        return jdbc.sql("select id, state, reason from inbox_message where partner = ? and message_key = ?")
                .params(partner, messageKey)
                .query((rs, n) -> new InboxReceipt(rs.getLong(1), true, InboxState.valueOf(rs.getString(2)), rs.getString(3)))
                .single();
    }

    public Optional<InboxEntry> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where id = ?").param(id).query(ROW).optional();
    }

    /** The message a partner sent with this key (MSH-10, or the content hash of a message without a usable one). */
    public Optional<InboxEntry> findByKey(String partner, String messageKey) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where partner = ? and message_key = ?")
                .params(partner, messageKey).query(ROW).optional();
    }

    /** The id of the message a partner sent with this key, without reading the message. */
    public Optional<Long> idOf(String partner, String messageKey) {
        return jdbc.sql("select id from inbox_message where partner = ? and message_key = ?")
                .params(partner, messageKey).query(Long.class).optional();
    }

    /**
     * Which of these keys the partner already sent (one query; a feed that reads overlapping pages checks first
     * instead of relying on the unique key, which would abort a PostgreSQL transaction).
     */
    public java.util.Set<String> existingKeys(String partner, java.util.Collection<String> messageKeys) {
        if (messageKeys.isEmpty()) {
            return java.util.Set.of();
        }
        // the keys as a table joined on the unique (partner, message_key) index: one index lookup per key. Written as
        // "message_key in (...)", H2 looks up the partner only and tests the list against every row the partner sent
        List<Object> params = new ArrayList<>(messageKeys.size() + 1);
        params.addAll(messageKeys);
        params.add(partner);
        return new java.util.HashSet<>(jdbc.sql("select m.message_key from (values "
                        + String.join(", ", java.util.Collections.nCopies(messageKeys.size(), "(?)")) + ") as wanted(message_key)"
                        + " join inbox_message m on m.partner = ? and m.message_key = wanted.message_key")
                .params(params).query(String.class).list());
    }

    /** A partner's QUARANTINED rows after {@code afterId} whose reason contains the text, oldest first, without payload. */
    public List<InboxEntry> quarantinedWithReason(String partner, String reasonContains, long afterId, int limit) {
        return jdbc.sql("select id, partner, message_key, format, message_type, received_at, state, reason,"
                        + " cast(null as varchar(10)) as nhs_number_override, attempts, updated_at, cast(null as varchar(1)) as payload"
                        + " from inbox_message where state = ? and id > ? and partner = ? and reason like ? order by state, id limit ?")
                .params(InboxState.QUARANTINED.name(), afterId, partner, "%" + reasonContains + "%", limit).query(ROW).list();
    }

    /** How many messages a partner sent (every state). */
    public long countForPartner(String partner) {
        return jdbc.sql("select count(*) from inbox_message where partner = ?").param(partner).query(Long.class).single();
    }

    /** Oldest first, so recovery after a crash replays in arrival order. */
    public List<InboxEntry> findByState(InboxState state, int limit) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where state = ? order by state, id limit ?")
                .params(state.name(), limit).query(ROW).list();
    }

    /**
     * The RECEIVED messages after a position, oldest first: processing reads the next batch while the one before it
     * (still RECEIVED until it commits) is being written.
     */
    public List<InboxEntry> findReceivedAfter(long afterId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where state = ? and id > ? order by state, id limit ?")
                .params(InboxState.RECEIVED.name(), afterId, limit).query(ROW).list();
    }

    public List<Long> idsInState(InboxState state) {
        return jdbc.sql("select id from inbox_message where state = ? order by state, id").param(state.name())
                .query(Long.class).list();
    }

    public long countInState(String partner, InboxState state) {
        return jdbc.sql("select count(*) from inbox_message where partner = ? and state = ?")
                .params(partner, state.name()).query(Long.class).single();
    }

    /** Moves a row to its outcome; the reason is kept for FAILED, QUARANTINED and WITHHELD. */
    public void markOutcome(long id, InboxState state, String reason) {
        jdbc.sql("update inbox_message set state = ?, reason = ?, attempts = attempts + 1, updated_at = ? where id = ?")
                .params(state.name(), truncate(reason), Timestamp.from(Instant.now()), id)
                .update();
    }

    /** Moves rows to PROCESSED in one statement (a processed batch), as {@link #markOutcome} does one by one. */
    public void markProcessed(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update inbox_message set state = :state, reason = null, attempts = attempts + 1, updated_at = :now where id in (:ids)")
                .param("state", InboxState.PROCESSED.name()).param("now", Timestamp.from(Instant.now())).param("ids", ids).update();
    }

    /** Records a traced NHS number for a quarantined message and queues it again; the original stays as received. */
    public boolean release(long id, String nhsNumber) {
        return jdbc.sql("update inbox_message set nhs_number_override = ?, state = ?, reason = null, updated_at = ?"
                        + " where id = ? and state = ?")
                .params(nhsNumber, InboxState.RECEIVED.name(), Timestamp.from(Instant.now()), id, InboxState.QUARANTINED.name())
                .update() == 1;
    }

    /**
     * Puts a message back in the queue (e.g. a FAILED one after its cause was fixed) if it is still in {@code fromState};
     * false when it is not (unknown, or another operator or the processor moved it first).
     */
    public boolean requeue(long id, InboxState fromState) {
        return jdbc.sql("update inbox_message set state = ?, reason = null, updated_at = ? where id = ? and state = ?")
                .params(InboxState.RECEIVED.name(), Timestamp.from(Instant.now()), id, fromState.name())
                .update() == 1;
    }

    /** {@link #requeue} of many messages in one statement; returns how many were still in {@code fromState} and moved. */
    public int requeueAll(List<Long> ids, InboxState fromState) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update inbox_message set state = :to, reason = null, updated_at = :now where id in (:ids) and state = :from")
                .param("to", InboxState.RECEIVED.name()).param("now", Timestamp.from(Instant.now())).param("ids", ids)
                .param("from", fromState.name()).update();
    }

    /**
     * Rows for the operations API, oldest first after {@code afterId}, optionally of one state and one partner.
     * The entries carry no payload and no traced NHS number ({@code payload} and {@code nhsNumberOverride} are null).
     */
    public List<InboxEntry> listWithoutPayload(InboxState state, String partner, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("select id, partner, message_key, format, message_type, received_at, state, reason,"
                + " cast(null as varchar(10)) as nhs_number_override, attempts, updated_at, cast(null as varchar(1)) as payload"
                + " from inbox_message where id > ?");
        List<Object> params = new ArrayList<>();
        params.add(afterId);
        if (state != null) {
            sql.append(" and state = ?");
            params.add(state.name());
        }
        if (partner != null) {
            sql.append(" and partner = ?");
            params.add(partner);
        }
        sql.append(" order by id limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ROW).list();
    }

    /**
     * How many messages of each partner wait in each state other than PROCESSED (received = backlog, quarantined,
     * failed, withheld); partners with none are absent. Reads the state index only, not the processed history.
     */
    public Map<String, Map<InboxState, Long>> countWaitingByPartner() {
        Map<String, Map<InboxState, Long>> counts = new TreeMap<>();
        jdbc.sql("select partner, state, count(*) from inbox_message where state in (?, ?, ?, ?) group by partner, state")
                .params(InboxState.RECEIVED.name(), InboxState.QUARANTINED.name(), InboxState.FAILED.name(), InboxState.WITHHELD.name())
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString(1), p -> new EnumMap<>(InboxState.class))
                            .put(InboxState.valueOf(rs.getString(2)), rs.getLong(3));
                });
        return counts;
    }

    /** When the partner's most recent message (by arrival order) was received; empty if it never sent one. */
    public Optional<Instant> lastReceivedAt(String partner) {
        return jdbc.sql("select received_at from inbox_message where partner = ? order by id desc limit 1")
                .param(partner)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    private static InboxEntry row(ResultSet rs, int n) throws SQLException {
        return new InboxEntry(rs.getLong("id"), rs.getString("partner"), rs.getString("message_key"), rs.getString("format"),
                rs.getString("message_type"), rs.getTimestamp("received_at").toInstant(),
                InboxState.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("nhs_number_override"),
                rs.getInt("attempts"), rs.getTimestamp("updated_at").toInstant(), rs.getString("payload"));
    }
}
