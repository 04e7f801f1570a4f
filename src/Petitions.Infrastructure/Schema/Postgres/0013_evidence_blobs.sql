-- Evidence files (附件) of a cluster: the bytes once per content hash, so that every silo serves every file. Which case
-- lists a file, under which name, is the case's own state; this table holds only bytes. (The embedded profile keeps
-- them as files under its data folder instead, and has no such table.)
CREATE TABLE evidence_blobs
(
    sha256    TEXT PRIMARY KEY,
    size      BIGINT NOT NULL,
    stored_at BIGINT NOT NULL,
    content   BYTEA NOT NULL
);
