-- Previews of legacy-ledger history imports (POST /api/imports/history), kept for their commit. The rows are the
-- parsed ledger rows as JSON (no complainant: a legacy ledger's personal data is not migrated).
CREATE TABLE history_imports
(
    import_id    TEXT NOT NULL PRIMARY KEY,
    file_name    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    valid        INTEGER NOT NULL,
    rows_json    TEXT NOT NULL,
    committed_at BIGINT NULL,
    registered   INTEGER NOT NULL DEFAULT 0,
    existing     INTEGER NOT NULL DEFAULT 0
);
