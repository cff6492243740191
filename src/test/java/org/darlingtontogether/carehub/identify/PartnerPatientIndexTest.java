package org.darlingtontogether.carehub.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.darlingtontogether.carehub.config.KeyLists;
import org.darlingtontogether.carehub.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The partner Patient index: seen at once, written once a batch is flushed, the later word kept (H2 and PostgreSQL). */
class PartnerPatientIndexTest {

    private final List<TestDatabases.PostgresSchema> schemas = new ArrayList<>();

    @AfterEach
    void drop() {
        schemas.forEach(TestDatabases.PostgresSchema::drop);
    }

    @Test
    void onH2() {
        rememberFindAndFlush(TestDatabases.h2());
        readAheadForABatch(TestDatabases.h2());
    }

    @Test
    void onPostgres() {
        TestDatabases.PostgresSchema schema = TestDatabases.postgres();
        schemas.add(schema);
        rememberFindAndFlush(schema.dataSource());
        TestDatabases.PostgresSchema another = TestDatabases.postgres();
        schemas.add(another);
        readAheadForABatch(another.dataSource());
    }

    private static PartnerPatientIndex index(DataSource ds) {
        return new PartnerPatientIndex(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
    }

    private static void rememberFindAndFlush(DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        PartnerPatientIndex processing = index(ds);
        processing.remember("phd", "p1", "9434765919", null);
        processing.remember("phd", "p2", null, "Patient.identifier has no NHS number");
        processing.remember("tewv", "p1", "9434765870", null);

        // seen by the batch that remembered them before anything is written
        assertThat(processing.find("phd", "p1")).contains(new PartnerPatientIndex.Entry("9434765919", null));
        assertThat(processing.find("tewv", "p1")).contains(new PartnerPatientIndex.Entry("9434765870", null));
        assertThat(jdbc.queryForObject("select count(*) from fhir_partner_patient", Integer.class)).isZero();

        processing.flush();
        assertThat(jdbc.queryForObject("select count(*) from fhir_partner_patient", Integer.class)).isEqualTo(3);
        PartnerPatientIndex afterRestart = index(ds);
        assertThat(afterRestart.find("phd", "p1")).contains(new PartnerPatientIndex.Entry("9434765919", null));
        assertThat(afterRestart.find("phd", "p2")).contains(new PartnerPatientIndex.Entry(null, "Patient.identifier has no NHS number"));
        assertThat(afterRestart.find("phd", "p3")).isEmpty();

        // the partner corrects its Patient: the later word is kept, alongside a new one in the same flush
        processing.remember("phd", "p2", "9434765870", null);
        processing.remember("phd", "p3", "9434765919", null);
        processing.flush();
        assertThat(afterRestart.find("phd", "p2")).contains(new PartnerPatientIndex.Entry("9434765870", null));
        assertThat(afterRestart.find("phd", "p3")).contains(new PartnerPatientIndex.Entry("9434765919", null));
        assertThat(jdbc.queryForObject("select count(*) from fhir_partner_patient", Integer.class)).isEqualTo(4);
    }

    /** A batch reads its Patients ahead in one query: its finds answer from that, stored or not, until it is flushed. */
    private static void readAheadForABatch(DataSource ds) {
        PartnerPatientIndex elsewhere = index(ds);
        elsewhere.remember("phd", "p1", "9434765919", null);
        elsewhere.remember("phd", "p2", null, "Patient.identifier has no NHS number");
        elsewhere.flush();
        PartnerPatientIndex processing = index(ds);
        List<String> many = new ArrayList<>(List.of("p1", "p2", "p9"));
        for (int i = 0; i < KeyLists.MOST_PER_STATEMENT + 5; i++) {
            many.add("x" + i);
        }

        processing.readAhead(Map.of("phd", many, "tewv", List.of("p1")));

        assertThat(processing.find("phd", "p1")).contains(new PartnerPatientIndex.Entry("9434765919", null));
        assertThat(processing.find("phd", "p2")).contains(new PartnerPatientIndex.Entry(null, "Patient.identifier has no NHS number"));
        assertThat(processing.find("phd", "p9")).isEmpty();
        assertThat(processing.find("tewv", "p1")).isEmpty();
        // what was read stands for the batch, whoever writes meanwhile; what the batch remembers comes first
        elsewhere.remember("phd", "p1", "9434765870", null);
        elsewhere.remember("phd", "p9", "9434765919", null);
        elsewhere.remember("phd", "p3", "9434765919", null);
        elsewhere.flush();
        processing.remember("phd", "p2", "9434765870", null);
        assertThat(processing.find("phd", "p1")).contains(new PartnerPatientIndex.Entry("9434765919", null));
        assertThat(processing.find("phd", "p9")).isEmpty();
        assertThat(processing.find("phd", "p2")).contains(new PartnerPatientIndex.Entry("9434765870", null));
        // not read ahead: as stored
        assertThat(processing.find("phd", "p3")).contains(new PartnerPatientIndex.Entry("9434765919", null));

        // the batch flushed: as stored again
        processing.flush();
        assertThat(processing.find("phd", "p1")).contains(new PartnerPatientIndex.Entry("9434765870", null));
        assertThat(processing.find("phd", "p9")).contains(new PartnerPatientIndex.Entry("9434765919", null));
        assertThat(processing.find("phd", "p2")).contains(new PartnerPatientIndex.Entry("9434765870", null));
    }
}
