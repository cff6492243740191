-- The record store now looks up a batch's current versions by (resource_type, id) pairs, which the primary key
-- answers, so the index on id alone (V2) goes. Each index on record_resource is written for every resource stored;
-- ids are derived hashes, so this one took a random leaf of its B-tree on every insert (on H2 a page rewritten at the
-- next store commit).
drop index ix_record_id;
