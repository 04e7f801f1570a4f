-- Look-back reviews (回头看): a deterministic sample of closed cases, and what each review found.
-- The finding itself is also a case command (on the case's timeline; a failed one reopens the case).
CREATE TABLE look_back_reviews
(
    id          TEXT PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    unit_code   TEXT NULL,
    round_code  TEXT NULL,
    percentage  INTEGER NOT NULL,
    seed        INTEGER NOT NULL,
    note        TEXT NULL,
    population  INTEGER NOT NULL
);

CREATE TABLE look_back_cases
(
    review_id   TEXT NOT NULL,
    case_no     TEXT NOT NULL,
    held        INTEGER NULL,
    note        TEXT NULL,
    recorded_at BIGINT NULL,
    recorded_by TEXT NULL,
    PRIMARY KEY (review_id, case_no)
);
