-- The change feed (migration 0018): events after a position (xid, id), in that order, of
-- transactions that have ended only: below feed_horizon(), under which every transaction of this
-- database has ended, so that no event can commit later at a position before the ones returned.
-- The first two columns of every row are that horizon and whether some visible event after the
-- position is still at or above it (committed, but held back: readable once the horizon passes
-- it); when no event qualifies there is one row with only them (the others NULL).
-- $1 center_id (NULL: every center), $2 after xid (xid8 as text; '0' from the beginning),
-- $3 after id, $4 limit, $5 types (text[]; NULL: every type), $6 case_id (NULL: every case)
WITH s AS (
    SELECT feed_horizon() AS horizon
), page AS (
    SELECT f.id, f.xid, f.type, f.case_id, f.case_no, f.status, f.version, f.occurred_at, f.data
    FROM feed_events f
    WHERE (f.xid, f.id) > ($2::xid8, $3::bigint)
      AND f.xid < (SELECT horizon FROM s)
      AND ($1::integer IS NULL OR f.center_id = $1::integer)
      AND ($5::text[] IS NULL OR f.type = ANY ($5::text[]))
      AND ($6::bigint IS NULL OR f.case_id = $6::bigint)
    ORDER BY f.xid, f.id
    LIMIT $4::integer
)
SELECT s.horizon::text,
       EXISTS (SELECT 1 FROM feed_events h
               WHERE h.xid >= s.horizon AND (h.xid, h.id) > ($2::xid8, $3::bigint)),
       p.id, p.xid::text, p.type, p.case_id, p.case_no, p.status::text,
       p.version,
       to_char(p.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), p.data::text
FROM s LEFT JOIN page p ON true
ORDER BY p.xid, p.id
