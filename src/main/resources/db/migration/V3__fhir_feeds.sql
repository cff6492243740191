-- FHIR feeds (phd, tewv): how far each feed has read each resource type, and who each partner's Patient is.

-- The watermark: the newest _lastUpdated of each partner's resource type that is committed to the inbox.
-- Moved in the same transaction as the inbox rows of the page that reached it.
create table fhir_feed_watermark (
    partner           varchar(32)  not null,
    resource_type     varchar(40)  not null,
    last_updated      timestamp with time zone not null,
    last_updated_text varchar(40)  not null,   -- exactly as the partner wrote it, sent back in _lastUpdated=ge...
    moved_at          timestamp with time zone not null,
    primary key (partner, resource_type)
);

-- A partner's Patient (its own logical id) and the NHS number it carries, so a Condition that names only
-- "Patient/123" is filed under the right person. nhs_number is null when that Patient has no valid one (the reason says why).
create table fhir_partner_patient (
    partner      varchar(32)  not null,
    patient_id   varchar(64)  not null,
    nhs_number   varchar(10),
    problem      varchar(200),
    updated_at   timestamp with time zone not null,
    primary key (partner, patient_id)
);
