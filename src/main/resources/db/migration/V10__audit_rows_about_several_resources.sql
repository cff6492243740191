-- A consumer's search or $everything is one audit row per group of resources with the same type, source, category,
-- outcome and rule (not one row per resource): entity_count says how many, entity_refs lists each as id/version,
-- space-separated (entity_id and entity_version name the first). Null on every other row, which hashes as before.
alter table audit_event add column entity_count integer;
alter table audit_event add column entity_refs varchar;
