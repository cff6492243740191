package org.darlingtontogether.carehub.audit;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The audit chain on PostgreSQL, in a schema of its own; skipped with a message where no server is reachable. */
class PostgresAuditChainTest extends AuditChainContract {

    private TestDatabases.PostgresSchema schema;

    @Override
    @BeforeEach
    void start() {
        schema = TestDatabases.postgres();
        super.start();
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
