-- 0008: slices for every pair of dimensions, so that a report combining two dimensions (a
-- breakdown by two, one filtered by another, a summary under two filters) reads a bounded number
-- of rollup rows, where it summed the per-day cube for every day (2.7 M cells in a year at 1 M
-- cases, about 5 s, at the statement timeout).
--
-- A pair's rows are slices like the others: dim names both dimensions in a fixed order
-- ('community,mediator'; the order of the dimension list: community, mediator, dispute_type,
-- channel, source, risk), value holds the first one's value and the new value2 the second's (''
-- for 'all' and for one dimension). Every pair has month rows. The ten pairs without the mediator
-- have day rows too (0.37 M at 1 M cases a year), so that a report of such a pair reads slices
-- only, as a one-dimension report does. The five pairs with the mediator have month rows only
-- (month_only): mediators are the one dimension with hundreds of values, so their pairs' day rows
-- would be nearly as many as the cube's cells (community × mediator alone 1.5 M at 1 M cases,
-- against 2.7 M cells), 3.7 M more rows to maintain and seed for little gain. A report of such a
-- pair reads the pair's month rows for whole months and the cube for the days of partial months.
-- The cube remains for three dimensions or more. Every count is bounded by the combinations of
-- dimension values that occur in a day or a month, not by the cases.

-- Emptied here and rebuilt at the end of this migration.
TRUNCATE report_slices;
ALTER TABLE report_slices ADD COLUMN value2 text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE report_slices DROP CONSTRAINT report_slices_pkey;
ALTER TABLE report_slices ADD PRIMARY KEY (center_id, dim, grain, day, value, value2);

-- The slices a combination of dimension values belongs to: 'all', each dimension, and each pair;
-- month_only for the pairs with the mediator (no day rows). The bulk rebuild derives pair rows
-- from the cube cells with it; rollup_slices() below gives a case's.
CREATE FUNCTION rollup_slice_keys(community_id bigint, mediator_id bigint,
                                  dispute_type dispute_type, channel text, source case_source,
                                  risk_level risk_level)
RETURNS TABLE (dim text, value text, value2 text, month_only boolean)
LANGUAGE sql IMMUTABLE ROWS 22 AS $$
    WITH d(i, dim, value) AS (
        VALUES (1, 'community', community_id::text), (2, 'mediator', mediator_id::text),
               (3, 'dispute_type', dispute_type::text), (4, 'channel', channel),
               (5, 'source', source::text), (6, 'risk', risk_level::text)
    )
    SELECT 'all', '', '', false
    UNION ALL
    SELECT dim, value, '', false FROM d
    UNION ALL
    SELECT a.dim || ',' || b.dim, a.value, b.value, 'mediator' IN (a.dim, b.dim)
    FROM d a JOIN d b ON a.i < b.i;
$$;

DROP FUNCTION rollup_slices(cases);
CREATE FUNCTION rollup_slices(c cases)
RETURNS TABLE (dim text, value text, value2 text, month_only boolean)
LANGUAGE sql IMMUTABLE ROWS 22 AS $$
    SELECT * FROM rollup_slice_keys(c.community_id, coalesce(c.mediator_id, 0), c.dispute_type,
                                    coalesce(c.channel::text, 'none'), c.source, c.risk_level);
$$;

