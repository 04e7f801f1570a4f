-- Indexes for the read side (lists, statistics, trend, problem list); 0002 already covers lead unit, round/batch,
-- open/due, received, subject, repeat_of, case_unit by unit and case_category by category.

-- Trend: cases closed per week (a range on closed_at).
CREATE INDEX ix_case_index_closed ON case_index (closed_at);

-- The list filtered by status, newest first (the most common work list).
CREATE INDEX ix_case_index_status_received ON case_index (status, received_at);

-- Problem list: each arm of its OR has an index (with ix_case_index_open_due for open cases), and the flagged
-- rows are few, so partial indexes keep them small.
CREATE INDEX ix_case_index_problem ON case_index (on_problem_list) WHERE on_problem_list = 1;
CREATE INDEX ix_case_index_dissatisfied ON case_index (satisfaction) WHERE satisfaction = 'Dissatisfied';
CREATE INDEX ix_case_index_repeated ON case_index (is_open) WHERE repeat_count > 0 OR is_repeat = 1;
