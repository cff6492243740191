package org.darlingtontogether.carehub.identify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.darlingtontogether.carehub.config.KeyLists;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who a partner's own Patient is: its logical id at the partner ({@code Patient/123}) and the NHS number it carries,
 * or why it carries no usable one. Lets a resource that names its person only by the partner's reference be filed
 * under the right NHS number. A fact about the partner's system rather than a change to the record, so it is kept
 * even if the record write that follows is rolled back.
 *
 * <p>What is remembered is visible to {@link #find} at once and written by {@link #flush}, all of it in one
 * transaction: processing remembers the Patients of a whole batch, then flushes once before the batch's record changes
 * (one commit for the batch, not one per Patient).
 *
 * <p>A batch about to be prepared may {@link #readAhead} the Patients its resources name, in one query rather than one
 * a resource: until the batch is flushed, {@link #find} answers those from what was read.
 */
@Repository
public class PartnerPatientIndex {

    /** What the partner's Patient said: an NHS number, or the problem with it. */
    public record Entry(String nhsNumber, String problem) {
    }

    private record Key(String partner, String patientId) {
    }

    private static final String UPDATE = "update fhir_partner_patient set nhs_number = ?, problem = ?, updated_at = ? where partner = ? and patient_id = ?";
    private static final String INSERT = "insert into fhir_partner_patient (nhs_number, problem, updated_at, partner, patient_id)"
            + " values (?, ?, ?, ?, ?) on conflict do nothing";

    private final JdbcTemplate jdbc;
    private final JdbcClient client;
    private final TransactionTemplate transaction;
    private final Map<Key, Entry> pending = new LinkedHashMap<>();
    /** What the batch's read-ahead found stored (an empty Optional: nothing), forgotten when the batch is flushed. */
    private final Map<Key, Optional<Entry>> readAhead = new HashMap<>();

    public PartnerPatientIndex(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.client = JdbcClient.create(jdbc);
        this.transaction = transaction;
    }

    /** Remembers what the partner's Patient says, for {@link #find} now and for the database at the next {@link #flush}. */
    public synchronized void remember(String partner, String patientId, String nhsNumberOrNull, String problemOrNull) {
        String problem = problemOrNull == null || problemOrNull.length() <= 200 ? problemOrNull : problemOrNull.substring(0, 200);
        pending.put(new Key(partner, patientId), new Entry(nhsNumberOrNull, problem));
    }

    /** What the partner's Patient said: remembered by this batch, read ahead for it, or else as stored. */
    public Optional<Entry> find(String partner, String patientId) {
        synchronized (this) {
            Key key = new Key(partner, patientId);
            Entry waiting = pending.get(key);
            if (waiting != null) {
                return Optional.of(waiting);
            }
            Optional<Entry> read = readAhead.get(key);
            if (read != null) {
                return read;
            }
        }
        return jdbc.query("select nhs_number, problem from fhir_partner_patient where partner = ? and patient_id = ?",
                (rs, n) -> new Entry(rs.getString(1), rs.getString(2)), partner, patientId).stream().findFirst();
    }

    /**
     * Reads what is stored of the Patients a batch names (patient ids by partner), one query per {@value KeyLists#MOST_PER_STATEMENT} of them:
     * until the batch is {@linkplain #flush flushed}, {@link #find} answers them from what was read, stored or not. The
     * batch is prepared within moments of it, as it would be of a query for each resource.
     */
    public void readAhead(Map<String, ? extends Collection<String>> patientIdsByPartner) {
        Map<Key, Optional<Entry>> read = new HashMap<>();
        List<Object[]> keys = new ArrayList<>();
        patientIdsByPartner.forEach((partner, ids) -> ids.forEach(id -> {
            read.put(new Key(partner, id), Optional.empty());
            keys.add(new Object[] {partner, id});
        }));
        // by (partner, patient_id) pairs, which the primary key answers; for "partner = ? and patient_id in (...)" H2 reads
        // every row of the partner and tests it against the list
        for (List<Object[]> part : KeyLists.parts(keys)) {
            client.sql("select partner, patient_id, nhs_number, problem from fhir_partner_patient where (partner, patient_id) in (:keys)")
                    .param("keys", part)
                    .query((RowCallbackHandler) rs -> read.put(new Key(rs.getString(1), rs.getString(2)),
                            Optional.of(new Entry(rs.getString(3), rs.getString(4)))));
        }
        synchronized (this) {
            readAhead.clear();
            readAhead.putAll(read);
        }
    }

    /**
     * Writes everything remembered since the last flush, in one transaction (update what the partner sent before,
     * insert the rest); processing calls it outside its batch's transaction, so the facts outlast a batch rolled back.
     * Left pending, to be written next time, when the database refuses. Ends the batch: what it read ahead is forgotten.
     */
    public synchronized void flush() {
        readAhead.clear();
        if (pending.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>(pending.size());
        pending.forEach((key, entry) -> rows.add(new Object[] {entry.nhsNumber(), entry.problem(), now, key.partner(), key.patientId()}));
        transaction.executeWithoutResult(status -> {
            int[] updated = jdbc.batchUpdate(UPDATE, rows);
            List<Object[]> fresh = new ArrayList<>();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    fresh.add(rows.get(i));
                }
            }
            if (!fresh.isEmpty()) {
                int[] inserted = jdbc.batchUpdate(INSERT, fresh);
                for (int i = 0; i < inserted.length; i++) {
                    if (inserted[i] == 0) {
                        // another writer inserted it since the update: this, the later word, is kept
                        jdbc.update(UPDATE, fresh.get(i));
                    }
                }
            }
        });
        pending.clear();
    }
}
