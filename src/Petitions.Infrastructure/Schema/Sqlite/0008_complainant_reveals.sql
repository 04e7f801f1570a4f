-- The reveal log: every time someone saw a complainant in clear (who, when, which case, why), for auditors.
-- Append-only, projected from the case's timeline; it never holds the identity itself.
CREATE TABLE complainant_reveals
(
    case_no     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    revealed_at BIGINT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    reason      TEXT NULL,
    PRIMARY KEY (case_no, seq)
);

CREATE INDEX ix_complainant_reveals_at ON complainant_reveals (revealed_at);
CREATE INDEX ix_complainant_reveals_actor ON complainant_reveals (actor_id, revealed_at);
