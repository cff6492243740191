package org.darlingtontogether.carehub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

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

        // no row can take an id any other way (the identity is gone), so none can collide with a block
        assertThatThrownBy(() -> new JdbcTemplate(ds).update("insert into audit_event (recorded_at, action) values (current_timestamp, 'X')"))
                .hasMessageContaining("id");
        assertThatThrownBy(() -> one.next("no_such_table")).hasMessageContaining("no id_block row for no_such_table");
    }
}
