-- The project's own tables on PostgreSQL. Instants are BIGINT milliseconds since the Unix epoch (UTC);
-- flags are INTEGER 0/1, so that the same SQL runs on SQLite and PostgreSQL.

CREATE TABLE meta
(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Secrets generated at first start (token signing key, phone hash key); replaceable by configuration.
CREATE TABLE secrets
(
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units
(
    code               TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    parent_code        TEXT NULL,
    kind               TEXT NOT NULL,
    sort_order         INTEGER NOT NULL,
    active             INTEGER NOT NULL DEFAULT 1,
    contact_person     TEXT NULL,
    contact_phone      TEXT NULL,
    responsible_person TEXT NULL,
    rectification_days INTEGER NOT NULL DEFAULT 30,
    version            INTEGER NOT NULL DEFAULT 0,
    updated_at         BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE rounds
(
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NULL,
    handling_days INTEGER NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE batches
(
    round_code     TEXT NOT NULL,
    batch_no       INTEGER NOT NULL,
    handed_over_on TEXT NOT NULL,
    note           TEXT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (round_code, batch_no)
);

CREATE TABLE users
(
    username            TEXT PRIMARY KEY,
    display_name        TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    roles               TEXT NOT NULL,
    units               TEXT NOT NULL,
    all_units           INTEGER NOT NULL DEFAULT 0,
    active              INTEGER NOT NULL DEFAULT 1,
    failed_count        INTEGER NOT NULL DEFAULT 0,
    first_failed_at     BIGINT NULL,
    locked_until        BIGINT NULL,
    language            TEXT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE security_log
(
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       BIGINT NOT NULL,
    username TEXT NOT NULL,
    event    TEXT NOT NULL,
    detail   TEXT NULL,
    remote   TEXT NULL
);
CREATE INDEX ix_security_log_at ON security_log (at);

-- The read model: one row per case, projected from the case grain with a version guard.
CREATE TABLE case_index
(
    case_no               TEXT PRIMARY KEY,
    version               INTEGER NOT NULL,
    storage_etag          TEXT NULL,
    status                TEXT NOT NULL,
    channel               TEXT NOT NULL,
    region_code           TEXT NOT NULL,
    lead_unit             TEXT NOT NULL,
    co_units              TEXT NOT NULL,
    round_code            TEXT NULL,
    batch_no              INTEGER NULL,
    external_ref          TEXT NULL,
    received_at           BIGINT NOT NULL,
    registered_at         BIGINT NOT NULL,
    accepted_at           BIGINT NULL,
    due_at                BIGINT NULL,
    is_open               INTEGER NOT NULL,
    closed_at             BIGINT NULL,
    close_kind            TEXT NULL,
    closed_on_time        INTEGER NULL,
    verdict               TEXT NULL,
    satisfaction          TEXT NULL,
    is_repeat             INTEGER NOT NULL,
    repeat_of             TEXT NULL,
    repeat_count          INTEGER NOT NULL,
    on_problem_list       INTEGER NOT NULL,
    problem_source        TEXT NULL,
    problem_reason        TEXT NULL,
    problem_target        TEXT NULL,
    problem_due_at        BIGINT NULL,
    problem_responsible   TEXT NULL,
    reopen_count          INTEGER NOT NULL,
    leader_name           TEXT NULL,
    leader_title          TEXT NULL,
    supervision_count     INTEGER NOT NULL,
    open_supervision      INTEGER NOT NULL,
    extension_status      TEXT NULL,
    categories            TEXT NOT NULL,
    target                TEXT NOT NULL,
    subject_key           TEXT NOT NULL,
    address               TEXT NULL,
    description           TEXT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX ix_case_index_lead ON case_index (lead_unit, status);
CREATE INDEX ix_case_index_round ON case_index (round_code, batch_no);
CREATE INDEX ix_case_index_open_due ON case_index (is_open, due_at);
CREATE INDEX ix_case_index_received ON case_index (received_at);
CREATE INDEX ix_case_index_subject ON case_index (subject_key);
CREATE INDEX ix_case_index_repeat_of ON case_index (repeat_of);

-- Every unit working on a case (lead and co-units), for unit filters and handler visibility.
CREATE TABLE case_unit
(
    case_no   TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    is_lead   INTEGER NOT NULL,
    PRIMARY KEY (case_no, unit_code)
);
CREATE INDEX ix_case_unit_unit ON case_unit (unit_code, case_no);

CREATE TABLE case_category
(
    case_no  TEXT NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (case_no, category)
);
CREATE INDEX ix_case_category_category ON case_category (category, case_no);
