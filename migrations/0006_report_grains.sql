-- 0006: report rollups at two grains, so that a report reads a bounded number of rows whatever
-- the number of cases and however long the history.
--
-- Why: with day rows only, the open and overdue figures at the end of a period summed the
-- per-day deltas of all history, and a year's medians merged a histogram for each of its 365
-- days. Now every slice and close-days row exists per day (grain 'd') and per month (grain 'm',
-- dated on the month's first day, the sum of that month's day rows). A period is read as its
-- whole months plus the days of its partial months, and "open at the end of D" as the months
-- before D's month plus D's month up to D (report_pieces below). Over a year that is about a
-- dozen month rows and at most two months of day rows per dimension value.
--
-- The close-days histograms (for medians) move into the rows they describe: close_hist holds
-- [days, n] pairs, sorted by days, n never 0, NULL when no case closed ({{0,3},{2,1}}: three cases
-- closed on their acceptance day, one two days after). A report reads one array per row it
-- already reads, and the server merges them (server/src/domain/histogram.c), where one row per
-- (day, value, days) used to cost a report tens of thousands of rows.
--
-- The text key columns use the "C" collation: they hold codes and ids, never words to sort for
-- people, and byte comparison keeps index maintenance cheap.

DROP TABLE report_slices, report_close_days, report_cube_close_days;

CREATE TABLE report_slices (
    center_id               integer NOT NULL,
    dim                     text COLLATE "C" NOT NULL,
    grain                   "char" NOT NULL CHECK (grain IN ('d', 'm')),
    day                     date NOT NULL, -- grain 'm': the first day of the month
    value                   text COLLATE "C" NOT NULL,
    received                integer NOT NULL DEFAULT 0,
    accepted                integer NOT NULL DEFAULT 0,
    declined                integer NOT NULL DEFAULT 0,
    assigned                integer NOT NULL DEFAULT 0,
    resolved                integer NOT NULL DEFAULT 0,
    failed                  integer NOT NULL DEFAULT 0,
    terminated              integer NOT NULL DEFAULT 0,
    withdrawn               integer NOT NULL DEFAULT 0,
    referred                integer NOT NULL DEFAULT 0,
    agreements              integer NOT NULL DEFAULT 0,
    agreement_fen           bigint NOT NULL DEFAULT 0,
    prevented_escalation    integer NOT NULL DEFAULT 0,
    prevented_mass_petition integer NOT NULL DEFAULT 0,
    close_days_sum          bigint NOT NULL DEFAULT 0,
    close_days_n            integer NOT NULL DEFAULT 0,
    open_delta              integer NOT NULL DEFAULT 0,
    overdue_delta           integer NOT NULL DEFAULT 0,
    close_hist              integer[],
    -- dates before values: a report reads a date range of one dimension for all its values
    PRIMARY KEY (center_id, dim, grain, day, value)
);

ALTER TABLE report_cube ALTER COLUMN channel TYPE text COLLATE "C",
                        ADD COLUMN close_hist integer[];

