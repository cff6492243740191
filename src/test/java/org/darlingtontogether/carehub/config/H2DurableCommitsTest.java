package org.darlingtontogether.carehub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which commits reach the H2 file at once: observed through H2's own count of writes to its file
 * ({@code info.FILE_WRITE}), with a write delay of a minute so that H2's background writer stays out of the way.
 */
class H2DurableCommitsTest {

    @TempDir
    Path folder;

    private HikariDataSource pool;
    private DataSource durable;
    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;

    @BeforeEach
    void open() {
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:file:" + folder.resolve("db").toAbsolutePath() + ";WRITE_DELAY=60000");
        pool.setUsername("sa");
        pool.setPassword("");
        durable = (DataSource) new H2DurableCommits().postProcessAfterInitialization(pool, "dataSource");
        jdbc = new JdbcTemplate(durable);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(durable));
        jdbc.execute("create table note (id int primary key, text varchar(20))");
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aCommittedTransactionIsInTheFileBeforeCommitReturns() {
        long before = fileWrites();
        transaction.executeWithoutResult(status -> jdbc.update("insert into note values (1, 'durable')"));
        assertThat(fileWrites()).isGreaterThan(before);
    }

    @Test
    void aWriteOutsideATransactionIsInTheFileBeforeItReturns() {
        long before = fileWrites();
        jdbc.update("insert into note values (2, 'auto-commit')");
        assertThat(fileWrites()).isGreaterThan(before);
        long afterWrite = fileWrites();
        jdbc.queryForList("select * from note");
        assertThat(fileWrites()).as("a read writes nothing").isEqualTo(afterWrite);
    }

    @Test
    void lazyCommitsWaitForTheWriteDelayOrTheNextDurableCommit() {
        long before = fileWrites();
        CommitDurability.lazily(() -> {
            transaction.executeWithoutResult(status -> jdbc.update("insert into note values (3, 'lazy')"));
            jdbc.update("insert into note values (4, 'lazy too')");
        });
        assertThat(fileWrites()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from note", Integer.class)).as("committed, visible").isEqualTo(2);

        CommitDurability.force(durable);
        assertThat(fileWrites()).isGreaterThan(before);
    }

    @Test
    void aTransactionThatOnlyReadIsNoStoreAndLeavesLazyCommitsWaiting() {
        CommitDurability.lazily(() -> transaction.executeWithoutResult(status -> jdbc.update("insert into note values (5, 'lazy')")));
        long before = fileWrites();

        transaction.executeWithoutResult(status -> jdbc.queryForList("select * from note for update"));
        assertThat(fileWrites()).as("a transaction that only read: no store, the lazy commit still waits").isEqualTo(before);

        transaction.executeWithoutResult(status -> jdbc.update("update note set text = 'none' where id = -1"));
        assertThat(fileWrites()).as("a transaction that wrote, if nothing: a store, the lazy commit with it").isGreaterThan(before);
    }

    @Test
    void otherDatabasesAreLeftAsTheyAre() {
        try (HikariDataSource postgres = new HikariDataSource()) {
            postgres.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            assertThat(new H2DurableCommits().postProcessAfterInitialization(postgres, "dataSource")).isSameAs(postgres);
        }
    }

    private long fileWrites() {
        return Long.parseLong(jdbc.queryForObject(
                "select setting_value from information_schema.settings where setting_name = 'info.FILE_WRITE'", String.class));
    }
}
