package org.darlingtontogether.carehub.audit;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.PostgresSchemaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Audit search and reports on PostgreSQL, in a schema of its own; skipped with a message where no server is reachable. */
class PostgresAuditReportsTest extends AuditReportsContract {

    @RegisterExtension
    final PostgresSchemaExtension postgres = new PostgresSchemaExtension();

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }
}