-- The sum of two close-days histograms (either may be NULL), in the canonical form above.
CREATE FUNCTION hist_merge(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(ARRAY[days, n] ORDER BY days)
    FROM (SELECT days, sum(n)::integer AS n
          FROM (SELECT a[i][1] AS days, a[i][2] AS n FROM generate_subscripts(a, 1) AS i
                UNION ALL
                SELECT b[i][1], b[i][2] FROM generate_subscripts(b, 1) AS i) p
          GROUP BY days) s
    WHERE n <> 0;
$$;

-- The ranges a report reads: kind 'p' for each bucket's own days (the whole period, months or
-- ISO weeks, clipped to from..to), kind 'b' for every day before from, whose deltas give the open
-- and overdue cases when the period starts (bucket NULL). The state at the end of a bucket is
-- that base plus the deltas of the buckets up to it. With months, whole months come from grain
-- 'm' and the remaining days from grain 'd'; without (the cube has day rows only) everything
-- comes from grain 'd'. lo and hi are inclusive dates of the rows' day.
CREATE FUNCTION report_pieces(p_from date, p_to date, p_bucket text, p_months boolean)
RETURNS TABLE (bucket date, kind "char", grain "char", lo date, hi date)
LANGUAGE sql IMMUTABLE ROWS 8 AS $$
    WITH b AS (
        SELECT s::date AS bucket, greatest(s::date, p_from) AS bs,
               least(CASE p_bucket WHEN 'month' THEN (s + interval '1 month' - interval '1 day')::date
                                   WHEN 'week' THEN (s + interval '6 days')::date
                                   ELSE p_to END, p_to) AS be
        FROM generate_series(CASE p_bucket WHEN 'month' THEN date_trunc('month', p_from::timestamp)
                                           WHEN 'week' THEN date_trunc('week', p_from::timestamp)
                                           ELSE p_from::timestamp END,
                             p_to::timestamp,
                             CASE p_bucket WHEN 'month' THEN interval '1 month'
                                           WHEN 'week' THEN interval '1 week'
                                           ELSE interval '1000 years' END) s
    ), w AS (
        -- the whole months inside the bucket run from first_month to cut - 1 month (none when
        -- first_month is not before cut): cut is be + 1 when be ends a month, else the first of
        -- be's month
        SELECT b.*, CASE WHEN extract(day FROM bs) = 1 THEN bs
                         ELSE (date_trunc('month', bs::timestamp) + interval '1 month')::date
                    END AS first_month,
               date_trunc('month', (be + 1)::timestamp)::date AS cut
        FROM b
    ), base AS (
        SELECT date_trunc('month', p_from::timestamp)::date AS cut
    )
    SELECT w.bucket, 'p'::"char", x.grain, x.lo, x.hi
    FROM w CROSS JOIN LATERAL (VALUES
        ('m'::"char", w.first_month, w.cut - 1, p_months AND w.first_month < w.cut),
        ('d', w.bs, w.first_month - 1, p_months AND w.first_month < w.cut AND w.bs < w.first_month),
        ('d', w.cut, w.be, p_months AND w.first_month < w.cut AND w.cut <= w.be),
        ('d', w.bs, w.be, NOT p_months OR w.first_month >= w.cut)
    ) AS x(grain, lo, hi, wanted)
    WHERE x.wanted
    UNION ALL
    SELECT NULL, 'b', x.grain, x.lo, x.hi
    FROM base CROSS JOIN LATERAL (VALUES
        ('m'::"char", '-infinity'::date, base.cut - 1, p_months),
        ('d', base.cut, p_from - 1, p_months AND base.cut < p_from),
        ('d', '-infinity'::date, p_from - 1, NOT p_months)
    ) AS x(grain, lo, hi, wanted)
    WHERE x.wanted;
$$;

-- One case's contributions (as rollup_contributions returns them, in jsonb) times sign, each
-- twice: at its day (grain 'd') and at its month's first day (grain 'm').
CREATE FUNCTION rollup_rows(contributions jsonb, sign integer)
RETURNS TABLE (grain "char", day date, received integer, accepted integer, declined integer,
               assigned integer, resolved integer, failed integer, terminated integer,
               withdrawn integer, referred integer, prevented_escalation integer,
               prevented_mass_petition integer, close_days integer, close_days_sum integer,
               close_days_n integer, open_delta integer, overdue_delta integer)
LANGUAGE sql IMMUTABLE ROWS 12 AS $$
    SELECT g.grain, g.day, sign * k.received, sign * k.accepted, sign * k.declined,
           sign * k.assigned, sign * (k.outcome IS NOT DISTINCT FROM 'resolved')::int,
           sign * (k.outcome IS NOT DISTINCT FROM 'failed')::int,
           sign * (k.outcome IS NOT DISTINCT FROM 'terminated')::int,
           sign * (k.outcome IS NOT DISTINCT FROM 'withdrawn')::int,
           sign * (k.outcome IS NOT DISTINCT FROM 'referred')::int,
           sign * k.prevented_escalation, sign * k.prevented_mass_petition, k.close_days,
           sign * coalesce(k.close_days, 0), sign * (k.close_days IS NOT NULL)::int,
           sign * k.open_delta, sign * k.overdue_delta
    FROM jsonb_to_recordset(contributions) AS k(
             day date, received integer, accepted integer, declined integer,
             assigned integer, outcome case_outcome, prevented_escalation integer,
             prevented_mass_petition integer, close_days integer, open_delta integer,
             overdue_delta integer)
    CROSS JOIN LATERAL (VALUES ('d'::"char", k.day),
                               ('m'::"char", date_trunc('month', k.day::timestamp)::date))
        AS g(grain, day);
