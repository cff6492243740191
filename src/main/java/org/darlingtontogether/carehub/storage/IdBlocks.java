package org.darlingtontogether.carehub.storage;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ids for the busiest tables ({@code inbox_message}, {@code audit_event}), handed out in order from blocks reserved in
 * {@code id_block}, each reservation a short transaction of its own (see V11 for why not an identity column). Ids are
 * unique across hub instances sharing a database (each reserves its own blocks) and increase within one instance;
 * those of a block not used up before a restart are skipped.
 */
@Component
public class IdBlocks {

    /** Ids reserved at a time. */
    public static final int BLOCK = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Map<String, long[]> blocks = new HashMap<>();

    @Autowired
    public IdBlocks(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public IdBlocks(DataSource dataSource) {
        this(dataSource, new DataSourceTransactionManager(dataSource));
    }

    /** The next id for a row of the table. */
    public long next(String table) {
        return next(table, 1);
    }

    /** The first of {@code count} consecutive ids for rows of the table (one JDBC batch, say). */
    public synchronized long next(String table, int count) {
        long[] block = blocks.get(table);
        if (block == null || block[0] + count > block[1]) {
            block = reserve(table, Math.max(BLOCK, count));
            blocks.put(table, block);
        }
        long first = block[0];
        block[0] += count;
        return first;
    }

    /** {from, to (exclusive)}: a block no other instance or reservation will be given. */
    private long[] reserve(String table, int size) {
        Long from = ownTransaction.execute(status -> {
            if (jdbc.update("update id_block set next_id = next_id + ? where table_name = ?", size, table) != 1) {
                throw new IllegalStateException("no id_block row for " + table);
            }
            return jdbc.queryForObject("select next_id from id_block where table_name = ?", Long.class, table) - size;
        });
        return new long[] {from, from + size};
    }
}
