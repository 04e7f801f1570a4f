-- Orleans ADO.NET schema on PostgreSQL (Npgsql; Orleans invariant "Npgsql"): grain storage, clustering
-- (membership) and reminders.
--
-- Written for this project against the contracts of Microsoft.Orleans.Persistence.AdoNet,
-- Clustering.AdoNet and Reminders.AdoNet 10.4.2. The providers load their query texts from OrleansQuery by key
-- at start, fill in parameters by name (@Name, rewritten by Npgsql) and read result columns by name.
-- Identifiers are unquoted, so PostgreSQL folds them to lower case; Orleans' own queries on these tables are
-- unquoted too, and Npgsql matches result column names case-insensitively.
--
-- Every query is ONE statement (data-modifying CTEs where several rows change), so it is atomic on its own in
-- autocommit mode: nothing can fail halfway, and no query depends on plpgsql (or on ASSERT being enabled).
--
-- The migrator runs this file once, inside its own transaction, as one command text without parameters.
-- Instants written by this schema (ModifiedOn) follow the project's convention: BIGINT milliseconds since the
-- Unix epoch (UTC). Membership and reminder times are timestamptz because Orleans reads them as DateTime.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

------------------------------------------------------------------------------------------------------------------
-- Grain storage
--
-- Contract (10.4.2): keys WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and DeleteStorageKey (the last
-- one is needed for DeleteStateOnClear = true). Parameters @GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash
-- @GrainTypeString @GrainIdExtensionString @ServiceId (+ @GrainStateVersion, + @PayloadBinary for write).
-- Read returns PayloadBinary, Version; write/clear/delete return NewGrainStateVersion. Orleans takes
-- SingleOrDefault() of the rows, and throws InconsistentStateException when the returned version equals the
-- ETag it sent, when the returned version is NULL, or when no row comes back although it sent an ETag.
------------------------------------------------------------------------------------------------------------------

-- For a string-keyed grain GrainIdN0 = GrainIdN1 = 0 and the string key is in GrainIdExtensionString; for
-- integer/Guid keys the extension is NULL unless the key is compound.
CREATE TABLE OrleansStorage
(
    GrainIdHash            integer NOT NULL,
    GrainIdN0              bigint  NOT NULL,
    GrainIdN1              bigint  NOT NULL,
    GrainTypeHash          integer NOT NULL,
    GrainTypeString        text    NOT NULL,
    GrainIdExtensionString text    NULL,
    ServiceId              text    NOT NULL,
    -- NULL after ClearStateAsync (the row and its version stay, so the ETag keeps increasing).
    PayloadBinary          bytea   NULL,
    -- Informational: when the row was last written, milliseconds since the Unix epoch, UTC.
    ModifiedOn             bigint  NOT NULL,
    -- The ETag: 1 on insert, +1 on every write or clear.
    Version                integer NOT NULL
);

-- The grain identity, unique (NULLS NOT DISTINCT, PostgreSQL 15+: two NULL extensions are the same grain), so
-- two inserts of one grain cannot both succeed. It also serves every point query below.
CREATE UNIQUE INDEX ux_orleansstorage_grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

-- Scans of all states of one grain type in one service (the read model is rebuilt from these rows).
CREATE INDEX ix_orleansstorage_type ON OrleansStorage (ServiceId, GrainTypeString);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
');

-- Write, one statement: with an ETag the UPDATE applies only if the stored version still equals it; without an
-- ETag the INSERT creates version 1 unless the grain already has a row (the unique index decides, even for two
-- racing inserts: the loser waits for the winner, then does nothing). Exactly one row comes back: the new
-- version, or NULL when neither applied, which Orleans reports as a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
         PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
           @ServiceId, @PayloadBinary, (extract(epoch FROM clock_timestamp()) * 1000)::bigint, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM inserted) AS NewGrainStateVersion
');

-- Clear (DeleteStateOnClear = false): keep the row, drop the payload, bump the version.
-- No row back = the ETag was stale = conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion
');

-- Clear with DeleteStateOnClear = true: remove the row. Orleans expects "deleted version + 1" back (anything
-- but the ETag it sent); no row back = stale ETag = conflict. The next write then inserts version 1 again.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion
');

