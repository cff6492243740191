-- Sealing no longer updates the audit row. Until V15 the sealer wrote chain_seq, prev_hash and row_hash into each
-- audit_event row after it was committed: H2 carries out every UPDATE as a removal and re-insertion of the row in every
-- index of the table, and on PostgreSQL an update of an indexed column is not a HOT update either, so sealing cost
-- 3 to 10 times as much as writing the row and grew with the table (docs/benchmarks.md, "Audit cost on its own").
-- Now audit_event is insert-only: each seal is a row of its own in audit_seal, and the rows waiting to be sealed are
-- listed in a narrow queue, audit_unsealed, written in the same transaction as the audit row. The hashes are the
-- same as before (they cover the same columns), so a chain sealed before V15 still verifies.
create table audit_seal (
    event_id  bigint      primary key,   -- audit_event.id (no foreign key: a deleted audit row must show as a gap, not be refused)
    chain_seq bigint      not null,      -- position in the chain, 1, 2, 3...
    prev_hash varchar(64) not null,      -- row_hash of the row at chain_seq - 1 (or of the checkpoint before it)
    row_hash  varchar(64) not null,      -- sha256(prev_hash, chain_seq and every column of the audit row)
    constraint uq_audit_seal_seq unique (chain_seq)
);

-- The audit rows committed and not yet sealed: the sealer takes them oldest id first and removes them as it seals.
create table audit_unsealed (
    event_id bigint primary key
);

insert into audit_seal (event_id, chain_seq, prev_hash, row_hash)
select id, chain_seq, prev_hash, row_hash from audit_event where chain_seq is not null;
insert into audit_unsealed (event_id)
select id from audit_event where chain_seq is null;

alter table audit_event drop constraint uq_audit_chain_seq;
alter table audit_event drop column chain_seq;
alter table audit_event drop column prev_hash;
alter table audit_event drop column row_hash;
