-- Report rollups defined once (issue 13). What a case contributes to the daily cube and the
-- report slices was written three times: the PL/pgSQL rollup_contributions() of the triggers,
-- the VALUES list of the set-based rebuild (rollup_rebuild_cube_and_single_slices) and a C copy
-- in the data generator. From here on it is written once, in rollup_day_contributions(), over
-- the local days of a case's events; everything else calls it:
--
--   rollup_contributions(case)          one case (the triggers, the row-by-row rebuild)
--   rollup_center_contributions(center) every case of a center with its cube dimensions (the
--                                       set-based rebuild, and mediation-seed, which only sums
--                                       the rows in C)
--
-- The insert trigger's fast path (cases_rollup_insert, migration 0011) still writes a new case's
-- one contribution, its receipt, by hand: taken from rollup_day_contributions() it cost about
-- 20 us more per intake (the plan of the union is set up on every call). Intakes are checked
-- against a rebuild by integration_test_concurrent_writers, which keeps the two in step.

-- What a case contributes to the rollups, one row per thing that happened to it, dated by the
-- local day it happened on (NULL: it did not happen). received: +1 received and open; accepted;
-- first assigned; declined: +1 declined, -1 open; closed: +1 of its outcome, the prevented flags,
-- the agreement (agreement_fen NULL: none) and its amount, the days from acceptance (when
-- accepted) and -1 open; overdue at the end of day D means still open then and due on or before
-- D: +1 on greatest(due, received) and -1 on the day it ended, when it ended on or after the due
-- day. Plain SQL, so that the planner inlines it into the callers' queries.
CREATE FUNCTION rollup_day_contributions(received_on date, accepted_on date, assigned_on date,
                                         declined_on date, closed_on date, due_on date,
                                         closed_outcome case_outcome,
                                         closed_prevented_escalation boolean,
                                         closed_prevented_mass_petition boolean,
                                         closed_agreement_fen bigint)