$$;

-- Adds sign × the given contributions of case c to the slices and the cube, one statement
-- each: the contributions are summed per row key first (two may fall on one day), so that each
-- row is written once.
CREATE OR REPLACE FUNCTION rollup_apply(c cases, sign integer, contributions jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_slices AS r (center_id, dim, grain, day, value, received, accepted, declined,
                                    assigned, resolved, failed, terminated, withdrawn, referred,
                                    prevented_escalation, prevented_mass_petition,
                                    close_days_sum, close_days_n, open_delta, overdue_delta,
                                    close_hist)
    SELECT c.center_id, s.dim, k.grain, k.day, s.value, sum(k.received), sum(k.accepted),
           sum(k.declined), sum(k.assigned), sum(k.resolved), sum(k.failed), sum(k.terminated),
           sum(k.withdrawn), sum(k.referred), sum(k.prevented_escalation),
           sum(k.prevented_mass_petition), sum(k.close_days_sum), sum(k.close_days_n),
           sum(k.open_delta), sum(k.overdue_delta),
           -- most changes close nothing: no histogram to normalize then
           CASE WHEN count(k.close_days) > 0
                THEN hist_merge(NULL, array_agg(ARRAY[k.close_days, k.close_days_n])
                                          FILTER (WHERE k.close_days IS NOT NULL)) END
    FROM rollup_rows(contributions, sign) k CROSS JOIN rollup_slices(c) s
    GROUP BY s.dim, k.grain, k.day, s.value
    ON CONFLICT (center_id, dim, grain, day, value) DO UPDATE SET
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
           coalesce(c.channel::text, 'none'), c.source, c.risk_level, sum(k.received), sum(k.accepted),
           sum(k.declined), sum(k.assigned), sum(k.resolved), sum(k.failed), sum(k.terminated),
           sum(k.withdrawn), sum(k.referred), sum(k.prevented_escalation),
           sum(k.prevented_mass_petition), sum(k.close_days_sum), sum(k.close_days_n),
           sum(k.open_delta), sum(k.overdue_delta),
           -- most changes close nothing: no histogram to normalize then
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

-- Agreements count on the close date of their case (a closed case's dimensions never change).
CREATE OR REPLACE FUNCTION agreement_rollup(a agreements, sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_slices AS r (center_id, dim, grain, day, value, agreements, agreement_fen)
    SELECT c.center_id, s.dim, g.grain, g.day, s.value, sign, sign * a.amount_fen
    FROM cases c JOIN centers ce ON ce.id = c.center_id
    CROSS JOIN LATERAL (SELECT (c.closed_at AT TIME ZONE ce.time_zone)::date AS day) d
    CROSS JOIN LATERAL (VALUES ('d'::"char", d.day),
                               ('m'::"char", date_trunc('month', d.day::timestamp)::date)) AS g(grain, day)
    CROSS JOIN rollup_slices(c) s
    WHERE c.id = a.case_id
    ON CONFLICT (center_id, dim, grain, day, value) DO UPDATE
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

-- The row-by-row rebuild (0005), for the tables as they are now: the reference that
-- tests/bench/rollup_check.sh compares the set-based rebuild and the triggers with.
CREATE OR REPLACE FUNCTION rollup_rebuild_rows(center integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c cases;
    a agreements;
BEGIN
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;
    FOR c IN SELECT * FROM cases WHERE center_id = center LOOP
        PERFORM rollup_apply(c, 1, (SELECT jsonb_agg(x) FROM rollup_contributions(c) x));
    END LOOP;
    FOR a IN SELECT g.* FROM agreements g JOIN cases k ON k.id = g.case_id
             WHERE k.center_id = center LOOP
        PERFORM agreement_rollup(a, 1);
    END LOOP;
END
$$;

-- The set-based rebuild (0005) for two grains and histogram arrays, in one statement: each
-- case's contributions (as rollup_contributions() makes them: change both or neither) are
-- computed once, in memory, and summed per cube cell; the cells are summed per slice and day
-- (GROUPING SETS: one pass for the seven slices), and those per slice and month. The
-- histograms are [days, n] pairs summed the same ways. A row exists exactly when some
-- contribution or agreement falls on its key, as with the row-by-row path. Run it while no one
-- else changes the center's cases (the seed command holds a lock on cases).
CREATE OR REPLACE FUNCTION rollup_rebuild_bulk(center integer) RETURNS void LANGUAGE plpgsql
SET work_mem = '1GB' AS $$
BEGIN
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;

    WITH d AS MATERIALIZED (
        -- each date once per case (a time zone conversion is the costly part)
        SELECT c.community_id, coalesce(c.mediator_id, 0) AS mediator_id, c.dispute_type,
               coalesce(c.channel::text, 'none') COLLATE "C" AS channel, c.source, c.risk_level,
               c.outcome, c.prevented_escalation::int AS pe,
               c.prevented_mass_petition::int AS pmp,
               (c.received_at AT TIME ZONE ce.time_zone)::date AS received_day,
               (c.accepted_at AT TIME ZONE ce.time_zone)::date AS accepted_day,
               (c.first_assigned_at AT TIME ZONE ce.time_zone)::date AS assigned_day,
               (c.declined_at AT TIME ZONE ce.time_zone)::date AS declined_day,
               (c.closed_at AT TIME ZONE ce.time_zone)::date AS closed_day,
               (c.due_at AT TIME ZONE ce.time_zone)::date AS due_day,
               (a.case_id IS NOT NULL)::int AS agreements, coalesce(a.amount_fen, 0) AS fen
        FROM cases c
        JOIN centers ce ON ce.id = c.center_id
        LEFT JOIN agreements a ON a.case_id = c.id
        WHERE c.center_id = center
    ), e AS (
        SELECT d.*, coalesce(d.closed_day, d.declined_day) AS ended_day FROM d
    ), contributions AS MATERIALIZED (
        SELECT e.community_id, e.mediator_id, e.dispute_type, e.channel, e.source, e.risk_level,
               x.*
        FROM e CROSS JOIN LATERAL (VALUES
            (e.received_day, 1, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::int, 1, 0, 0, 0::bigint),
            (e.accepted_day, 0, 1, 0, 0, NULL, 0, 0, NULL, 0, 0, 0, 0),
            (e.assigned_day, 0, 0, 0, 1, NULL, 0, 0, NULL, 0, 0, 0, 0),
            (e.declined_day, 0, 0, 1, 0, NULL, 0, 0, NULL, -1, 0, 0, 0),
            (e.closed_day, 0, 0, 0, 0, e.outcome, e.pe, e.pmp, e.closed_day - e.accepted_day, -1, 0,
             e.agreements, e.fen),
            -- overdue at the end of day D: still open then, and due before D ends
            (CASE WHEN e.due_day IS NOT NULL AND (e.ended_day IS NULL OR e.ended_day >= e.due_day)
                  THEN greatest(e.due_day, e.received_day) END,
             0, 0, 0, 0, NULL, 0, 0, NULL, 0, 1, 0, 0),
            (CASE WHEN e.due_day IS NOT NULL AND e.ended_day >= e.due_day THEN e.ended_day END,
             0, 0, 0, 0, NULL, 0, 0, NULL, 0, -1, 0, 0)
        ) AS x(day, received, accepted, declined, assigned, outcome, prevented_escalation,
               prevented_mass_petition, close_days, open_delta, overdue_delta, agreements,
               agreement_fen)
        WHERE x.day IS NOT NULL
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

SELECT rollup_rebuild(id) FROM centers;

-- Removes a center's rows from the rollup tables before a bulk rebuild (server/sql/
-- rollup_bulk_clear.sql): TRUNCATE when no other center has rows there. Returns true when it
-- truncated.
CREATE FUNCTION rollup_clear(center integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM report_cube WHERE center_id < center)
       AND NOT EXISTS (SELECT 1 FROM report_cube WHERE center_id > center)
       AND NOT EXISTS (SELECT 1 FROM report_slices WHERE center_id < center)
       AND NOT EXISTS (SELECT 1 FROM report_slices WHERE center_id > center) THEN
        TRUNCATE report_slices, report_cube;
        RETURN true;
    END IF;
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;
    RETURN false;
END
$$;
