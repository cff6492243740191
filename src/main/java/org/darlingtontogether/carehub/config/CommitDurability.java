package org.darlingtontogether.carehub.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Which commits must be on disk before the hub goes on, on the embedded H2 database.
 *
 * <p>Durable (the default): every commit, and every write outside a transaction, reaches the file before the caller
 * goes on ({@link H2DurableCommits}), so the MLLP ACK, the SFTP file move, an API answer and its audit row, and an
 * operator's action are never ahead of the disk. Lazy ({@link #lazily}): for work whose every result is worked out
 * again from what is on disk after a crash: processing (its inbox rows stay RECEIVED until it is stored), the FHIR
 * feed's page and watermark (read again from the partner), sealing the audit chain (unsealed rows are sealed again).
 * H2 writes lazy commits within its write delay ({@code WRITE_DELAY} in the URL), or with the next durable commit,
 * whichever comes first. Each H2 store writes every map the commits since the last one changed, so a lazy batch no
 * longer costs a store of its own. A store is one consistent point: a crash loses a lazy commit together with
 * everything that came after it, never a durable one.
 *
 * <p>Anything that makes lazily committed work visible outside the hub (delivery pushing outbox rows) calls
 * {@link #force} first. On PostgreSQL every commit is durable ({@code synchronous_commit=on}) and none of this applies.
 */
public final class CommitDurability {

    private static final ThreadLocal<Boolean> LAZY = ThreadLocal.withInitial(() -> false);

    private CommitDurability() {
    }

    /** Runs work whose commits may reach the disk later (see the class comment for what qualifies). */
    public static <T> T lazily(Supplier<T> work) {
        boolean was = LAZY.get();
        LAZY.set(true);
        try {
            return work.get();
        } finally {
            LAZY.set(was);
        }
    }

    /** {@link #lazily(Supplier)} without a result. */
    public static void lazily(Runnable work) {
        lazily(() -> {
            work.run();
            return null;
        });
    }

    /** True inside {@link #lazily}, on this thread. */
    static boolean isLazy() {
        return LAZY.get();
    }

    /**
     * Everything committed so far, lazily or not, on disk before this returns (an H2 store); nothing on other databases.
     */
    public static void force(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection instanceof H2DurableCommits.DurableConnection durable) {
                durable.checkpoint();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not write committed changes to the database file", e);
        }
    }

    /** An H2 store of everything committed so far ({@code CHECKPOINT}: MVStore commit, not a compaction). */
    static void checkpoint(Connection h2) throws SQLException {
        try (Statement statement = h2.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }
}
