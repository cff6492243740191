package org.darlingtontogether.carehub.record;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The storage contract on PostgreSQL, each test in a schema of its own. Skipped with a message where no server is
 * reachable, mandatory under CI (see {@link TestDatabases#postgresRequired()}).
 */
class PostgresStorageTest extends StorageContract {

    private TestDatabases.PostgresSchema schema;

    @BeforeEach
    void database() {
        schema = TestDatabases.postgres();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }

    @Override
    DataSource dataSource() {
        return schema.dataSource();
    }
}
