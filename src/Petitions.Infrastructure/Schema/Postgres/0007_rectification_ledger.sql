-- The rectification ledger (整改任务台账): plans and tasks projected from their grains with a version guard,
-- each task's status history (for "as of a date" questions) and its links to petition cases.
CREATE TABLE rectification_plans
(
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    owner_unit  TEXT NOT NULL,
    round_code  TEXT NOT NULL,
    as_of       TEXT NULL,
    task_count  INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE rectification_tasks
(
    id                    TEXT PRIMARY KEY,
    plan_code             TEXT NOT NULL,
    seq                   INTEGER NOT NULL,
    number                TEXT NOT NULL,
    problem               TEXT NOT NULL,
    deadline_text         TEXT NULL,
    deadline_date         TEXT NULL,
    lead_unit             TEXT NOT NULL,
    units                 TEXT NOT NULL,
    leader                TEXT NULL,
    report_every_months   INTEGER NOT NULL,
    awaiting_verification INTEGER NOT NULL,
    linked_cases          INTEGER NOT NULL,
    measure_count         INTEGER NOT NULL,
    measures              TEXT NOT NULL,
    current_status        TEXT NOT NULL,
    current_as_of         TEXT NOT NULL,
    version               INTEGER NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX ix_rectification_tasks_plan ON rectification_tasks (plan_code, seq);

CREATE TABLE rectification_task_status
(
    task_id    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    as_of      TEXT NOT NULL,
    status     TEXT NOT NULL,
    written    TEXT NOT NULL,
    PRIMARY KEY (task_id, seq)
);

CREATE TABLE rectification_task_cases
(
    task_id    TEXT NOT NULL,
    case_no    TEXT NOT NULL,
    PRIMARY KEY (task_id, case_no)
);
CREATE INDEX ix_rectification_task_cases_case ON rectification_task_cases (case_no);
