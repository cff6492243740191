package org.darlingtontogether.carehub.inbox;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.PostgresSchemaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The group commit on PostgreSQL, in a schema of its own; skipped with a message where no server is reachable. */
class PostgresInboxGroupCommitTest extends InboxGroupCommitContract {

    @RegisterExtension
    final PostgresSchemaExtension postgres = new PostgresSchemaExtension();

    @Override
    DataSource dataSource() {
        return postgres.dataSource();
    }
}
