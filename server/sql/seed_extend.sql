-- Seed: deadline extensions for some cases in mediation, with both parties' consent, each kept
-- in deadline_changes.
-- $1 actor name
WITH changed AS (
    UPDATE cases c
    SET due_at = c.due_at + make_interval(days => p.extension_days),
        extended_days = c.extended_days + p.extension_days, version = c.version + 1
    FROM seed_plan p
    WHERE c.id = p.id AND p.extended_at IS NOT NULL
    RETURNING c.id, c.due_at, p.extension_days, p.extended_at
)
INSERT INTO deadline_changes (case_id, kind, days, reason, applicant_consent, respondent_consent,
                              due_before, due_after, at, actor)
SELECT id, 'extend', extension_days, '案情复杂，需进一步调查取证，经双方当事人同意延长调解期限', true,
       true, due_at - make_interval(days => extension_days), due_at, extended_at, $1
FROM changed
