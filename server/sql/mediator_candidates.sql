-- A case (visible to the caller) and the active mediators of its center, with what ranking them
-- needs: whether the case's dispute type is among their specialties and their open cases
-- (assigned + in_mediation). No row: no such case for the caller; one row with a NULL mediator:
-- the center has no active mediator.
-- $1 case id, $2 caller center_id (NULL: every center)
WITH k AS (
    SELECT id, center_id, dispute_type, channel FROM cases
    WHERE id = $1 AND ($2::integer IS NULL OR center_id = $2)
)
SELECT k.dispute_type::text, k.channel::text, m.id, m.name, m.organization, m.channel::text,
       k.dispute_type = ANY (m.specialties), m.max_open_cases,
       (SELECT count(*) FROM cases c
        WHERE c.mediator_id = m.id AND c.status IN ('assigned', 'in_mediation'))
FROM k
LEFT JOIN mediators m ON m.center_id = k.center_id AND m.active
ORDER BY m.id
