-- SFTP batch feeds (dbc, ccg): which partner files the hub has taken. A file is claimed before it is read and
-- confirmed once its rows are committed and it is moved on the server; a claim that is neither confirmed nor renewed
-- within the lease (an instance died mid-file) may be taken over, so the file is read again (its committed rows are
-- no-ops: inbox_message is unique per partner and message key).
create table sftp_file_claim (
    file_key    varchar(512)  primary key,   -- partner, file name, size and modification time
    claimed_at  timestamp with time zone not null,
    confirmed   boolean       not null default false
);