RETURNS TABLE (day date, received integer, accepted integer, declined integer, assigned integer,
               outcome case_outcome, prevented_escalation integer,
               prevented_mass_petition integer, close_days integer, open_delta integer,
               overdue_delta integer, agreements integer, agreement_fen bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 4 AS $$
    -- UNION ALL rather than a VALUES list filtered on day: a branch's columns are computed only
    -- when its event happened (twice as fast over a center's cases)
    SELECT received_on, 1, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::integer, 1, 0, 0, 0::bigint
    UNION ALL
    SELECT accepted_on, 0, 1, 0, 0, NULL::case_outcome, 0, 0, NULL::integer, 0, 0, 0, 0::bigint
    WHERE accepted_on IS NOT NULL
    UNION ALL
    SELECT assigned_on, 0, 0, 0, 1, NULL::case_outcome, 0, 0, NULL::integer, 0, 0, 0, 0::bigint
    WHERE assigned_on IS NOT NULL
    UNION ALL
    SELECT declined_on, 0, 0, 1, 0, NULL::case_outcome, 0, 0, NULL::integer, -1, 0, 0, 0::bigint
    WHERE declined_on IS NOT NULL
    UNION ALL
    SELECT closed_on, 0, 0, 0, 0, closed_outcome, closed_prevented_escalation::integer,
           closed_prevented_mass_petition::integer, closed_on - accepted_on, -1, 0,
           (closed_agreement_fen IS NOT NULL)::integer, coalesce(closed_agreement_fen, 0)
    WHERE closed_on IS NOT NULL
    UNION ALL
    -- overdue: ended is coalesce(closed_on, declined_on)
    SELECT greatest(due_on, received_on), 0, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::integer, 0,
           1, 0, 0::bigint
    WHERE due_on IS NOT NULL AND (coalesce(closed_on, declined_on) IS NULL
                                  OR coalesce(closed_on, declined_on) >= due_on)
    UNION ALL
    SELECT coalesce(closed_on, declined_on), 0, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::integer,
           0, -1, 0, 0::bigint
    WHERE due_on IS NOT NULL AND coalesce(closed_on, declined_on) >= due_on
$$;

-- One case's contributions, its instants dated in its center's time zone. The agreement is not
-- among them: its own trigger (agreement_rollup) adds it when it is signed.
CREATE OR REPLACE FUNCTION rollup_contributions(c cases)
RETURNS TABLE (day date, received integer, accepted integer, declined integer, assigned integer,
               outcome case_outcome, prevented_escalation integer,
               prevented_mass_petition integer, close_days integer, open_delta integer,
               overdue_delta integer)
LANGUAGE sql STABLE AS $$
    SELECT x.day, x.received, x.accepted, x.declined, x.assigned, x.outcome,
           x.prevented_escalation, x.prevented_mass_petition, x.close_days, x.open_delta,
           x.overdue_delta
    FROM (SELECT (c.received_at AT TIME ZONE ce.time_zone)::date AS received_day,
                 (c.accepted_at AT TIME ZONE ce.time_zone)::date AS accepted_day,
                 (c.first_assigned_at AT TIME ZONE ce.time_zone)::date AS assigned_day,
                 (c.declined_at AT TIME ZONE ce.time_zone)::date AS declined_day,
                 (c.closed_at AT TIME ZONE ce.time_zone)::date AS closed_day,
                 (c.due_at AT TIME ZONE ce.time_zone)::date AS due_day
          FROM centers ce WHERE ce.id = c.center_id
          OFFSET 0) d -- each instant dated once, not once per use
    CROSS JOIN LATERAL rollup_day_contributions(d.received_day, d.accepted_day, d.assigned_day,
                                                d.declined_day, d.closed_day, d.due_day,
                                                c.outcome, c.prevented_escalation,
                                                c.prevented_mass_petition, NULL) x
$$;

-- Every case of a center: its cube dimensions and its contributions, the agreement included.
-- Each instant is dated once per case (the time zone conversion is the costly part).
CREATE FUNCTION rollup_center_contributions(center integer)
RETURNS TABLE (community_id bigint, mediator_id bigint, dispute_type dispute_type,
               channel text, source case_source, risk_level risk_level, day date,
               received integer, accepted integer, declined integer, assigned integer,
               outcome case_outcome, prevented_escalation integer,
               prevented_mass_petition integer, close_days integer, open_delta integer,
               overdue_delta integer, agreements integer, agreement_fen bigint)
LANGUAGE sql STABLE AS $$
    WITH d AS MATERIALIZED (
        SELECT c.community_id, coalesce(c.mediator_id, 0) AS mediator_id, c.dispute_type,
               coalesce(c.channel::text, 'none') COLLATE "C" AS channel, c.source, c.risk_level,
               c.outcome, c.prevented_escalation, c.prevented_mass_petition,
               (c.received_at AT TIME ZONE ce.time_zone)::date AS received_day,
               (c.accepted_at AT TIME ZONE ce.time_zone)::date AS accepted_day,
               (c.first_assigned_at AT TIME ZONE ce.time_zone)::date AS assigned_day,
               (c.declined_at AT TIME ZONE ce.time_zone)::date AS declined_day,
               (c.closed_at AT TIME ZONE ce.time_zone)::date AS closed_day,
               (c.due_at AT TIME ZONE ce.time_zone)::date AS due_day, a.amount_fen
        FROM cases c
        JOIN centers ce ON ce.id = c.center_id
        LEFT JOIN agreements a ON a.case_id = c.id
        WHERE c.center_id = center
    )
    SELECT d.community_id, d.mediator_id, d.dispute_type, d.channel, d.source, d.risk_level, x.*
    FROM d
    CROSS JOIN LATERAL rollup_day_contributions(d.received_day, d.accepted_day, d.assigned_day,
                                                d.declined_day, d.closed_day, d.due_day,
                                                d.outcome, d.prevented_escalation,
                                                d.prevented_mass_petition, d.amount_fen) x
$$;

-- The set-based rebuild reads its contributions from rollup_center_contributions(); the rest is
-- as in migration 0006 (cube cells, their sums per slice by GROUPING SETS, months, histograms).
CREATE OR REPLACE FUNCTION rollup_rebuild_cube_and_single_slices(center integer) RETURNS void
    LANGUAGE plpgsql
    SET work_mem TO '1GB'
    AS $$
BEGIN
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;

    WITH contributions AS MATERIALIZED (
        SELECT * FROM rollup_center_contributions(center)
    ), cell_pairs AS MATERIALIZED (
        -- the histogram pairs per cube cell
        SELECT day, community_id, mediator_id, dispute_type, channel, source, risk_level,
               close_days AS days, count(*)::int AS n
        FROM contributions WHERE close_days IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ), cells AS MATERIALIZED (
        -- the contributions summed per cube cell
        SELECT day, community_id, mediator_id, dispute_type, channel, source, risk_level,
               sum(received)::int AS received, sum(accepted)::int AS accepted,
               sum(declined)::int AS declined, sum(assigned)::int AS assigned,
               count(*) FILTER (WHERE outcome = 'resolved')::int AS resolved,
               count(*) FILTER (WHERE outcome = 'failed')::int AS failed,
               count(*) FILTER (WHERE outcome = 'terminated')::int AS terminated,
               count(*) FILTER (WHERE outcome = 'withdrawn')::int AS withdrawn,
               count(*) FILTER (WHERE outcome = 'referred')::int AS referred,
               sum(agreements)::int AS agreements, sum(agreement_fen)::bigint AS agreement_fen,
               sum(prevented_escalation)::int AS prevented_escalation,
               sum(prevented_mass_petition)::int AS prevented_mass_petition,
               coalesce(sum(close_days), 0)::bigint AS close_days_sum,
               count(close_days)::int AS close_days_n, sum(open_delta)::int AS open_delta,
               sum(overdue_delta)::int AS overdue_delta
        FROM contributions
        GROUP BY day, community_id, mediator_id, dispute_type, channel, source, risk_level
    ), cube AS (
        INSERT INTO report_cube (center_id, day, community_id, mediator_id, dispute_type,
                                 channel, source, risk_level, received, accepted, declined,
                                 assigned, resolved, failed, terminated, withdrawn, referred,
                                 agreements, agreement_fen, prevented_escalation,
                                 prevented_mass_petition, close_days_sum, close_days_n,
                                 open_delta, overdue_delta, close_hist)
        SELECT center, g.*, h.close_hist
        FROM cells g
        LEFT JOIN (SELECT day, community_id, mediator_id, dispute_type, channel, source,
                          risk_level, array_agg(ARRAY[days, n] ORDER BY days) AS close_hist
                   FROM cell_pairs GROUP BY 1, 2, 3, 4, 5, 6, 7) h
            USING (day, community_id, mediator_id, dispute_type, channel, source, risk_level)
        -- in primary-key order: the index grows at its right edge
        ORDER BY g.day, g.community_id, g.mediator_id, g.dispute_type, g.channel, g.source,
                 g.risk_level
    ), days AS MATERIALIZED (
        -- GROUPING(six dimensions) says which dimension a group is for (63: none, 'all')
        SELECT k.dim, g.day, k.value, g.received, g.accepted, g.declined, g.assigned, g.resolved,
               g.failed, g.terminated, g.withdrawn, g.referred, g.agreements, g.agreement_fen,
               g.prevented_escalation, g.prevented_mass_petition, g.close_days_sum,
               g.close_days_n, g.open_delta, g.overdue_delta
        FROM (
            SELECT r.day, r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
                   r.risk_level,
                   GROUPING(r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
                            r.risk_level) AS unused,
                   sum(r.received)::int AS received, sum(r.accepted)::int AS accepted,
                   sum(r.declined)::int AS declined, sum(r.assigned)::int AS assigned,
                   sum(r.resolved)::int AS resolved, sum(r.failed)::int AS failed,
                   sum(r.terminated)::int AS terminated, sum(r.withdrawn)::int AS withdrawn,
                   sum(r.referred)::int AS referred, sum(r.agreements)::int AS agreements,
                   sum(r.agreement_fen)::bigint AS agreement_fen,
                   sum(r.prevented_escalation)::int AS prevented_escalation,
                   sum(r.prevented_mass_petition)::int AS prevented_mass_petition,
                   sum(r.close_days_sum)::bigint AS close_days_sum,
                   sum(r.close_days_n)::int AS close_days_n,
                   sum(r.open_delta)::int AS open_delta, sum(r.overdue_delta)::int AS overdue_delta
            FROM cells r
            GROUP BY GROUPING SETS ((r.day), (r.community_id, r.day), (r.mediator_id, r.day),
                                    (r.dispute_type, r.day), (r.channel, r.day), (r.source, r.day),
                                    (r.risk_level, r.day))
        ) g
        CROSS JOIN LATERAL (
            SELECT CASE g.unused WHEN 63 THEN 'all' WHEN 31 THEN 'community' WHEN 47 THEN 'mediator'
                                 WHEN 55 THEN 'dispute_type' WHEN 59 THEN 'channel'
                                 WHEN 61 THEN 'source' ELSE 'risk' END AS dim,
                   CASE g.unused WHEN 63 THEN '' WHEN 31 THEN g.community_id::text
                                 WHEN 47 THEN g.mediator_id::text WHEN 55 THEN g.dispute_type::text
                                 WHEN 59 THEN g.channel WHEN 61 THEN g.source::text
                                 ELSE g.risk_level::text END AS value
        ) k
    ), pairs AS MATERIALIZED (
        -- histogram pairs per slice, day and days
        SELECT k.dim, g.day, k.value, g.days, g.n
        FROM (
            SELECT r.day, r.days, r.community_id, r.mediator_id, r.dispute_type, r.channel,
                   r.source, r.risk_level,
                   GROUPING(r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
                            r.risk_level) AS unused,
                   sum(r.n)::int AS n
            FROM cell_pairs r
            GROUP BY GROUPING SETS ((r.day, r.days), (r.community_id, r.day, r.days),
                                    (r.mediator_id, r.day, r.days),
                                    (r.dispute_type, r.day, r.days), (r.channel, r.day, r.days),
                                    (r.source, r.day, r.days), (r.risk_level, r.day, r.days))
        ) g
        CROSS JOIN LATERAL (
            SELECT CASE g.unused WHEN 63 THEN 'all' WHEN 31 THEN 'community' WHEN 47 THEN 'mediator'
                                 WHEN 55 THEN 'dispute_type' WHEN 59 THEN 'channel'
                                 WHEN 61 THEN 'source' ELSE 'risk' END AS dim,
                   CASE g.unused WHEN 63 THEN '' WHEN 31 THEN g.community_id::text
                                 WHEN 47 THEN g.mediator_id::text WHEN 55 THEN g.dispute_type::text
                                 WHEN 59 THEN g.channel WHEN 61 THEN g.source::text
                                 ELSE g.risk_level::text END AS value
        ) k
    ), months AS (
        SELECT dim, date_trunc('month', day::timestamp)::date AS day, value,
               sum(received)::int AS received, sum(accepted)::int AS accepted,
               sum(declined)::int AS declined, sum(assigned)::int AS assigned,
               sum(resolved)::int AS resolved, sum(failed)::int AS failed,
               sum(terminated)::int AS terminated, sum(withdrawn)::int AS withdrawn,
               sum(referred)::int AS referred, sum(agreements)::int AS agreements,
               sum(agreement_fen)::bigint AS agreement_fen,
               sum(prevented_escalation)::int AS prevented_escalation,
               sum(prevented_mass_petition)::int AS prevented_mass_petition,
               sum(close_days_sum)::bigint AS close_days_sum,
               sum(close_days_n)::int AS close_days_n, sum(open_delta)::int AS open_delta,
               sum(overdue_delta)::int AS overdue_delta
        FROM days GROUP BY 1, 2, 3
    ), day_hist AS (
        SELECT dim, day, value, array_agg(ARRAY[days, n] ORDER BY days) AS close_hist
        FROM pairs GROUP BY 1, 2, 3
    ), month_hist AS (
        SELECT dim, day, value, array_agg(ARRAY[days, n] ORDER BY days) AS close_hist
        FROM (SELECT dim, date_trunc('month', day::timestamp)::date AS day, value, days,
                     sum(n)::int AS n
              FROM pairs GROUP BY 1, 2, 3, 4) p
        GROUP BY 1, 2, 3
    )
    INSERT INTO report_slices (center_id, dim, grain, day, value, received, accepted, declined,
                               assigned, resolved, failed, terminated, withdrawn, referred,
                               agreements, agreement_fen, prevented_escalation,
                               prevented_mass_petition, close_days_sum, close_days_n, open_delta,
                               overdue_delta, close_hist)
    SELECT center, x.dim, x.grain, x.day, x.value, x.received, x.accepted, x.declined,
           x.assigned, x.resolved, x.failed, x.terminated, x.withdrawn, x.referred, x.agreements,
           x.agreement_fen, x.prevented_escalation, x.prevented_mass_petition, x.close_days_sum,
           x.close_days_n, x.open_delta, x.overdue_delta, x.close_hist
    FROM (SELECT d.dim, 'd'::"char" AS grain, d.day, d.value, d.received, d.accepted,
                 d.declined, d.assigned, d.resolved, d.failed, d.terminated, d.withdrawn,
                 d.referred, d.agreements, d.agreement_fen, d.prevented_escalation,
                 d.prevented_mass_petition, d.close_days_sum, d.close_days_n, d.open_delta,
                 d.overdue_delta, h.close_hist
          FROM days d LEFT JOIN day_hist h USING (dim, day, value)
          UNION ALL
          SELECT m.dim, 'm', m.day, m.value, m.received, m.accepted, m.declined, m.assigned,
                 m.resolved, m.failed, m.terminated, m.withdrawn, m.referred, m.agreements,
                 m.agreement_fen, m.prevented_escalation, m.prevented_mass_petition,
                 m.close_days_sum, m.close_days_n, m.open_delta, m.overdue_delta, h.close_hist
          FROM months m LEFT JOIN month_hist h USING (dim, day, value)) x;
END
$$;
