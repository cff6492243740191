package org.darlingtontogether.carehub.ops;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;

/** Skipped where no PostgreSQL is reachable, except where CI requires one (see {@link TestDatabases}). */
class PostgresInboxOpsQueriesTest extends InboxOpsQueriesContract {

    private TestDatabases.PostgresSchema schema;

    @Override
    DataSource dataSource() {
        if (schema == null) {
            schema = TestDatabases.postgres();
        }
        return schema.dataSource();
    }

    @AfterEach
    void drop() {
        if (schema != null) {
            schema.drop();
        }
    }
}
