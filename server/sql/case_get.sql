-- One case, by id or by case number, if the caller's center may see it, with its parties: one
-- row per party in the order given (the case columns repeated; one row with NULL party columns
-- when it has none), so that a case read is one round trip. The center and the mediator are
-- sub-selects: joined, the generic plan hashed the whole mediators table on every read.
-- $1 id (or NULL), $2 case number (or NULL), $3 caller center_id (NULL: every center)
SELECT c.id, c.center_id, (SELECT ce.code FROM centers ce WHERE ce.id = c.center_id), c.case_no,
       c.status::text, c.dispute_type::text, c.source::text, c.community_id, c.summary, c.claims, c.occurred_on::text,
       c.risk_level::text, c.channel::text, c.mediator_id,
       to_char(c.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(c.paused_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       c.extended_days,
       to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       c.outcome::text, c.outcome_note, c.referred_to, c.prevented_escalation,
       c.prevented_mass_petition, c.decline_reason, c.referral_advice, c.external_system,
       c.external_id, c.version,
       to_char(c.return_visit_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       c.return_visit_note, c.performance::text, c.judicial_confirmation,
       (c.status IN ('accepted', 'assigned', 'in_mediation') AND c.paused_at IS NULL
        AND c.due_at < now()) AS overdue,
       a.amount_fen, a.form::text, a.signed_on::text, a.terms, a.performance_method,
       a.perform_by::text, (SELECT m.user_id FROM mediators m WHERE m.id = c.mediator_id),
       p.id, p.role::text, p.kind::text, p.name, p.id_number, p.phone, p.address
FROM cases c
LEFT JOIN agreements a ON a.case_id = c.id
LEFT JOIN parties p ON p.case_id = c.id
-- one primary-key lookup whichever is given, so that the generic plan is as good as a custom one
-- and the statement is not planned again on every call (as "c.id = $1 OR c.case_no = $2" was)
WHERE c.id = coalesce($1::bigint, (SELECT k.id FROM cases k WHERE k.case_no = $2))
  AND ($3::integer IS NULL OR c.center_id = $3)
ORDER BY p.position