------------------------------------------------------------------------------------------------------------------
-- Clustering (membership)
--
-- Contract (10.4.2): required keys UpdateIAmAlivetimeKey, InsertMembershipVersionKey, InsertMembershipKey,
-- UpdateMembershipKey, MembershipReadRowKey, MembershipReadAllKey, DeleteMembershipTableEntriesKey,
-- GatewaysQueryKey, CleanupDefunctSiloEntriesKey (a missing one fails silo start), plus the optional
-- CleanupDefunctSiloEntryKey: when present, 10.4.2 reads all rows itself, picks the Dead ones older than the
-- cut-off, and deletes each with this query only if the row is still exactly as it read it; the older
-- CleanupDefunctSiloEntriesKey is then not used. DeploymentId is the ClusterId.
--
-- The version row is the table's ETag: every insert or update of a membership row must carry the version the
-- silo read (@Version) and bumps it, and returns one row whose single column is > 0 on success, 0 otherwise.
-- Heartbeats (UpdateIAmAlivetimeKey) do not bump it.
------------------------------------------------------------------------------------------------------------------

CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation). Status is Orleans' SiloStatus (3 = Active,
-- 6 = Dead). SuspectTimes is Orleans' own text: "silo,time|silo,time".
CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL
        REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Returns one row: 1 if this call created the version row, 0 if it existed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS RowsInserted FROM inserted
');

-- Insert a silo row if the table version is still @Version and the row does not exist; bump the version.
-- Every membership write bumps the version row, so the version check (re-evaluated on the locked, newest row
-- when writers race) serializes them: if it passes, nobody changed the table since the caller read it.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId AND Version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port
            AND Generation = @Generation)
    RETURNING DeploymentId
), inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT count(*)::integer AS RowsInserted FROM inserted
');

-- Update a silo row if the table version is still @Version; bump the version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = @DeploymentId AND Version = @Version
      AND EXISTS (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port
            AND Generation = @Generation)
    RETURNING DeploymentId
), updated AS (
    UPDATE OrleansMembershipTable m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address AND m.Port = @Port
      AND m.Generation = @Generation
    RETURNING 1
)
SELECT count(*)::integer AS RowsUpdated FROM updated
');

-- Heartbeat: liveness only, no version bump (Orleans does not check the result).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
');

-- Reads: always at least one row (the version row, LEFT JOINed), because Orleans takes the table version from
-- the first row; a row without StartTime means "no silo row".
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId
');

-- Gateways for clients: @Status is 3 (Active).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
');

-- Removes the whole cluster (tests, tooling). The version row delete cascades to the silo rows.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId
');

-- Legacy bulk cleanup (used by 10.4.2 only when CleanupDefunctSiloEntryKey is absent, but required to exist):
-- Dead rows that neither started nor heartbeated since the cut-off.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6
  AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
');

-- Per-row cleanup: delete one Dead row only if it is still exactly what the silo read (no concurrent change).
-- The timestamps come back as read from this table, so equality is exact.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6 AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
  AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes
');

------------------------------------------------------------------------------------------------------------------
-- Reminders
--
-- Contract (10.4.2): keys ReadReminderRowsKey, ReadRangeRows1Key, ReadRangeRows2Key, ReadReminderRowKey,
-- UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey. Parameters @ServiceId @GrainId
-- @ReminderName @StartTime @Period (milliseconds) @GrainHash @BeginHash @EndHash @Version; rows are read as
-- GrainId, ReminderName, StartTime, Period (read as Int64), Version. Hashes are unsigned in Orleans and passed
-- as signed integers; range 1 is used when BeginHash < EndHash as signed values, range 2 (wrap-around) otherwise.
------------------------------------------------------------------------------------------------------------------

CREATE TABLE OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      text         NOT NULL,
    ReminderName text         NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- The reminder service of each silo reads the hash range it owns.
CREATE INDEX ix_orleansreminderstable_hash ON OrleansRemindersTable (ServiceId, GrainHash);

-- Returns the new version (0 for a new reminder).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
    Version = OrleansRemindersTable.Version + 1
RETURNING Version
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
');

-- Returns one row: 1 if the reminder with that version was deleted, 0 otherwise.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS RowsDeleted FROM deleted
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
');
