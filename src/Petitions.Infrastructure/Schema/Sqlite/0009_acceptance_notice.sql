-- Written notices (书面告知): the acceptance decision must reach the complainant in writing within 15 days of receipt.
-- notice_due_at is that deadline (Unix ms) while no acceptance or refusal notice has been delivered, NULL once one
-- has; the lists flag and filter cases past it. Existing rows stay NULL until their case's next projection (or a
-- read-model rebuild) fills the column.
ALTER TABLE case_index ADD COLUMN notice_due_at BIGINT NULL;
CREATE INDEX ix_case_index_notice_due ON case_index (notice_due_at) WHERE notice_due_at IS NOT NULL;
