package org.darlingtontogether.carehub.inbox;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;

/** The group commit on the embedded default (H2 in PostgreSQL mode). */
class H2InboxGroupCommitTest extends InboxGroupCommitContract {

    private final DataSource dataSource = TestDatabases.h2();

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
