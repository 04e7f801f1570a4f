-- The repeat rule (same matter, nothing reopens by itself): a closed case that came back waits for a supervisor's
-- decision (came_back: the pending repeats' case numbers, comma-separated; NULL when none), the latest decision on
-- a case that came back (repeat_decision, on the original and its repeats), and the complainant phone's keyed hash
-- (phone_hash; never the number) so the case list can be searched by phone. Existing rows keep their values; a
-- case's next projection (or a read-model rebuild) fills the new columns.
ALTER TABLE case_index ADD COLUMN came_back TEXT NULL;
ALTER TABLE case_index ADD COLUMN repeat_decision TEXT NULL;
ALTER TABLE case_index ADD COLUMN phone_hash TEXT NULL;
CREATE INDEX ix_case_index_came_back ON case_index (received_at) WHERE came_back IS NOT NULL;
CREATE INDEX ix_case_index_phone ON case_index (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX ix_case_index_repeat_decision ON case_index (repeat_decision) WHERE repeat_decision IS NOT NULL;
