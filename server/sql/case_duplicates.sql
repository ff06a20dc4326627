-- Open cases of the center that share a party with this case (same ID-number hash or phone hash).
-- $1 case_id, $2 center_id
SELECT DISTINCT c.id, c.case_no, c.status::text
FROM parties np
JOIN parties p ON p.case_id <> np.case_id
              AND (p.id_hash = np.id_hash OR p.phone_hash = np.phone_hash)
JOIN cases c ON c.id = p.case_id
WHERE np.case_id = $1 AND c.center_id = $2
  AND c.status IN ('received', 'accepted', 'assigned', 'in_mediation')
ORDER BY c.id
LIMIT 20
