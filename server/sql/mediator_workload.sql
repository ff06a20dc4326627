-- A mediator's workload: capacity, open (assigned + in_mediation) and overdue open cases (due and
-- not paused), cases by status, and cases closed in the last 30 days. No row: no such mediator
-- for the caller.
-- $1 mediator id, $2 caller center_id (NULL: every center)
SELECT m.id, m.max_open_cases,
       count(k.id) FILTER (WHERE k.status IN ('assigned', 'in_mediation')),
       count(k.id) FILTER (WHERE k.status IN ('assigned', 'in_mediation') AND k.due_at < now()
                                 AND k.paused_at IS NULL),
       count(k.id) FILTER (WHERE k.status = 'received'),
       count(k.id) FILTER (WHERE k.status = 'accepted'),
       count(k.id) FILTER (WHERE k.status = 'declined'),
       count(k.id) FILTER (WHERE k.status = 'assigned'),
       count(k.id) FILTER (WHERE k.status = 'in_mediation'),
       count(k.id) FILTER (WHERE k.status = 'closed'),
       count(k.id) FILTER (WHERE k.status = 'closed' AND k.closed_at > now() - interval '30 days')
FROM mediators m
LEFT JOIN cases k ON k.mediator_id = m.id
WHERE m.id = $1 AND ($2::integer IS NULL OR m.center_id = $2)
GROUP BY m.id
