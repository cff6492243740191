package org.darlingtontogether.carehub.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits many inbox messages (the rows of a partner's file) in one transaction, as one JDBC batch. A message whose
 * partner and key are already in the inbox is left as it is (a file read again after a restart), so reading a file
 * twice neither loses nor duplicates a row.
 */
@Repository
public class InboxBatchWriter {

    /** One message to commit: RECEIVED for processing, or FAILED with its reason (a rejected row, kept). */
    public record NewMessage(String messageKey, String messageType, InboxState state, String reason, String payload) {
    }

    private static final String INSERT = "insert into inbox_message"
            + " (partner, message_key, format, message_type, received_at, state, reason, updated_at, payload)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public InboxBatchWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** How many of a batch were new to the inbox, by the state they were committed in. */
    public record Stored(int received, int failed) {
        public int total() {
            return received + failed;
        }
    }

    /** Commits the messages together; says how many were new (the rest were already in the inbox). */
    public Stored storeAll(String partner, String format, List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return new Stored(0, 0);
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (NewMessage m : messages) {
            rows.add(new Object[] {partner, m.messageKey(), format, m.messageType(), now, m.state().name(),
                    truncate(m.reason()), now, m.payload()});
        }
        int[] counts = transaction.execute(status -> jdbc.batchUpdate(INSERT, rows));
        int received = 0;
        int failed = 0;
        for (int i = 0; i < counts.length; i++) {
            // some drivers answer SUCCESS_NO_INFO (-2) for batched statements: counted as new
            if (counts[i] != 0) {
                if (messages.get(i).state() == InboxState.FAILED) {
                    failed++;
                } else {
                    received++;
                }
            }
        }
        return new Stored(received, failed);
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }
}
