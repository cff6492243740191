package org.darlingtontogether.carehub.support;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh migrated PostgreSQL schema per test ({@link TestDatabases#postgres()}: skipped with a message, or failed where
 * required, when no server is reachable), created before the test class's own {@code @BeforeEach} and dropped after.
 * Register with {@code @RegisterExtension}.
 */
public class PostgresSchemaExtension implements BeforeEachCallback, AfterEachCallback {

    private TestDatabases.PostgresSchema schema;

    @Override
    public void beforeEach(ExtensionContext context) {
        schema = TestDatabases.postgres();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (schema != null) {
            schema.drop();
            schema = null;
        }
    }

    public DataSource dataSource() {
        return schema.dataSource();
    }
}
