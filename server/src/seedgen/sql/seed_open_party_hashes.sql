-- Seed: the keyed hashes of the parties of the seed's open cases, for the duplicate check
-- (migration 0011; the bulk load skips the trigger that adds them one party at a time).
-- $1 first case id, $2 last case id
INSERT INTO open_party_hashes (center_id, hash, case_id)
SELECT DISTINCT c.center_id, h.hash, c.id
FROM cases c JOIN parties p ON p.case_id = c.id
CROSS JOIN LATERAL unnest(ARRAY[p.id_hash, p.phone_hash]) AS h(hash)
WHERE c.id BETWEEN $1 AND $2 AND p.case_id BETWEEN $1 AND $2 AND h.hash IS NOT NULL
  AND c.status IN ('received', 'accepted', 'assigned', 'in_mediation')
ON CONFLICT DO NOTHING
