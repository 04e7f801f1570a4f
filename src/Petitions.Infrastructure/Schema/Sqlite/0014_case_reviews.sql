-- 复查 / 复核 (review and re-review) in the read model: one row per review request of a case, with its level (Review |
-- ReReview), the unit that reviews it, when it was asked, and its outcome (Upheld | Changed | SetAside; NULL while
-- open) with the decision's instant. The review statistics count these rows; a case's projection (or a read-model
-- rebuild) rewrites them.
CREATE TABLE case_review (
    case_no TEXT NOT NULL,
    review_no INTEGER NOT NULL,
    level TEXT NOT NULL,
    reviewing_unit TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    outcome TEXT NULL,
    decided_at INTEGER NULL,
    PRIMARY KEY (case_no, review_no)
);
CREATE INDEX ix_case_review_unit ON case_review (reviewing_unit, level);
