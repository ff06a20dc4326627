-- A mediator's capacity and open cases (assigned, in mediation) other than the given case, the
-- mediator's row locked so that two assignments to one mediator count each other. No row: no
-- such mediator in the case's center.
-- $1 mediator_id, $2 case_id (not counted: a reassignment to the same mediator is refused
-- earlier anyway)
SELECT m.max_open_cases,
       (SELECT count(*) FROM cases k
        WHERE k.mediator_id = m.id AND k.status IN ('assigned', 'in_mediation') AND k.id <> $2)
FROM mediators m
WHERE m.id = $1 AND m.center_id = (SELECT center_id FROM cases WHERE id = $2)
FOR UPDATE OF m
