-- Registers a case: takes the next number of its center and year (in the center's time zone)
-- from that year's sequence (migration 0011: no lock, a gap when the transaction fails) and
-- inserts the case and its search text, if the community belongs to the center. No row: the
-- community is not the center's.
-- $1 center_id, $2 dispute_type, $3 source, $4 community_id, $5 summary, $6 claims,
-- $7 occurred_on (date or NULL), $8 risk_level, $9 external system, $10 external id,
-- $11 search text
WITH center AS (
    SELECT c.id, c.code, extract(year FROM now() AT TIME ZONE c.time_zone)::int AS year
    FROM centers c
    WHERE c.id = $1 AND EXISTS (SELECT 1 FROM communities m WHERE m.id = $4 AND m.center_id = c.id)
), new_case AS (
    INSERT INTO cases (center_id, case_no, dispute_type, source, community_id, summary, claims,
                       occurred_on, risk_level, external_system, external_id)
    SELECT c.id, c.code || '-' || c.year || '-' ||
               CASE WHEN k.seq < 1000000 THEN lpad(k.seq::text, 6, '0') ELSE k.seq::text END,
           $2::dispute_type, $3::case_source, $4, $5, $6, $7::date, $8::risk_level, $9, $10
    FROM center c CROSS JOIN LATERAL (SELECT case_number_reserve(c.id, c.year) AS seq) k
    RETURNING id
), search AS (
    INSERT INTO case_search (case_id, search_text) SELECT id, $11 FROM new_case
)
SELECT id FROM new_case
