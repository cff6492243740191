-- Audit rows are written with every decision, so each index on audit_event is paid for on every message. Two of
-- V7's were redundant:
-- ix_audit_shown (nhs_number, actor, outcome): what a person was shown (retractions) is found through
--   ix_audit_person (nhs_number, recorded_at): one person's rows are few.
-- ix_audit_unsealed (chain_seq, id): the sealer's rows "where chain_seq is null" are found through the unique
--   index on chain_seq (uq_audit_chain_seq), which also orders verification; the unsealed rows are at most a few
--   seconds' worth, sorted by id in memory.
drop index ix_audit_shown;
drop index ix_audit_unsealed;
