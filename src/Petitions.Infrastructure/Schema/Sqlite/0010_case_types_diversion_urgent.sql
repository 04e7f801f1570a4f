-- Case types, diversion and urgent matters: the case's type (case_type: Suggestion | Accusation | Appeal; cases
-- registered before types existed are Accusation, as the case state reads them), the urgent matter's kind
-- (urgent_kind: Emergency | MassIncident; NULL when not urgent) with the number of upward reports recorded
-- (urgent_reports), and the body a diverted case was sent to (diverted_to: DisciplineInspection | PoliticalLegal |
-- AdministrativeReconsideration | Other; NULL unless Diverted). A case's next projection (or a read-model rebuild)
-- fills them.
ALTER TABLE case_index ADD COLUMN case_type TEXT NOT NULL DEFAULT 'Accusation';
ALTER TABLE case_index ADD COLUMN urgent_kind TEXT NULL;
ALTER TABLE case_index ADD COLUMN urgent_reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_index ADD COLUMN diverted_to TEXT NULL;
CREATE INDEX ix_case_index_urgent ON case_index (is_open, received_at) WHERE urgent_kind IS NOT NULL;
CREATE INDEX ix_case_index_type ON case_index (case_type, received_at);
