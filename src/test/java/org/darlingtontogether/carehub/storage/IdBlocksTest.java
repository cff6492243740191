package org.darlingtontogether.carehub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Ids from reserved blocks: increasing in one hub, never the same across hubs sharing a database (H2 and PostgreSQL). */
class IdBlocksTest {

    private final List<TestDatabases.PostgresSchema> schemas = new ArrayList<>();

    @AfterEach
    void drop() {
        schemas.forEach(TestDatabases.PostgresSchema::drop);
    }

    @Test
    void onH2() throws Exception {
        idsAreUniqueAndIncreasing(TestDatabases.h2());
    }

    @Test
    void onPostgres() throws Exception {
        TestDatabases.PostgresSchema schema = TestDatabases.postgres();
        schemas.add(schema);
        idsAreUniqueAndIncreasing(schema.dataSource());
    }

    @Test
    void aReservationDoesNotWaitForTheSharedPool() {
        // the hub's pool with every connection taken by a transaction that needs an id: the block is reserved anyway
        String url = ((JdbcDataSource) TestDatabases.h2()).getURL();
        DataSourceProperties database = new DataSourceProperties();
        database.setUrl(url);
        database.setUsername("sa");
        database.setPassword("");
        try (HikariDataSource shared = new HikariDataSource()) {
            shared.setJdbcUrl(url);
            shared.setUsername("sa");
            shared.setMaximumPoolSize(1);
            shared.setConnectionTimeout(1000);
            IdBlocks ids = new IdBlocks(database);
            try {
                Long id = new TransactionTemplate(new DataSourceTransactionManager(shared)).execute(status -> {
                    long reserved = ids.next("inbox_message");
                    new JdbcTemplate(shared).update("insert into inbox_message (id, partner, message_key, format, received_at, state,"
                            + " updated_at, payload) values (?, 'cddft', 'M1', 'HL7V2', current_timestamp, 'RECEIVED', current_timestamp, 'MSH|')", reserved);
                    return reserved;
                });
                assertThat(id).isEqualTo(1);
                assertThat(new JdbcTemplate(shared).queryForObject("select next_id from id_block where table_name = 'inbox_message'", Long.class))
                        .isEqualTo(1 + IdBlocks.BLOCK);
            } finally {
                ids.destroy();
            }
        }
    }

    private static void idsAreUniqueAndIncreasing(DataSource ds) throws Exception {
        IdBlocks one = new IdBlocks(ds);
        long first = one.next("inbox_message");
        assertThat(first).isEqualTo(1);
        assertThat(one.next("inbox_message")).isEqualTo(2);
        assertThat(one.next("inbox_message", 5)).isEqualTo(3);
        assertThat(one.next("inbox_message")).isEqualTo(8);
        assertThat(one.next("audit_event")).isEqualTo(1);

        // a second hub on the same database (or this one after a restart) starts after the first one's block
        IdBlocks other = new IdBlocks(ds);
        assertThat(other.next("inbox_message")).isEqualTo(1 + IdBlocks.BLOCK);
        // a batch larger than what is left of a block gets a block of its own, in one piece
        long big = one.next("inbox_message", IdBlocks.BLOCK);
        assertThat(big).isEqualTo(1 + 2L * IdBlocks.BLOCK);

        // two hubs taking ids at once, across many blocks: no id given twice, each hub's ids increasing
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (IdBlocks hub : List.of(one, other)) {
                runs.add(pool.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < 3 * IdBlocks.BLOCK; i++) {
                        long id = hub.next("audit_event");
                        if (id <= last || !seen.add(id)) {
                            return false;
                        }
                        last = id;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(seen)).hasSize(6 * IdBlocks.BLOCK);

        assertThatThrownBy(() -> one.next("no_such_table")).hasMessageContaining("no id_block row for no_such_table");
    }
}
