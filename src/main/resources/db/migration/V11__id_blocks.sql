-- Ids of the two busiest tables (a row per message in the inbox, a row per decision in the audit trail) are handed
-- out by the hub from blocks reserved here (storage/IdBlocks), not by an identity column. On H2 an identity hands out
-- values from a cache of 32 and, each time the cache runs out, writes the sequence and commits the whole store: with
-- WRITE_DELAY=0 that is a write of every page changed since the last one, three times in a batch of 100 messages (a
-- fifth of the hub's time in the FHIR feed benchmark). A larger H2 sequence cache left the file unreadable after
-- kill -9 (db/vendor/h2/README.md); a block reserved here is an ordinary committed row update, one per 1,000 ids.
-- Ids not used before a restart are skipped, as a sequence cache would skip them.
create table id_block (
    table_name varchar(64) primary key,
    next_id    bigint      not null   -- the first id of the next block to reserve
);
insert into id_block (table_name, next_id) select 'inbox_message', coalesce(max(id), 0) + 1 from inbox_message;
insert into id_block (table_name, next_id) select 'audit_event', coalesce(max(id), 0) + 1 from audit_event;
-- no insert may take an id any other way: one that tried would fail here rather than collide with a block later
alter table inbox_message alter column id drop identity;
alter table audit_event alter column id drop identity;
