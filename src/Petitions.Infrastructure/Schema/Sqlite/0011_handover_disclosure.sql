-- Handover list imports (交办清单导入): the preview of an uploaded list, kept until it is committed. The parsed rows
-- (with the complainants the list names) are cleared when the commit is done; the counts stay.
CREATE TABLE handover_imports
(
    id           TEXT PRIMARY KEY,
    round_code   TEXT NOT NULL,
    batch_no     INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    total        INTEGER NOT NULL,
    valid        INTEGER NOT NULL,
    status       TEXT NOT NULL,
    registered   INTEGER NOT NULL DEFAULT 0,
    existing     INTEGER NOT NULL DEFAULT 0,
    committed_at BIGINT NULL,
    rows_json    TEXT NULL
);

CREATE INDEX ix_handover_imports_batch ON handover_imports (round_code, batch_no, created_at);

-- Public disclosure of a handover batch (边督边改 信息公开): its publication deadline and, once a supervisor publishes
-- it, the published table (no personal data) as of that moment.
CREATE TABLE batch_disclosures
(
    round_code   TEXT NOT NULL,
    batch_no     INTEGER NOT NULL,
    publish_by   TEXT NULL,
    published_at BIGINT NULL,
    published_by TEXT NULL,
    rows_json    TEXT NULL,
    PRIMARY KEY (round_code, batch_no)
);
