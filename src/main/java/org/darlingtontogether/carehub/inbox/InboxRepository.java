package org.darlingtontogether.carehub.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The durable inbox table. Each method is one committed statement (auto-commit) unless a caller's transaction spans it. */
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

    public Optional<InboxEntry> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where id = ?").param(id).query(ROW).optional();
    }

    /** Oldest first, so recovery after a crash replays in arrival order. */
    public List<InboxEntry> findByState(InboxState state, int limit) {
        return jdbc.sql("select " + COLUMNS + " from inbox_message where state = ? order by id limit ?")
                .params(state.name(), limit).query(ROW).list();
    }

    public List<Long> idsInState(InboxState state) {
        return jdbc.sql("select id from inbox_message where state = ? order by id").param(state.name())
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

    /** Records a traced NHS number for a quarantined message and queues it again; the original stays as received. */
    public boolean release(long id, String nhsNumber) {
        return jdbc.sql("update inbox_message set nhs_number_override = ?, state = ?, reason = null, updated_at = ?"
                        + " where id = ? and state = ?")
                .params(nhsNumber, InboxState.RECEIVED.name(), Timestamp.from(Instant.now()), id, InboxState.QUARANTINED.name())
                .update() == 1;
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
