-- Seed: plans $2 new cases of center $1 into seed_plan, every choice a deterministic function of
-- (seed, case number n): dispute type, source, community and risk with a plausible skew, the
-- received instant (spread over the days $3..$4 in the center's time zone, office hours and
-- weekdays favoured, never after now()), and the path each case takes through the state machine
-- with the instant of every step. A step that would fall after now() has not happened, so recent
-- cases are still open and some of those past their deadline are overdue. Case ids are taken
-- from cases' own identity sequence, in received order. Returns the number of rows planned.
-- $1 center_id, $2 cases (bigint), $3 first day (date), $4 last day (date), $5 seed (bigint)
WITH ce AS MATERIALIZED (
    SELECT c.id, c.time_zone AS tz, $3::date AS d0, ($4::date - $3::date + 1) AS days,
           ($3::date::timestamp AT TIME ZONE c.time_zone) AS t0,
           least((($4::date + 1)::timestamp AT TIME ZONE c.time_zone), now()) AS t1,
           -- case numbers n continue after the center's existing cases, so that seeding again
           -- with the same seed adds new cases rather than repeating the earlier ones
           (SELECT count(*) FROM cases k WHERE k.center_id = c.id) AS base,
           pg_get_serial_sequence('cases', 'id')::regclass AS id_sequence
    FROM centers c WHERE c.id = $1
), com AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM communities WHERE center_id = $1
), rules AS MATERIALIZED (
    -- deadline days (the center's policy, else 30/20/10/3 by risk) and the mediators whose
    -- specialties cover the type (else every active mediator), per type and risk
    SELECT t.i AS type_index, t.t AS dispute_type, r.r AS risk_level,
           coalesce((SELECT p.days FROM deadline_policies p
                     WHERE p.center_id = $1 AND p.dispute_type = t.t AND p.risk_level = r.r),
                    (SELECT p.days FROM deadline_policies p
                     WHERE p.center_id = $1 AND p.dispute_type IS NULL AND p.risk_level = r.r),
                    CASE r.r WHEN 'none' THEN 30 WHEN 'yellow' THEN 20 WHEN 'orange' THEN 10
                             ELSE 3 END) AS days,
           coalesce((SELECT array_agg(m.id ORDER BY m.id) FROM mediators m
                     WHERE m.center_id = $1 AND m.active AND t.t = ANY (m.specialties)),
                    (SELECT array_agg(m.id ORDER BY m.id) FROM mediators m
                     WHERE m.center_id = $1 AND m.active)) AS mediators
    FROM unnest(enum_range(NULL::dispute_type)) WITH ORDINALITY AS t(t, i),
         unnest(enum_range(NULL::risk_level)) AS r(r)
), drawn AS (
    -- OFFSET 0 keeps each level a subquery of its own: its columns are computed once per case
    -- and read by the next level, neither recomputed where they are used nor materialized
    SELECT g.n, ce.tz, ce.t0, ce.t1, ce.id_sequence, x.*
    FROM ce, com, generate_series(ce.base + 1, ce.base + $2::bigint) AS g(n)
    CROSS JOIN LATERAL (SELECT
            -- 15 dispute types in enum order: neighbour and family disputes lead
            width_bucket(seed_u($5, g.n, 1), ARRAY[0, .18, .38, .45, .53, .56, .66, .68, .71,
                                                   .73, .82, .86, .88, .93, .98]) AS ti,
            ('{party_application,proactive,police_referral,court_referral,government_referral,
               grid_report,hotline,online,sweep_campaign}'::case_source[])
                [width_bucket(seed_u($5, g.n, 2), ARRAY[0, .34, .44, .52, .57, .63, .78, .91, .97])]
                AS source,
            -- a few communities bring most disputes
            com.ids[1 + floor(power(seed_u($5, g.n, 3), 1.7) * cardinality(com.ids))::int]
                AS community_id,
            ('{none,yellow,orange,red}'::risk_level[])[width_bucket(seed_u($5, g.n, 4),
                ARRAY[0, .86, .95, .99])] AS risk_level,
            width_bucket(seed_u($5, g.n, 5), ARRAY[0, .10, .88]) AS party_count,
            -- a day (a weekend day is drawn again half the time), office hours 85 % of cases
            (ce.d0 + CASE WHEN extract(isodow FROM ce.d0
                                                   + floor(seed_u($5, g.n, 6) * ce.days)::int) > 5
                               AND seed_u($5, g.n, 7) < 0.5
                          THEN floor(seed_u($5, g.n, 8) * ce.days)::int
                          ELSE floor(seed_u($5, g.n, 6) * ce.days)::int END)::timestamp
            + interval '1 minute' * CASE WHEN seed_u($5, g.n, 9) < 0.85
                                         THEN 510 + 540 * seed_u($5, g.n, 10)
                                         ELSE 1440 * seed_u($5, g.n, 10) END AS local_at
    ) x
    OFFSET 0
), received AS (
    SELECT d.*,
           CASE WHEN d.local_at AT TIME ZONE d.tz < d.t1 THEN d.local_at AT TIME ZONE d.tz
                ELSE d.t0 + (d.t1 - d.t0) * seed_u($5, d.n, 10) END AS received_at
    FROM drawn d
    OFFSET 0
), planned AS (
    SELECT a.n, a.tz, a.id_sequence, a.ti, r.dispute_type, a.source, a.community_id,
           a.risk_level, a.party_count, a.received_at, r.days,
           r.mediators[1 + floor(seed_u($5, a.n, 17) * cardinality(r.mediators))::int]
               AS mediator_id,
           -- 12 % declined, 1.5 % withdrawn before acceptance, the rest accepted
           CASE WHEN seed_u($5, a.n, 11) < 0.12 THEN 'decline'
                WHEN seed_u($5, a.n, 11) < 0.135 THEN 'withdraw' ELSE 'accept' END AS fate,
           a.received_at + interval '1 hour' * (1 + 47 * seed_u($5, a.n, 12) ^ 2) AS decline_p,
           a.received_at + interval '1 minute' * (10 + 4310 * seed_u($5, a.n, 13) ^ 3) AS accept_p,
           seed_u($5, a.n, 15) AS fate2, seed_u($5, a.n, 18) AS fate3,
           interval '1 minute' * (5 + 2875 * seed_u($5, a.n, 16) ^ 2) AS assign_delay,
           interval '1 hour' * (1 + 239 * seed_u($5, a.n, 19) ^ 2 * r.days / 30.0)
               AS session_delay,
           ('{resolved,failed,terminated,withdrawn,referred}'::case_outcome[])
               [width_bucket(seed_u($5, a.n, 20), ARRAY[0, .84, .91, .95, .975])]
               AS mediated_outcome,
           CASE WHEN seed_u($5, a.n, 24) < 0.04 THEN 5 + floor(seed_u($5, a.n, 25) * 26)::int
                ELSE 0 END AS extension_days
    FROM received a
    JOIN rules r ON r.type_index = a.ti AND r.risk_level = a.risk_level
    OFFSET 0
), timed AS (
    SELECT p.*,
           p.accept_p + make_interval(days => p.days) AS due0,
           p.accept_p + p.assign_delay AS assign_p,
           p.accept_p + p.assign_delay + p.session_delay AS session_p,
           -- where the case leaves the machine: 0 declined, 1 received, 2 accepted, 3 assigned,
           -- 4 in_mediation
           CASE WHEN p.fate = 'decline' THEN 0 WHEN p.fate = 'withdraw' THEN 1
                WHEN p.fate2 < 0.014 THEN 2 WHEN p.fate3 < 0.013 THEN 3 ELSE 4 END AS close_from
    FROM planned p
    OFFSET 0
), closing AS (
    SELECT t.*,
           CASE t.close_from
               WHEN 1 THEN 'withdrawn'::case_outcome
               WHEN 2 THEN (CASE WHEN t.fate2 < 0.006 THEN 'withdrawn'
                                 ELSE 'referred' END)::case_outcome
               WHEN 3 THEN (CASE WHEN t.fate3 < 0.005 THEN 'withdrawn'
                                 ELSE 'referred' END)::case_outcome
               WHEN 4 THEN t.mediated_outcome END AS outcome_p,
           CASE t.close_from
               WHEN 1 THEN t.received_at + interval '1 hour' * (2 + 70 * seed_u($5, t.n, 14))
               WHEN 2 THEN t.accept_p + interval '1 hour' * (1 + 47 * seed_u($5, t.n, 14))
               WHEN 3 THEN t.assign_p + interval '1 hour' * (2 + 118 * seed_u($5, t.n, 14))
               WHEN 4 THEN t.session_p + interval '1 minute' * 600 * seed_u($5, t.n, 14)
                   + greatest(t.due0 + make_interval(days => t.extension_days) - t.session_p,
                              interval '1 day')
                   -- the share of the time left that mediation took: most finish in time, some
                   -- run over (overdue), a time limit that ran out ends in termination
                   * CASE WHEN t.mediated_outcome = 'terminated'
                          THEN 0.9 + 0.5 * seed_u($5, t.n, 21)
                          WHEN t.mediated_outcome = 'failed' THEN 0.4 + 0.7 * seed_u($5, t.n, 21)
                          WHEN seed_u($5, t.n, 22) < 0.08 THEN 1 + 1.5 * seed_u($5, t.n, 23)
                          ELSE 0.05 + 0.9 * seed_u($5, t.n, 21) ^ 1.2 END
           END AS close_p,
           t.session_p + greatest(t.due0 - t.session_p, interval '1 day') * 0.6 AS extend_p
    FROM timed t
    OFFSET 0
), happened AS (
    -- a step happened when the case's path has it and its instant is not in the future
    SELECT c.*,
           CASE WHEN c.close_from = 0 AND c.decline_p <= now() THEN c.decline_p END AS declined_at,
           CASE WHEN c.close_from >= 2 AND c.accept_p <= now() THEN c.accept_p END AS accepted_at,
           CASE WHEN c.close_from >= 3 AND c.assign_p <= now() THEN c.assign_p END AS assigned_at,
           CASE WHEN c.close_from = 4 AND c.session_p <= now() THEN c.session_p END AS session_at,
           CASE WHEN c.close_from >= 1 AND c.close_p <= now() THEN c.close_p END AS closed_at
    FROM closing c
    OFFSET 0
)
INSERT INTO seed_plan (n, id, center_id, year, type_index, dispute_type, source, community_id,
                       risk_level, party_count, received_at, occurred_on, declined_at,
                       accepted_at, due_at, assigned_at, mediator_id, session_at, extra_sessions,
                       extension_days, extended_at, closed_at, outcome, amount_fen,
                       return_visit_at)
SELECT h.n, nextval(h.id_sequence), $1,
       extract(year FROM h.received_at AT TIME ZONE h.tz)::int, h.ti, h.dispute_type, h.source,
       h.community_id, h.risk_level, h.party_count, h.received_at,
       CASE WHEN seed_u($5, h.n, 34) >= 0.1
            THEN (h.received_at AT TIME ZONE h.tz)::date
                 - floor(60 * seed_u($5, h.n, 33) ^ 2)::int END,
       h.declined_at, h.accepted_at,
       CASE WHEN h.accepted_at IS NOT NULL THEN h.due0 END,
       h.assigned_at,
       CASE WHEN h.assigned_at IS NOT NULL THEN h.mediator_id END,
       h.session_at,
       -- session rows for a sample (one in five) of the cases that reached mediation: 1 to 3
       CASE WHEN h.session_at IS NULL OR seed_u($5, h.n, 36) >= 0.2 THEN 0
            ELSE width_bucket(seed_u($5, h.n, 26), ARRAY[0, .6, .9]) END,
       CASE WHEN h.session_at IS NOT NULL AND h.extend_p <= now()
                 AND (h.closed_at IS NULL OR h.extend_p < h.closed_at)
            THEN h.extension_days ELSE 0 END,
       CASE WHEN h.extension_days > 0 AND h.session_at IS NOT NULL AND h.extend_p <= now()
                 AND (h.closed_at IS NULL OR h.extend_p < h.closed_at)
            THEN h.extend_p END,
       h.closed_at,
       CASE WHEN h.closed_at IS NOT NULL THEN h.outcome_p END,
       -- the agreement: nothing to pay in some (an apology, a repair), otherwise log-normal around
       -- a typical sum for the type, a few very large; whole yuan mostly
       CASE WHEN h.closed_at IS NOT NULL AND h.outcome_p = 'resolved' THEN
           CASE WHEN seed_u($5, h.n, 27) < (ARRAY[.3, .45, .2, .05, .05, .1, .2, .05, .15, .05,
                                                 .1, .05, .05, .35, .4])[h.ti] THEN 0
                ELSE least(100000000000000, round(
                    (ARRAY[20000, 2000, 30000, 50000, 80000, 8000, 20000, 120000, 15000, 12000,
                           1500, 60000, 30000, 2500, 5000])[h.ti]
                    * exp(0.8 * sqrt(-2 * ln(1 - seed_u($5, h.n, 28)))
                              * cos(2 * pi() * seed_u($5, h.n, 29)))
                    * CASE WHEN seed_u($5, h.n, 30) < 0.005 THEN 25 ELSE 1 END)::bigint * 100
                    + CASE WHEN seed_u($5, h.n, 30) > 0.9
                           THEN floor(100 * seed_u($5, h.n, 35))::bigint
                           ELSE 0 END)
           END
       END,
       CASE WHEN h.outcome_p = 'resolved' AND h.closed_at IS NOT NULL
                 AND seed_u($5, h.n, 31) < 0.5
                 AND h.closed_at + interval '1 day' * (3 + 27 * seed_u($5, h.n, 32)) <= now()
            THEN h.closed_at + interval '1 day' * (3 + 27 * seed_u($5, h.n, 32)) END
FROM happened h
ORDER BY h.received_at, h.n
