-- Notifications (站内提醒): one row per notice and recipient. The id is derived from (kind, case, reference, recipient),
-- so a trigger seen again (a replayed projection, the next deadline scan, another silo, a restart) adds nothing.
-- A notice names the case, its kind, the unit and the deadline only: never the complainant.
CREATE TABLE notifications
(
    id         TEXT NOT NULL PRIMARY KEY,
    recipient  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    case_no    TEXT NOT NULL,
    ref        TEXT NOT NULL,
    unit_code  TEXT NOT NULL,
    due_at     BIGINT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT NULL
);
CREATE INDEX ix_notifications_recipient ON notifications (recipient, created_at);

-- The outbox: each notice once per sending channel (log, e-mail, SMS), retried with backoff until sent or given up.
CREATE TABLE notification_outbox
(
    notification_id TEXT NOT NULL,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NULL,
    last_error      TEXT NULL,
    sent_at         BIGINT NULL,
    PRIMARY KEY (notification_id, channel)
);
CREATE INDEX ix_notification_outbox_due ON notification_outbox (status, next_attempt_at);

-- Every sending attempt, kept for the record (the outbox row holds only the latest).
CREATE TABLE notification_attempts
(
    notification_id TEXT NOT NULL,
    channel         TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    attempted_at    BIGINT NOT NULL,
    succeeded       INTEGER NOT NULL,
    error           TEXT NULL,
    PRIMARY KEY (notification_id, channel, attempt)
);
