-- H2 only (spring.flyway.locations adds db/vendor/{vendor}). H2 hands out identity values from a cache of 32 and, each
-- time the cache runs out, writes the sequence and commits the store: with WRITE_DELAY=0 that is a write to the file
-- every 32 rows, on top of the transaction's own. Measured on $everything of 1,000 resources (1,000 audit rows in one
-- transaction): 31 such writes a request, ~40 % of its time. A cache of 10,000 makes it one in ten such requests. An H2 sequence is shared by
-- every session, so values still increase in the order they are taken; a crash skips at most the unused rest of the
-- cache (a gap in ids, nothing else). PostgreSQL's nextval writes nothing of the kind (and its cache is per session,
-- which would break the order of ids across connections), so it keeps its default.
alter table inbox_message alter column id set cache 10000;
alter table audit_event alter column id set cache 10000;
alter table delivery_outbox alter column id set cache 10000;
alter table retraction_due alter column id set cache 10000;
