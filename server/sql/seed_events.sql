-- Seed: the audit trail of the seeded cases, one event per step with the action names and the
-- after documents that the API writes (intake, risk.red, accept, decline, assign, the first
-- session, deadline, close), dated when the step happened, in time order.
-- $1 actor name
INSERT INTO case_events (case_id, center_id, at, actor, action, from_status, to_status, after,
                         reason)
SELECT p.id, p.center_id, e.at, $1, e.action, e.from_status, e.to_status, e.after, e.reason
FROM seed_plan p
JOIN cases c ON c.id = p.id
CROSS JOIN LATERAL (VALUES
    (p.received_at, 'intake', NULL::case_status, 'received'::case_status,
     jsonb_build_object('case_no', c.case_no, 'dispute_type', p.dispute_type,
                        'source', p.source, 'risk_level', p.risk_level,
                        'community_id', p.community_id, 'parties', p.party_count),
     NULL::text),
    (CASE WHEN p.risk_level = 'red' THEN p.received_at END, 'risk.red', NULL, NULL,
     '{"risk_level": "red"}'::jsonb, 'red risk at intake'),
    (p.accepted_at, 'accept', 'received', 'accepted',
     jsonb_build_object('deadline_days', extract(day FROM p.due_at - p.accepted_at)::int), NULL),
    (p.declined_at, 'decline', 'received', 'declined', NULL, c.decline_reason),
    (p.assigned_at, 'assign', 'accepted', 'assigned',
     jsonb_build_object('mediator_id', p.mediator_id, 'previous_mediator_id', 0,
                        'channel', c.channel), NULL),
    (p.session_at, 'session', 'assigned', 'in_mediation',
     jsonb_build_object('held_at', p.session_at), NULL),
    (p.extended_at, 'deadline', 'in_mediation', 'in_mediation',
     jsonb_build_object('kind', 'extend', 'days', p.extension_days), '经双方当事人同意延长调解期限'),
    (p.closed_at, 'close',
     CASE WHEN p.session_at IS NOT NULL THEN 'in_mediation'
          WHEN p.assigned_at IS NOT NULL THEN 'assigned'
          WHEN p.accepted_at IS NOT NULL THEN 'accepted' ELSE 'received' END::case_status,
     'closed',
     jsonb_build_object('outcome', p.outcome,
                        'agreement_amount', CASE WHEN p.outcome = 'resolved'
                                                 THEN (p.amount_fen / 100) || '.'
                                                      || lpad((p.amount_fen % 100)::text, 2, '0')
                                            END,
                        'prevented_escalation', c.prevented_escalation,
                        'prevented_mass_petition', c.prevented_mass_petition), NULL)
) AS e(at, action, from_status, to_status, after, reason)
WHERE e.at IS NOT NULL
ORDER BY e.at, p.id
