-- Seed: the deadline extensions of the planned cases in mediation, with both parties' consent,
-- each kept in deadline_changes (seed_cases inserts the case with its extended deadline).
-- $1 actor name
INSERT INTO deadline_changes (case_id, kind, days, reason, applicant_consent, respondent_consent,
                              due_before, due_after, at, actor)
SELECT p.id, 'extend', p.extension_days,
       '案情复杂，需进一步调查取证，经双方当事人同意延长调解期限', true, true, p.due_at,
       p.due_at + make_interval(days => p.extension_days), p.extended_at, $1
FROM seed_plan p
WHERE p.extended_at IS NOT NULL
