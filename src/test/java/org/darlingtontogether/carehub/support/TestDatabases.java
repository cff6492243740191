package org.darlingtontogether.carehub.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Migrated databases for storage tests: a private in-memory H2, and a private schema in PostgreSQL when one is
 * reachable. Where PostgreSQL is required (CI=true or CAREHUB_REQUIRE_POSTGRES=true) an unreachable server fails the
 * test instead of skipping it.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = env("CAREHUB_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = env("CAREHUB_TEST_POSTGRES_USER", "postgres");

    private TestDatabases() {
    }

    public static DataSource h2() {
        return h2(null);
    }

    /** A private in-memory H2 migrated up to {@code version} (all migrations when null), for testing a later migration. */
    public static DataSource h2(String version) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        ds.setUser("sa");
        migrate(ds, null, version);
        return ds;
    }

    /** A fresh schema in the test PostgreSQL, migrated; skipped (or failed where required) if none is reachable. */
    public static PostgresSchema postgres() {
        return postgres(null);
    }

    /** As {@link #postgres()}, migrated up to {@code version} (all migrations when null). */
    public static PostgresSchema postgres(String version) {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(POSTGRES_URL);
        admin.setUser(POSTGRES_USER);
        String schema = "carehub_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin.getConnection()) {
            c.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")";
            if (postgresRequired()) {
                throw new AssertionError(why + ": required here (CI=true or CAREHUB_REQUIRE_POSTGRES=true)", e);
            }
            Assumptions.abort("SKIPPED: " + why + "; set CAREHUB_TEST_POSTGRES_URL to run the PostgreSQL storage tests");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(POSTGRES_URL);
        ds.setUser(POSTGRES_USER);
        ds.setCurrentSchema(schema);
        migrate(ds, schema, version);
        return new PostgresSchema(ds, admin, schema);
    }

    public static boolean postgresRequired() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getenv("CAREHUB_REQUIRE_POSTGRES"));
    }

    /** Applies the migrations not yet applied to {@code ds} (an H2 when {@code schema} is null) up to {@code version}, or all. */
    public static void migrate(DataSource ds, String schema, String version) {
        // as the hub's spring.flyway.locations: the shared migrations and the vendor's own
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/" + (schema == null ? "h2" : "postgresql"));
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema);
        }
        if (version != null) {
            config.target(version);
        }
        config.load().migrate();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A throwaway schema; {@link #drop()} removes it. */
    public record PostgresSchema(DataSource dataSource, DataSource admin, String schema) {
        public void drop() {
            try (Connection c = admin.getConnection()) {
                c.createStatement().execute("drop schema " + schema + " cascade");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
