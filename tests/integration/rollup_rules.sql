-- The rule of what a case contributes to the report rollups, rollup_day_contributions()
-- (migration 0026), case by case: the cases the generator's C copy was unit tested with before
-- the rule was defined once. Days are numbered from d(0) = 2025-01-01. Run by rollups_agree.sh
-- with ON_ERROR_STOP: a failed ASSERT fails the test.
DO $$
DECLARE
    d0 constant date := date '2025-01-01';
    r record;
BEGIN
    -- received and open from its day, nothing else
    SELECT count(*) AS n, sum(received) FILTER (WHERE day = d0 + 100) AS received,
           sum(open_delta) FILTER (WHERE day = d0 + 100) AS open, sum(overdue_delta) AS overdue
    INTO r
    FROM rollup_day_contributions(d0 + 100, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ASSERT r.n = 1 AND r.received = 1 AND r.open = 1 AND r.overdue = 0, 'received: ' || r::text;

    -- declined: no longer open from its decline day, no close days
    SELECT sum(declined) FILTER (WHERE day = d0 + 102) AS declined,
           sum(open_delta) FILTER (WHERE day = d0 + 102) AS closing, sum(open_delta) AS open,
           count(close_days) AS close_days_n
    INTO r
    FROM rollup_day_contributions(d0 + 100, NULL, NULL, d0 + 102, NULL, NULL, NULL, NULL, NULL,
                                  NULL);
    ASSERT r.declined = 1 AND r.closing = -1 AND r.open = 0 AND r.close_days_n = 0,
        'declined: ' || r::text;

    -- resolved with an agreement, closed before its due day: counts on the close day, never
    -- overdue, 19 days from acceptance
    SELECT sum(accepted) FILTER (WHERE day = d0 + 101) AS accepted,
           sum(assigned) FILTER (WHERE day = d0 + 103) AS assigned,
           count(*) FILTER (WHERE day = d0 + 120 AND outcome = 'resolved') AS resolved,
           sum(agreements) FILTER (WHERE day = d0 + 120) AS agreements,
           sum(agreement_fen) FILTER (WHERE day = d0 + 120) AS fen,
           sum(prevented_escalation) FILTER (WHERE day = d0 + 120) AS prevented,
           sum(prevented_mass_petition) AS mass, array_agg(close_days) FILTER (
               WHERE close_days IS NOT NULL) AS close_days,
           sum(open_delta) AS open, sum(overdue_delta) AS overdue,
           count(*) FILTER (WHERE overdue_delta <> 0) AS overdue_rows
    INTO r
    FROM rollup_day_contributions(d0 + 100, d0 + 101, d0 + 103, NULL, d0 + 120, d0 + 131,
                                  'resolved', true, false, 250000);
    ASSERT r.accepted = 1 AND r.assigned = 1 AND r.resolved = 1 AND r.agreements = 1
           AND r.fen = 250000 AND r.prevented = 1 AND r.mass = 0 AND r.close_days = '{19}'
           AND r.open = 0 AND r.overdue = 0 AND r.overdue_rows = 0, 'resolved: ' || r::text;

    -- due on 110, failed on 115: overdue at the end of days 110 to 114
    SELECT sum(overdue_delta) FILTER (WHERE day = d0 + 110) AS starts,
           sum(overdue_delta) FILTER (WHERE day = d0 + 115) AS ends,
           count(*) FILTER (WHERE day = d0 + 115 AND outcome = 'failed') AS failed
    INTO r
    FROM rollup_day_contributions(d0 + 100, d0 + 100, NULL, NULL, d0 + 115, d0 + 110, 'failed',
                                  false, false, NULL);
    ASSERT r.starts = 1 AND r.ends = -1 AND r.failed = 1, 'overdue: ' || r::text;

    -- closed on its due day: overdue starts and ends that day
    SELECT coalesce(sum(overdue_delta) FILTER (WHERE day = d0 + 110), 0) AS that_day,
           coalesce(sum(overdue_delta), 0) AS overdue
    INTO r
    FROM rollup_day_contributions(d0 + 100, d0 + 100, NULL, NULL, d0 + 110, d0 + 110, 'failed',
                                  false, false, NULL);
    ASSERT r.that_day = 0 AND r.overdue = 0, 'closed on the due day: ' || r::text;

    -- still open and past due: overdue from the due day on
    SELECT sum(overdue_delta) AS overdue,
           sum(overdue_delta) FILTER (WHERE day = d0 + 110) AS starts
    INTO r
    FROM rollup_day_contributions(d0 + 100, d0 + 100, NULL, NULL, NULL, d0 + 110, NULL, NULL,
                                  NULL, NULL);
    ASSERT r.overdue = 1 AND r.starts = 1, 'open past due: ' || r::text;

    -- a deadline before the case was received (backdated) counts from the received day
    SELECT sum(overdue_delta) FILTER (WHERE day = d0 + 100) AS starts
    INTO r
    FROM rollup_day_contributions(d0 + 100, d0 + 100, NULL, NULL, NULL, d0 + 95, NULL, NULL,
                                  NULL, NULL);
    ASSERT r.starts = 1, 'backdated deadline: ' || r::text;

    -- withdrawn before acceptance: no close days, never accepted
    SELECT count(*) FILTER (WHERE day = d0 + 101 AND outcome = 'withdrawn') AS withdrawn,
           count(close_days) AS close_days_n, sum(accepted) AS accepted
    INTO r
    FROM rollup_day_contributions(d0 + 100, NULL, NULL, NULL, d0 + 101, NULL, 'withdrawn', false,
                                  false, NULL);
    ASSERT r.withdrawn = 1 AND r.close_days_n = 0 AND r.accepted = 0, 'withdrawn: ' || r::text;
END
$$;
