package org.darlingtontogether.carehub.audit;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.PostgresSchemaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit chain on PostgreSQL, in a schema of its own; skipped with a message where no server is reachable. */
class PostgresAuditChainTest extends AuditChainContract {

    @RegisterExtension
    final PostgresSchemaExtension postgres = new PostgresSchemaExtension();

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }
}
