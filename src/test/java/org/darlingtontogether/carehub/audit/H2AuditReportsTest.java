package org.darlingtontogether.carehub.audit;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;

/** Audit search and reports on H2 (the embedded default). */
class H2AuditReportsTest extends AuditReportsContract {

    private final DataSource dataSource = TestDatabases.h2();

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
