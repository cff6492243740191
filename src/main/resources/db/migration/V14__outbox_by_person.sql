-- A record change for a consumer's person asks where that consumer's deliveries to each person of the batch stand
-- (the last sequence per consumer, destination and person: "where nhs_number in (...)"). No index began with
-- nhs_number, so every batch with a subscribed consumer read the whole outbox, which only grows (EXPLAIN on H2 and
-- PostgreSQL). ix_delivery_person repeated the index of the unique constraint uq_delivery_sequence column for column:
-- it goes, and an index on the person comes.
drop index ix_delivery_person;
create index ix_delivery_nhs on delivery_outbox (nhs_number);
