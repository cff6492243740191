-- The sealer no longer reads the audit rows it seals. Until V16 each seal hashed the whole row with its chain position
-- (hash_scheme 1), so the sealer read every waiting row back from audit_event, and on H2 that read, not the hashing,
-- was most of sealing's cost (docs/benchmarks.md, "Audit cost on its own"). Since V16 the trail computes each row's
-- digest as it appends it (sha256 over the same length-prefixed columns, the chain position left out) and queues it
-- with the row; the seal is sha256 over the previous hash, the chain position and that digest (hash_scheme 2).
-- Verification recomputes the digest from the stored row, so the queued digest is never trusted, only saved work.
-- Seals made before V16 keep scheme 1 and verify as before.
alter table audit_unsealed add column content_hash varchar(64);  -- null for rows queued before V16: digested at sealing
alter table audit_seal add column hash_scheme smallint default 1 not null;
