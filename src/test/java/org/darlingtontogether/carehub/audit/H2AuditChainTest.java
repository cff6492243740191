package org.darlingtontogether.carehub.audit;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;

/** The audit chain on H2 (the embedded default). */
class H2AuditChainTest extends AuditChainContract {

    private final DataSource dataSource = TestDatabases.h2();

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
