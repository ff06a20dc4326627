-- The parties of a case, in the order they were given.
-- $1 case_id
SELECT id, role::text, kind::text, name, id_number, phone, address
FROM parties WHERE case_id = $1 ORDER BY position
