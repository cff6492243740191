package org.darlingtontogether.carehub.record;

import javax.sql.DataSource;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;

/** The storage contract on the embedded default database. */
class H2StorageTest extends StorageContract {

    private DataSource dataSource;

    @BeforeEach
    void database() {
        dataSource = TestDatabases.h2();
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
