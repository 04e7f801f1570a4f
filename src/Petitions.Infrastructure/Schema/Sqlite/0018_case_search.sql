-- Text search over case number, target, description and address (the list's q): an FTS5 index of the distinct
-- characters and two-character grams of each field, spelled in hex (see CaseTextSearch), so that a search reads the
-- rows that contain the grams instead of every case. Contentless with detail=none: it stores only which case has
-- which gram; the substring condition of the query then decides exactly.
-- case_search_key gives each case number a stable integer (the FTS rowid): case_index's implicit rowid may change on
-- VACUUM.
CREATE TABLE case_search_key
(
    id      INTEGER PRIMARY KEY,
    case_no TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE case_search USING fts5(grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');

-- Cases already in the read model are indexed by the host once at start-up (SchemaMigrator), in batches.
INSERT INTO meta (key, value) SELECT 'search.backfill', 'pending' WHERE EXISTS (SELECT 1 FROM case_index);
