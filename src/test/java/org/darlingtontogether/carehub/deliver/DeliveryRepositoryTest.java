package org.darlingtontogether.carehub.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where each consumer's deliveries to a person stand, which every record change for a subscribed consumer asks about
 * the people of its batch: answered for those people only, through the index on the person (H2 and PostgreSQL).
 */
class DeliveryRepositoryTest {

    static final String A = "9434765919";
    static final String B = "9990000018";
    static final String C = "9990000107";

    private final List<TestDatabases.PostgresSchema> schemas = new ArrayList<>();

    @AfterEach
    void drop() {
        schemas.forEach(TestDatabases.PostgresSchema::drop);
    }

    @Test
    void onH2() throws SQLException {
        lastSequencesOfThePeopleAsked(TestDatabases.h2(), "");
    }

    @Test
    void onPostgres() throws SQLException {
        TestDatabases.PostgresSchema schema = TestDatabases.postgres();
        schemas.add(schema);
        // the planner reads a table this small whole whatever its indexes: told not to, it shows which index it has
        lastSequencesOfThePeopleAsked(schema.dataSource(), "set enable_seqscan = off");
    }

    private static void lastSequencesOfThePeopleAsked(DataSource ds, String planSetting) throws SQLException {
        DeliveryRepository outbox = new DeliveryRepository(new JdbcTemplate(ds));
        List<DeliveryRepository.NewDelivery> rows = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            rows.add(row("mdt", "config", A, i));
        }
        rows.add(row("mdt", "subscription:s1", A, 1));
        rows.add(row("care-hub", "config", B, 1));
        rows.add(row("care-hub", "config", B, 2));
        for (int i = 1; i <= 5; i++) {
            rows.add(row("mdt", "config", C, i));
        }
        outbox.insert(rows, Instant.now());

        assertThat(outbox.lastSequences(List.of(A, B))).isEqualTo(Map.of(
                "mdt|config|" + A, 3L, "mdt|subscription:s1|" + A, 1L, "care-hub|config|" + B, 2L));
        assertThat(outbox.lastSequences(List.of())).isEmpty();

        try (Connection c = ds.getConnection()) {
            if (!planSetting.isEmpty()) {
                c.createStatement().execute(planSetting);
            }
            try (PreparedStatement explain = c.prepareStatement("explain " + DeliveryRepository.LAST_SEQUENCES.replace(":people", "?, ?"))) {
                explain.setString(1, A);
                explain.setString(2, B);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as("the plan").contains("ix_delivery_nhs");
            }
        }
    }

    private static DeliveryRepository.NewDelivery row(String consumer, String destination, String nhsNumber, long sequence) {
        return new DeliveryRepository.NewDelivery(consumer, destination, nhsNumber, sequence, "Encounter", "e-" + nhsNumber + "-" + sequence,
                1, DeliveryKind.UPSERT, null, consumer + "|" + destination + "|" + nhsNumber + "|" + sequence);
    }
}
