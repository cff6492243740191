package org.darlingtontogether.carehub.audit;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The end of the chain ({@code audit_chain_head}): the last sealed position and its hash. */
record ChainHead(long lastSeq, String lastHash) {

    /** Reads the head and holds its row lock until the transaction ends: one sealer (or retention run) at a time. */
    static ChainHead lock(JdbcClient jdbc) {
        return jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1 for update")
                .query((rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2))).single();
    }

    static ChainHead read(JdbcClient jdbc) {
        return jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1")
                .query((rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2))).single();
    }

    static void move(JdbcClient jdbc, long lastSeq, String lastHash) {
        jdbc.sql("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1").params(lastSeq, lastHash).update();
    }
}
