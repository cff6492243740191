package org.darlingtontogether.carehub.govern;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Retractions due ({@code retraction_due}): a resource a consumer was shown or sent and may no longer hold, with the
 * reason and the rule that now withholds it. The consumer issue delivers them and marks them delivered. The same
 * consumer, resource and rule are recorded once.
 */
@Repository
public class RetractionLog {

    /** One retraction due. */
    public record Due(String consumer, String resourceType, String resourceId, String reason, String rule, Instant created) {
    }

    private final JdbcClient jdbc;

    public RetractionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records it unless already recorded; returns whether it was new. */
    public boolean add(String consumer, String resourceType, String resourceId, String reason, String rule) {
        try {
            return jdbc.sql("insert into retraction_due (consumer, resource_type, resource_id, reason, rule, created)"
                            + " select ?, ?, ?, ?, ?, ? where not exists (select 1 from retraction_due where consumer = ?"
                            + " and resource_type = ? and resource_id = ? and rule = ?)")
                    .params(consumer, resourceType, resourceId, truncate(reason, 400), truncate(rule, 200), Timestamp.from(Instant.now()),
                            consumer, resourceType, resourceId, truncate(rule, 200))
                    .update() == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /** Those not yet delivered to a consumer, oldest first. */
    public List<Due> pending(String consumer) {
        return jdbc.sql("select consumer, resource_type, resource_id, reason, rule, created from retraction_due"
                        + " where consumer = ? and delivered is null order by id")
                .param(consumer)
                .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
