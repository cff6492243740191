package org.darlingtontogether.carehub.feed;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How far each FHIR feed has read each resource type: the newest {@code meta.lastUpdated} committed to the inbox.
 * Moved in the transaction that commits the page's resources, and only forwards.
 */
@Repository
public class FhirWatermarks {

    /** A watermark: the instant, the partner's own text for it (sent back as is), and when it last moved. */
    public record Watermark(Instant lastUpdated, String text, Instant movedAt) {
    }

    private final JdbcClient jdbc;

    public FhirWatermarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Watermark> find(String partner, String resourceType) {
        return jdbc.sql("select last_updated, last_updated_text, moved_at from fhir_feed_watermark where partner = ? and resource_type = ?")
                .params(partner, resourceType)
                .query((rs, n) -> new Watermark(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    public Map<String, Watermark> all(String partner) {
        Map<String, Watermark> marks = new LinkedHashMap<>();
        jdbc.sql("select resource_type, last_updated, last_updated_text, moved_at from fhir_feed_watermark where partner = ? order by resource_type")
                .param(partner)
                .query(rs -> {
                    marks.put(rs.getString(1), new Watermark(rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getTimestamp(4).toInstant()));
                });
        return marks;
    }

    /** Moves the watermark to {@code lastUpdated} if that is later than where it is (call inside the page's transaction). */
    public void advance(String partner, String resourceType, Instant lastUpdated, String text) {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp at = Timestamp.from(lastUpdated);
        int moved = jdbc.sql("update fhir_feed_watermark set last_updated = ?, last_updated_text = ?, moved_at = ?"
                        + " where partner = ? and resource_type = ? and last_updated < ?")
                .params(at, text, now, partner, resourceType, at).update();
        if (moved == 0 && find(partner, resourceType).isEmpty()) {
            jdbc.sql("insert into fhir_feed_watermark (partner, resource_type, last_updated, last_updated_text, moved_at) values (?, ?, ?, ?, ?)")
                    .params(partner, resourceType, at, text, now).update();
        }
    }
}
