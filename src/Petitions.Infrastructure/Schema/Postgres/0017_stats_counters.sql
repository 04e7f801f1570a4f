-- Statistics counters: per scope (lead unit, round, batch, category, China day received), the counted measures of the
-- cases in that scope. The projector adds each case row's change to them in the transaction that writes the row
-- (old row out, new row in), so a statistics query reads O(scopes) rows, never the cases.
--   round_code ''  = no round (routine petitions); batch_no -1 = no batch;
--   category   ''  = every case of the scope once (a case with two categories also counts once in each category's row);
--   received_day 0 = all days (else the China date received as a day number, DateOnly.DayNumber).
-- Filled for existing data at start-up (meta 'stats.counters'); POST /api/admin/stats/rebuild recounts and reports.
CREATE TABLE stats_counter
(
    lead_unit          TEXT    NOT NULL,
    round_code         TEXT    NOT NULL,
    batch_no           INTEGER NOT NULL,
    category           TEXT    NOT NULL,
    received_day       INTEGER NOT NULL,
    not_accepted       BIGINT  NOT NULL DEFAULT 0,
    diverted           BIGINT  NOT NULL DEFAULT 0,
    total              BIGINT  NOT NULL DEFAULT 0,
    closed             BIGINT  NOT NULL DEFAULT 0,
    closed_final       BIGINT  NOT NULL DEFAULT 0,
    closed_stage       BIGINT  NOT NULL DEFAULT 0,
    open               BIGINT  NOT NULL DEFAULT 0,
    closed_on_time     BIGINT  NOT NULL DEFAULT 0,
    repeats            BIGINT  NOT NULL DEFAULT 0,
    repeat_cases       BIGINT  NOT NULL DEFAULT 0,
    dissatisfied       BIGINT  NOT NULL DEFAULT 0,
    answered_callbacks BIGINT  NOT NULL DEFAULT 0,
    satisfied          BIGINT  NOT NULL DEFAULT 0,
    with_verdict       BIGINT  NOT NULL DEFAULT 0,
    substantiated      BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (received_day, category, lead_unit, round_code, batch_no)
);

-- Cases per scope and day, for what depends on a day rather than on the scope alone:
--   kind 'due':    open cases by the UTC day of their deadline (due_at / 86400000): overdue now = the open cases of
--                  earlier days plus a range count on case_index's (is_open, due_at) index for today;
--   kind 'closed': closed cases by the China day they closed (the trend's weekly closed counts).
-- Rows that reach 0 are deleted.
CREATE TABLE stats_day_counter
(
    kind       TEXT    NOT NULL,
    lead_unit  TEXT    NOT NULL,
    round_code TEXT    NOT NULL,
    batch_no   INTEGER NOT NULL,
    category   TEXT    NOT NULL,
    day        INTEGER NOT NULL,
    cases      BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, category, day, lead_unit, round_code, batch_no)
);
