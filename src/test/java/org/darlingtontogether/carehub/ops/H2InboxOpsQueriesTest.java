package org.darlingtontogether.carehub.ops;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;

class H2InboxOpsQueriesTest extends InboxOpsQueriesContract {

    private final DataSource dataSource = TestDatabases.h2();

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