-- As in 0006, with value2 in the slices' key.
CREATE OR REPLACE FUNCTION rollup_apply(c cases, sign integer, contributions jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_slices AS r (center_id, dim, grain, day, value, value2, received,
                                    accepted, declined, assigned, resolved, failed, terminated,
                                    withdrawn, referred, prevented_escalation,
                                    prevented_mass_petition, close_days_sum, close_days_n,
                                    open_delta, overdue_delta, close_hist)
    SELECT c.center_id, s.dim, k.grain, k.day, s.value, s.value2, sum(k.received),
           sum(k.accepted), sum(k.declined), sum(k.assigned), sum(k.resolved), sum(k.failed),
           sum(k.terminated), sum(k.withdrawn), sum(k.referred), sum(k.prevented_escalation),
           sum(k.prevented_mass_petition), sum(k.close_days_sum), sum(k.close_days_n),
           sum(k.open_delta), sum(k.overdue_delta),
           -- most changes close nothing: no histogram to normalize then
           CASE WHEN count(k.close_days) > 0
                THEN hist_merge(NULL, array_agg(ARRAY[k.close_days, k.close_days_n])
                                          FILTER (WHERE k.close_days IS NOT NULL)) END
    FROM rollup_rows(contributions, sign) k CROSS JOIN rollup_slices(c) s
    WHERE k.grain = 'm' OR NOT s.month_only
    GROUP BY s.dim, k.grain, k.day, s.value, s.value2
    ON CONFLICT (center_id, dim, grain, day, value, value2) DO UPDATE SET
        received = r.received + EXCLUDED.received,
        accepted = r.accepted + EXCLUDED.accepted,
        declined = r.declined + EXCLUDED.declined,
        assigned = r.assigned + EXCLUDED.assigned,
        resolved = r.resolved + EXCLUDED.resolved,
        failed = r.failed + EXCLUDED.failed,
        terminated = r.terminated + EXCLUDED.terminated,
        withdrawn = r.withdrawn + EXCLUDED.withdrawn,
        referred = r.referred + EXCLUDED.referred,
        prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
        prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
        close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
        close_days_n = r.close_days_n + EXCLUDED.close_days_n,
        open_delta = r.open_delta + EXCLUDED.open_delta,
        overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta,
        close_hist = CASE WHEN EXCLUDED.close_hist IS NULL THEN r.close_hist
                          ELSE hist_merge(r.close_hist, EXCLUDED.close_hist) END;

    INSERT INTO report_cube AS r (center_id, day, community_id, mediator_id, dispute_type,
                                  channel, source, risk_level, received, accepted, declined,
                                  assigned, resolved, failed, terminated, withdrawn, referred,
                                  prevented_escalation, prevented_mass_petition,
                                  close_days_sum, close_days_n, open_delta, overdue_delta,
                                  close_hist)
    SELECT c.center_id, k.day, c.community_id, coalesce(c.mediator_id, 0), c.dispute_type,
           coalesce(c.channel::text, 'none'), c.source, c.risk_level, sum(k.received),
           sum(k.accepted), sum(k.declined), sum(k.assigned), sum(k.resolved), sum(k.failed),
           sum(k.terminated), sum(k.withdrawn), sum(k.referred), sum(k.prevented_escalation),
           sum(k.prevented_mass_petition), sum(k.close_days_sum), sum(k.close_days_n),
           sum(k.open_delta), sum(k.overdue_delta),
           CASE WHEN count(k.close_days) > 0
                THEN hist_merge(NULL, array_agg(ARRAY[k.close_days, k.close_days_n])
                                          FILTER (WHERE k.close_days IS NOT NULL)) END
    FROM rollup_rows(contributions, sign) k WHERE k.grain = 'd'
    GROUP BY k.day
    ON CONFLICT (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                 risk_level) DO UPDATE SET
        received = r.received + EXCLUDED.received,
        accepted = r.accepted + EXCLUDED.accepted,
        declined = r.declined + EXCLUDED.declined,
        assigned = r.assigned + EXCLUDED.assigned,
        resolved = r.resolved + EXCLUDED.resolved,
        failed = r.failed + EXCLUDED.failed,
        terminated = r.terminated + EXCLUDED.terminated,
        withdrawn = r.withdrawn + EXCLUDED.withdrawn,
        referred = r.referred + EXCLUDED.referred,
        prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
        prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
        close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
        close_days_n = r.close_days_n + EXCLUDED.close_days_n,
        open_delta = r.open_delta + EXCLUDED.open_delta,
        overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta,
        close_hist = CASE WHEN EXCLUDED.close_hist IS NULL THEN r.close_hist
                          ELSE hist_merge(r.close_hist, EXCLUDED.close_hist) END;
END
$$;

-- As in 0006, with value2 in the slices' key.
CREATE OR REPLACE FUNCTION agreement_rollup(a agreements, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_slices AS r (center_id, dim, grain, day, value, value2, agreements,
                                    agreement_fen)
    SELECT c.center_id, s.dim, g.grain, g.day, s.value, s.value2, sign, sign * a.amount_fen
    FROM cases c JOIN centers ce ON ce.id = c.center_id
    CROSS JOIN LATERAL (SELECT (c.closed_at AT TIME ZONE ce.time_zone)::date AS day) d
    CROSS JOIN LATERAL (VALUES ('d'::"char", d.day),
                               ('m'::"char", date_trunc('month', d.day::timestamp)::date)) AS g(grain, day)
    CROSS JOIN rollup_slices(c) s
    WHERE c.id = a.case_id AND (g.grain = 'm' OR NOT s.month_only)
    ON CONFLICT (center_id, dim, grain, day, value, value2) DO UPDATE
        SET agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen;
    INSERT INTO report_cube AS r (center_id, day, community_id, mediator_id, dispute_type,
                                  channel, source, risk_level, agreements, agreement_fen)
    SELECT c.center_id, (c.closed_at AT TIME ZONE ce.time_zone)::date, c.community_id,
           coalesce(c.mediator_id, 0), c.dispute_type, coalesce(c.channel::text, 'none'),
           c.source, c.risk_level, sign, sign * a.amount_fen
    FROM cases c JOIN centers ce ON ce.id = c.center_id
    WHERE c.id = a.case_id
    ON CONFLICT (center_id, day, community_id, mediator_id, dispute_type, channel, source,
                 risk_level) DO UPDATE
        SET agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen;
$$;

-- The set-based rebuild: 0006's function (kept under a name that says what it writes: the cube
-- and the 'all' and one-dimension slices, value2 '') followed by the pair slices, summed from the
-- cube cells it wrote: a pair's day row is the sum of the cells that have its two values on that
-- day (not for month_only pairs), its month row the sum of those of the month; histograms alike.
ALTER FUNCTION rollup_rebuild_bulk(integer) RENAME TO rollup_rebuild_cube_and_single_slices;

CREATE FUNCTION rollup_rebuild_bulk(center integer) RETURNS void LANGUAGE plpgsql
SET work_mem = '1GB' AS $$
BEGIN
    PERFORM rollup_rebuild_cube_and_single_slices(center);
    WITH cells AS MATERIALIZED (
        -- each cube cell once per pair, at its day and at its month
        SELECT k.dim, g.grain, g.day, k.value, k.value2, x.received, x.accepted, x.declined,
               x.assigned, x.resolved, x.failed, x.terminated, x.withdrawn, x.referred,
               x.agreements, x.agreement_fen, x.prevented_escalation, x.prevented_mass_petition,
               x.close_days_sum, x.close_days_n, x.open_delta, x.overdue_delta, x.close_hist
        FROM report_cube x
        CROSS JOIN LATERAL rollup_slice_keys(x.community_id, x.mediator_id, x.dispute_type,
                                             x.channel, x.source, x.risk_level) k
        CROSS JOIN LATERAL (VALUES ('d'::"char", x.day),
                                   ('m', date_trunc('month', x.day::timestamp)::date)) g(grain, day)
        WHERE x.center_id = center AND k.value2 <> '' AND (g.grain = 'm' OR NOT k.month_only)
    ), sums AS (
        SELECT dim, grain, day, value, value2, sum(received)::int AS received,
               sum(accepted)::int AS accepted, sum(declined)::int AS declined,
               sum(assigned)::int AS assigned, sum(resolved)::int AS resolved,
               sum(failed)::int AS failed, sum(terminated)::int AS terminated,
               sum(withdrawn)::int AS withdrawn, sum(referred)::int AS referred,
               sum(agreements)::int AS agreements, sum(agreement_fen)::bigint AS agreement_fen,
               sum(prevented_escalation)::int AS prevented_escalation,
               sum(prevented_mass_petition)::int AS prevented_mass_petition,
               sum(close_days_sum)::bigint AS close_days_sum,
               sum(close_days_n)::int AS close_days_n, sum(open_delta)::int AS open_delta,
               sum(overdue_delta)::int AS overdue_delta
        FROM cells GROUP BY 1, 2, 3, 4, 5
    ), hist AS (
        SELECT dim, grain, day, value, value2,
               array_agg(ARRAY[days, n] ORDER BY days) AS close_hist
        FROM (SELECT dim, grain, day, value, value2, close_hist[i][1] AS days,
                     sum(close_hist[i][2])::int AS n
              FROM cells CROSS JOIN LATERAL generate_subscripts(close_hist, 1) AS i
              WHERE close_hist IS NOT NULL
              GROUP BY 1, 2, 3, 4, 5, 6) p
        WHERE n <> 0
        GROUP BY 1, 2, 3, 4, 5
    )
    INSERT INTO report_slices (center_id, dim, grain, day, value, value2, received, accepted,
                               declined, assigned, resolved, failed, terminated, withdrawn,
                               referred, agreements, agreement_fen, prevented_escalation,
                               prevented_mass_petition, close_days_sum, close_days_n, open_delta,
                               overdue_delta, close_hist)
    SELECT center, m.dim, m.grain, m.day, m.value, m.value2, m.received, m.accepted, m.declined,
           m.assigned, m.resolved, m.failed, m.terminated, m.withdrawn, m.referred,
           m.agreements, m.agreement_fen, m.prevented_escalation, m.prevented_mass_petition,
           m.close_days_sum, m.close_days_n, m.open_delta, m.overdue_delta, h.close_hist
    FROM sums m LEFT JOIN hist h USING (dim, grain, day, value, value2);
END
$$;

SELECT rollup_rebuild(id) FROM centers;
