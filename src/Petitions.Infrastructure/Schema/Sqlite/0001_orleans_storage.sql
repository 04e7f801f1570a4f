-- Orleans ADO.NET grain storage on SQLite (Microsoft.Data.Sqlite; Orleans invariant "System.Data.SQLite").
--
-- Written for this project against the contract of Microsoft.Orleans.Persistence.AdoNet 10.4.2:
--   * at start the provider runs
--       SELECT QueryKey, QueryText FROM OrleansQuery
--       WHERE QueryKey IN ('WriteToStorageKey','ReadFromStorageKey','ClearStorageKey','DeleteStorageKey')
--     and from then on executes those texts with the parameters
--       @GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash @GrainTypeString @GrainIdExtensionString @ServiceId
--     (+ @GrainStateVersion for write/clear/delete, + @PayloadBinary for write);
--   * it reads result columns by name: PayloadBinary and Version (read), NewGrainStateVersion (write, clear,
--     delete), and takes SingleOrDefault() of all rows of all result sets: a query returns AT MOST ONE row;
--   * it throws InconsistentStateException when the returned version equals the ETag it sent, when a row comes
--     back with NULL (read as ""), or when no row comes back although it sent an ETag. No row while it sent no
--     ETag counts as success, so a failed first insert must return a NULL row, not nothing.
--
-- Concurrency: several silos/connections may write one SQLite file (WAL). Every query below is made of single
-- statements that are atomic by themselves; there is no BEGIN ... COMMIT inside a query text, because a batch
-- that fails halfway would leave a pooled connection inside an open transaction. The unique index makes sure
-- two inserts of one grain can never both succeed, whatever the timing.
--
-- The migrator runs this file once, inside its own transaction, as one command text: no PRAGMA or BEGIN here.
-- ModifiedOn follows the project's convention for instants: INTEGER milliseconds since the Unix epoch (UTC).

CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) STRICT;

-- One row per grain state. The hashes are what Orleans computes from the grain id and type; the clear-text
-- columns resolve hash collisions. For a string-keyed grain GrainIdN0 = GrainIdN1 = 0 and the string key itself
-- is in GrainIdExtensionString; for integer/Guid keys the extension is NULL unless the key is compound.
CREATE TABLE OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    -- NULL after ClearStateAsync (the row and its version stay, so the ETag keeps increasing).
    PayloadBinary          BLOB    NULL,
    -- Informational: when the row was last written, milliseconds since the Unix epoch, UTC.
    ModifiedOn             INTEGER NOT NULL,
    -- The ETag: 1 on insert, +1 on every write or clear.
    Version                INTEGER NOT NULL
) STRICT;

-- The grain identity, unique. SQLite treats NULLs as distinct in a unique index, so the extension enters twice:
-- as IFNULL(...,'') to make NULL collide with NULL, and as "IS NULL" to keep NULL apart from ''.
-- It also serves every point query below (they filter on its leading hash columns).
CREATE UNIQUE INDEX UX_OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString,
    IFNULL(GrainIdExtensionString, ''), (GrainIdExtensionString IS NULL)
);

-- Scans of all states of one grain type in one service (the read model is rebuilt from these rows).
CREATE INDEX IX_OrleansStorage_Type ON OrleansStorage (ServiceId, GrainTypeString);

-- Read: at most one row thanks to the unique index. "IS" is SQLite's NULL-safe equality.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
LIMIT 1;
');

-- Write: three statements, each atomic on its own, and at most one of them returns a row.
--  1. With an ETag: update only if the stored version still equals it; returns the new version, or nothing
--     (nothing + an ETag = conflict).
--  2. Without an ETag: insert version 1 unless the grain already has a row (the unique index decides, so two
--     racing inserts cannot both succeed); returns 1, or nothing.
--  3. Without an ETag and nothing inserted by statement 2 (changes() is per connection, so other writers cannot
--     disturb it): return one NULL row, which Orleans treats as a conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary,
    ModifiedOn = CAST(ROUND((julianday(''now'') - 2440587.5) * 86400000.0) AS INTEGER),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

INSERT INTO OrleansStorage
    (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
     PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId,
       @PayloadBinary, CAST(ROUND((julianday(''now'') - 2440587.5) * 86400000.0) AS INTEGER), 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;

SELECT NULL AS NewGrainStateVersion
WHERE @GrainStateVersion IS NULL AND changes() = 0;
');

-- Clear (DeleteStateOnClear = false): keep the row, drop the payload, bump the version.
-- No row back = the ETag was stale = conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = CAST(ROUND((julianday(''now'') - 2440587.5) * 86400000.0) AS INTEGER),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
');

-- Clear with DeleteStateOnClear = true: remove the row. Orleans expects "deleted version + 1" back (anything
-- but the ETag it sent); no row back = stale ETag = conflict. The next write then inserts version 1 again.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
');
