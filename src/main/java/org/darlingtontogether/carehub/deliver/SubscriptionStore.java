package org.darlingtontogether.carehub.deliver;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consumers' rest-hook Subscriptions, as stored: who, what (criteria), where (endpoint and headers). */
@Repository
public class SubscriptionStore {

    private static final String COLUMNS = "id, consumer, criteria, resource_type, nhs_number, endpoint, headers, status, created_at, content";

    private final JdbcClient jdbc;

    public SubscriptionStore(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    public void add(StoredSubscription subscription) {
        jdbc.sql("insert into delivery_subscription (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(subscription.id(), subscription.consumer(), subscription.criteria(), subscription.resourceType(),
                        subscription.nhsNumber(), subscription.endpoint().toString(), String.join("\n", subscription.headers()),
                        subscription.status(), Timestamp.from(subscription.created()), subscription.content())
                .update();
    }

    public Optional<StoredSubscription> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from delivery_subscription where id = ?").param(id).query(SubscriptionStore::row).optional();
    }

    public List<StoredSubscription> ofConsumer(String consumer) {
        return jdbc.sql("select " + COLUMNS + " from delivery_subscription where consumer = ? order by created_at, id")
                .param(consumer).query(SubscriptionStore::row).list();
    }

    public List<StoredSubscription> active() {
        return jdbc.sql("select " + COLUMNS + " from delivery_subscription where status = 'active' order by created_at, id")
                .query(SubscriptionStore::row).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("delete from delivery_subscription where id = ?").param(id).update() > 0;
    }

    private static StoredSubscription row(ResultSet rs, int n) throws SQLException {
        String headers = rs.getString("headers");
        return new StoredSubscription(rs.getString("id"), rs.getString("consumer"), rs.getString("criteria"), rs.getString("resource_type"),
                rs.getString("nhs_number"), URI.create(rs.getString("endpoint")),
                headers == null || headers.isEmpty() ? List.of() : Arrays.asList(headers.split("\n")), rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("content"));
    }

    /** One Subscription; {@code content} is the FHIR JSON returned on read. */
    public record StoredSubscription(String id, String consumer, String criteria, String resourceType, String nhsNumber, URI endpoint,
                                     List<String> headers, String status, Instant created, String content) {

        public Destination destination() {
            return new Destination(Destination.SUBSCRIPTION + id, consumer, endpoint, headers, resourceType, nhsNumber);
        }

        @Override
        public String toString() {
            return "Subscription[" + id + " of " + consumer + "]";
        }
    }
}
