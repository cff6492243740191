package org.darlingtontogether.carehub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A PostgreSQL schema of the benchmark's own (created empty, dropped afterwards), for running the hub on the production
 * database instead of the embedded H2 file: {@code -Dbench.database=postgres}.
 */
final class PostgresSchema {

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    PostgresSchema(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    static PostgresSchema fromProperties(String runId) {
        return new PostgresSchema(System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("bench.postgres.user", "postgres"), System.getProperty("bench.postgres.password", ""),
                "carehub_bench_" + runId.toLowerCase());
    }

    void create() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
    }

    void drop() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** The hub's datasource and Flyway settings for this schema. */
    List<String> hubArguments() {
        return List.of("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--spring.flyway.schemas=" + schema);
    }

    /** Tables and indexes of the schema, in bytes. */
    long sizeBytes() {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("select coalesce(sum(pg_total_relation_size(c.oid)), 0)"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relkind = 'r'")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    String synchronousCommit() {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    /** A connection whose search path is the schema. */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password);
        try (Statement s = c.createStatement()) {
            s.execute("set search_path to " + schema + ", public");
        } catch (SQLException e) {
            // the schema may not exist yet (create) or any more (drop)
        }
        return c;
    }

    String name() {
        return schema;
    }
}
