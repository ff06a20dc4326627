-- The newest open cases of the center that share a party with this case (same ID-number hash or
-- phone hash), at most 20: one index range of open_party_hashes (migration 0011) per hash of the
-- case's parties, at most 20 rows each, however many earlier cases share it.
-- $1 case_id, $2 center_id
SELECT c.id, c.case_no, c.status::text
FROM (SELECT DISTINCT m.case_id
      FROM (SELECT DISTINCT h.hash
            FROM parties p CROSS JOIN LATERAL unnest(ARRAY[p.id_hash, p.phone_hash]) AS h(hash)
            WHERE p.case_id = $1 AND h.hash IS NOT NULL) mine
      CROSS JOIN LATERAL (
          SELECT o.case_id FROM open_party_hashes o
          WHERE o.center_id = $2 AND o.hash = mine.hash AND o.case_id <> $1
          ORDER BY o.case_id DESC
          LIMIT 20) m) d
JOIN cases c ON c.id = d.case_id
ORDER BY c.id DESC
LIMIT 20
