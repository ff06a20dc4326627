-- Seed: for each dispute type and risk level (their enum positions, from 0), the days to conclude
-- a case (the center's policy for the type, else its policy for any type, else 30/20/10/3 by
-- risk) and the active mediators of the center whose specialties cover the type (else every
-- active mediator), ascending, as an array literal such as {3,7,12}.
-- $1 center_id
SELECT t.i - 1, r.i - 1,
       coalesce((SELECT p.days FROM deadline_policies p
                 WHERE p.center_id = $1 AND p.dispute_type = t.t AND p.risk_level = r.r),
                (SELECT p.days FROM deadline_policies p
                 WHERE p.center_id = $1 AND p.dispute_type IS NULL AND p.risk_level = r.r),
                CASE r.r WHEN 'none' THEN 30 WHEN 'yellow' THEN 20 WHEN 'orange' THEN 10
                         ELSE 3 END),
       coalesce((SELECT array_agg(m.id ORDER BY m.id) FROM mediators m
                 WHERE m.center_id = $1 AND m.active AND t.t = ANY (m.specialties)),
                (SELECT array_agg(m.id ORDER BY m.id) FROM mediators m
                 WHERE m.center_id = $1 AND m.active))::text
FROM unnest(enum_range(NULL::dispute_type)) WITH ORDINALITY AS t(t, i),
     unnest(enum_range(NULL::risk_level)) WITH ORDINALITY AS r(r, i)
ORDER BY 1, 2
