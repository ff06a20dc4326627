-- Seed: closes the planned cases with their outcome (from received: withdrawn; from accepted or
-- assigned: withdrawn or referred; from in_mediation: any), the notes an outcome needs, the
-- prevented criminal escalations (mostly among risky cases) and mass petitions, and for some
-- resolved cases the follow-up: return visit, performance, judicial confirmation.
-- $1 seed (bigint)
UPDATE cases c
SET status = 'closed', outcome = p.outcome, closed_at = p.closed_at, paused_at = NULL,
    outcome_note = CASE p.outcome
        WHEN 'resolved' THEN '经调解，双方自愿达成协议。'
        WHEN 'failed' THEN '双方分歧较大，调解不成，已告知当事人通过诉讼途径解决。'
        WHEN 'terminated' THEN CASE WHEN seed_u($1, p.n, 70) < 0.5 THEN '一方当事人拒绝继续调解，终止调解。'
                                    ELSE '调解期限届满未能达成协议，终止调解。' END
        WHEN 'withdrawn' THEN '申请人撤回调解申请。'
        ELSE '纠纷涉及事项超出调解范围，依法移送。' END,
    referred_to = CASE WHEN p.outcome = 'referred' THEN
        (ARRAY['区人民法院', '辖区派出所', '区劳动人事争议仲裁委员会', '区住房和城乡建设局',
               '区市场监督管理局'])[1 + floor(5 * seed_u($1, p.n, 71))::int] END,
    prevented_escalation = p.outcome = 'resolved'
        AND seed_u($1, p.n, 72) < CASE p.risk_level WHEN 'red' THEN 0.6 WHEN 'orange' THEN 0.3
                                                    WHEN 'yellow' THEN 0.1 ELSE 0.01 END,
    prevented_mass_petition = p.outcome = 'resolved'
        AND seed_u($1, p.n, 73) < CASE WHEN p.dispute_type IN ('land_requisition', 'labor',
                                                               'environment', 'property_management')
                                       THEN 0.05 ELSE 0.003 END,
    return_visit_at = p.return_visit_at,
    return_visit_note = CASE WHEN p.return_visit_at IS NOT NULL THEN '电话回访，当事人对调解结果表示满意。' END,
    performance = CASE WHEN p.return_visit_at IS NOT NULL THEN
        ('{fulfilled,partial,breached}'::performance[])
            [width_bucket(seed_u($1, p.n, 74), ARRAY[0, .85, .95])] END,
    judicial_confirmation = p.return_visit_at IS NOT NULL AND seed_u($1, p.n, 75) < 0.15,
    version = c.version + 1
FROM seed_plan p
WHERE c.id = p.id AND p.closed_at IS NOT NULL
