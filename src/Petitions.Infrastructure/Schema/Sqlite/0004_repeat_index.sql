-- Near-match index for repeat detection: every complaint subject (normalised target within a region) once, and
-- the character bigrams of targets (kind 'T', ref = subject key) and of case addresses (kind 'A', ref = case
-- number), so that similar subjects are found by bigram lookups, never by scanning cases.
CREATE TABLE subject_index
(
    subject_key TEXT PRIMARY KEY,
    region_code TEXT NOT NULL,
    normalized  TEXT NOT NULL,
    target      TEXT NOT NULL
);

CREATE TABLE repeat_bigram
(
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    bigram      TEXT NOT NULL,
    ref         TEXT NOT NULL,
    PRIMARY KEY (region_code, kind, bigram, ref)
) WITHOUT ROWID;
