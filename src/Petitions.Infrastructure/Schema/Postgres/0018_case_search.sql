-- Text search over case number, target, description and address (the list's q): a GIN index on the distinct
-- characters and two-character grams of each lower-cased field. pg_trgm cannot serve a query of one or two
-- characters (most Chinese words are two), grams can; the index is maintained by PostgreSQL in the row's own
-- transaction, and the query's substring condition then decides exactly.
-- SET search_path FROM CURRENT: the index expression must resolve the same function during pg_restore.
CREATE FUNCTION petitions_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path FROM CURRENT
AS $$
    SELECT ARRAY(
        SELECT DISTINCT substr(t, i, n)
        FROM generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS v(n)
        WHERE i + n - 1 <= length(t))
$$;

CREATE FUNCTION petitions_case_grams(case_no text, target text, description text, address text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path FROM CURRENT
AS $$
    SELECT COALESCE(petitions_grams(lower(case_no)), '{}') || COALESCE(petitions_grams(lower(target)), '{}')
        || COALESCE(petitions_grams(lower(description)), '{}') || COALESCE(petitions_grams(lower(address)), '{}')
$$;

CREATE INDEX ix_case_index_search ON case_index USING gin (petitions_case_grams(case_no, target, description, address));
