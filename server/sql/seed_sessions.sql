-- Seed: the session rows of the planned sample of cases that reached mediation: one to three
-- sessions between the first session date and the close (or now for open cases), by the case's
-- mediator. (The first session is what moved the case to in_mediation: seed_cases inserts it in
-- that state.)
-- $1 seed (bigint)
INSERT INTO mediation_sessions (case_id, held_at, kind, participants, notes, mediator_id,
                                created_at)
SELECT p.id, s.held_at,
       ('{in_person,phone,video}'::session_kind[])[width_bucket(seed_u($1, p.n, 60 + s.k),
                                                       ARRAY[0, .7, .9])],
       CASE WHEN p.party_count = 1 THEN '申请人' ELSE '申请人、被申请人' END
       || CASE WHEN seed_u($1, p.n, 63 + s.k) < 0.3 THEN '、社区网格员' ELSE '' END,
       (ARRAY['听取双方陈述，释法明理，双方同意继续协商。',
              '背对背分别做双方工作，缩小了分歧。',
              '组织双方面对面调解，就主要事实达成共识。',
              '邀请社区干部和律师参与调解，提出调解方案。',
              '电话回访双方，确认调解方案的意见。'])[1 + floor(5 * seed_u($1, p.n, 66 + s.k))::int],
       p.mediator_id, s.held_at
FROM seed_plan p
CROSS JOIN LATERAL (
    SELECT k, p.session_at + (coalesce(p.closed_at, now()) - p.session_at)
                             * (k::double precision / p.extra_sessions) AS held_at
    FROM generate_series(0, p.extra_sessions - 1) AS k
) s
WHERE p.session_at IS NOT NULL AND p.extra_sessions > 0
