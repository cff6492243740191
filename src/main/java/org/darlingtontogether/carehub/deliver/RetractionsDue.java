package org.darlingtontogether.carehub.deliver;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.darlingtontogether.carehub.record.SharedRecordStore;
import org.darlingtontogether.carehub.record.StoredResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the retractions governance records as due ({@code retraction_due}: a consumer may no longer hold a resource it
 * was shown or sent) into outbox retractions, in the same transaction as marking them handed over ({@code delivered}
 * set), so each becomes exactly one retraction per push destination of that consumer, in order after what the person's
 * deliveries already wait. Only consumers with a push destination are taken: a pull-only consumer's retractions stay
 * pending in {@code retraction_due} (its API answers already leave the resource out; nothing is sent to it).
 */
@Component("retractionsDue")
public class RetractionsDue {

    private static final Logger log = LoggerFactory.getLogger(RetractionsDue.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final SharedRecordStore record;
    private final PushDestinations destinations;

    public RetractionsDue(JdbcTemplate jdbcTemplate, Outbox outbox, SharedRecordStore record, PushDestinations destinations) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.outbox = outbox;
        this.record = record;
        this.destinations = destinations;
    }

    /** Hands every waiting retraction to the outbox; returns how many outbox rows were added. */
    @Transactional
    public int enqueue() {
        java.util.Set<String> pushed = new java.util.TreeSet<>();
        destinations.all().forEach(d -> pushed.add(d.consumer()));
        if (pushed.isEmpty()) {
            return 0;
        }
        List<Due> due = jdbc.sql("select id, consumer, resource_type, resource_id, rule from retraction_due where delivered is null"
                        + " and consumer in (:consumers) order by id limit :limit")
                .param("consumers", List.copyOf(pushed))
                .param("limit", BATCH)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
        int added = 0;
        Timestamp now = Timestamp.from(Instant.now());
        for (Due retraction : due) {
            String nhsNumber = record.read(retraction.type(), retraction.id()).map(StoredResource::nhsNumber).orElse(null);
            if (nhsNumber != null) {
                int rows = outbox.retract(retraction.consumer(), nhsNumber, retraction.type() + "/" + retraction.id(), retraction.rule());
                added += rows;
                log.info("retraction {} of {}/{} for {}: {} deliveries", retraction.rowId(), retraction.type(), retraction.id(),
                        retraction.consumer(), rows);
            }
            jdbc.sql("update retraction_due set delivered = ? where id = ?").params(now, retraction.rowId()).update();
        }
        return added;
    }

    private record Due(long rowId, String consumer, String type, String id, String rule) {
    }
}
