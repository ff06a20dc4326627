-- Bridge for superseded texts of 0011_intake_concurrency.sql (superseded.txt names them): the
-- runner runs it once, in the transaction that records 0011's current checksum, before any
-- pending migration. It brings the database back to what 0011's current text leaves, so that
-- 0013 .. 0016 and later apply as on any other database:
-- - the texts of 2d97c29 .. 49d0f64 already held what 8c71111 moved into 0016_intake_plans.sql;
--   0016 creates rollup_slice_keys_opaque() and case_state_reachable_row() with CREATE FUNCTION,
--   which fails where they exist (the earlier of those texts lack the second: IF EXISTS);
-- - the text of 7b2917b wrote rollup_fold() in SQL, which no later migration replaces.
-- Every statement leaves a database that has 0011's current text as it is, so one file serves
-- every entry. (The parties' hash indexes that 2a276e6 .. 49d0f64 dropped: 0016 drops them too.)

-- the pending rows' slice keys through rollup_slice_keys() itself, as 0011 has it (same columns:
-- the live views on this view stay)
CREATE OR REPLACE VIEW rollup_pending_slices AS
SELECT p.center_id, s.dim, p.grain, p.day, s.value, s.value2, p.received, p.accepted,
       p.declined, p.assigned, p.resolved, p.failed, p.terminated, p.withdrawn, p.referred,
       p.agreements, p.agreement_fen, p.prevented_escalation, p.prevented_mass_petition,
       p.close_days, p.close_days_sum, p.close_days_n, p.open_delta, p.overdue_delta
FROM rollup_pending p
CROSS JOIN LATERAL rollup_slice_keys(p.community_id, p.mediator_id, p.dispute_type, p.channel,
                                     p.source, p.risk_level) s
WHERE p.grain = 'm' OR NOT s.month_only;
DROP FUNCTION IF EXISTS rollup_slice_keys_opaque(bigint, bigint, dispute_type, text, case_source,
                                                 risk_level);

-- the insert guard as 0007 created it
DROP TRIGGER cases_insert_guard ON cases;
CREATE TRIGGER cases_insert_guard BEFORE INSERT ON cases
    FOR EACH ROW WHEN (NEW.status <> 'received'
                       AND NOT (coalesce(current_setting('mediation.bulk_load', true), '') = 'on'
                                AND case_state_reachable(NEW)))
    EXECUTE FUNCTION cases_insert_guard();
DROP FUNCTION IF EXISTS case_state_reachable_row(cases);

-- rollup_fold() as 0011 has it, in PL/pgSQL (the text of 7b2917b and before wrote it in SQL)
CREATE OR REPLACE FUNCTION rollup_fold(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    folded integer;
BEGIN
    WITH taken AS (
        DELETE FROM rollup_pending
        WHERE id IN (SELECT id FROM rollup_pending ORDER BY id LIMIT max_rows
                     FOR UPDATE SKIP LOCKED)
        RETURNING *
    ), slices AS (
        INSERT INTO report_slices AS r (center_id, dim, grain, day, value, value2, received,
                                        accepted, declined, assigned, resolved, failed, terminated,
                                        withdrawn, referred, agreements, agreement_fen,
                                        prevented_escalation, prevented_mass_petition,
                                        close_days_sum, close_days_n, open_delta, overdue_delta,
                                        close_hist)
        SELECT p.center_id, s.dim, p.grain, p.day, s.value, s.value2, sum(p.received),
               sum(p.accepted), sum(p.declined), sum(p.assigned), sum(p.resolved), sum(p.failed),
               sum(p.terminated), sum(p.withdrawn), sum(p.referred), sum(p.agreements),
               sum(p.agreement_fen), sum(p.prevented_escalation), sum(p.prevented_mass_petition),
               sum(p.close_days_sum), sum(p.close_days_n), sum(p.open_delta), sum(p.overdue_delta),
               CASE WHEN count(p.close_days) > 0
                    THEN hist_merge(NULL, array_agg(ARRAY[p.close_days, p.close_days_n])
                                              FILTER (WHERE p.close_days IS NOT NULL)) END
        FROM taken p
        CROSS JOIN LATERAL rollup_slice_keys(p.community_id, p.mediator_id, p.dispute_type,
                                             p.channel, p.source, p.risk_level) s
        WHERE p.grain = 'm' OR NOT s.month_only
        GROUP BY p.center_id, s.dim, p.grain, p.day, s.value, s.value2
        ORDER BY p.center_id, s.dim, p.grain, p.day, s.value, s.value2
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
            agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen,
            prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
            prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
            close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
            close_days_n = r.close_days_n + EXCLUDED.close_days_n,
            open_delta = r.open_delta + EXCLUDED.open_delta,
            overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta,
            close_hist = CASE WHEN EXCLUDED.close_hist IS NULL THEN r.close_hist
                              ELSE hist_merge(r.close_hist, EXCLUDED.close_hist) END
        RETURNING 1
    ), cube AS (
        INSERT INTO report_cube AS r (center_id, day, community_id, mediator_id, dispute_type,
                                      channel, source, risk_level, received, accepted, declined,
                                      assigned, resolved, failed, terminated, withdrawn, referred,
                                      agreements, agreement_fen, prevented_escalation,
                                      prevented_mass_petition, close_days_sum, close_days_n,
                                      open_delta, overdue_delta, close_hist)
        SELECT p.center_id, p.day, p.community_id, p.mediator_id, p.dispute_type, p.channel,
               p.source, p.risk_level, sum(p.received), sum(p.accepted), sum(p.declined),
               sum(p.assigned), sum(p.resolved), sum(p.failed), sum(p.terminated), sum(p.withdrawn),
               sum(p.referred), sum(p.agreements), sum(p.agreement_fen), sum(p.prevented_escalation),
               sum(p.prevented_mass_petition), sum(p.close_days_sum), sum(p.close_days_n),
               sum(p.open_delta), sum(p.overdue_delta),
               CASE WHEN count(p.close_days) > 0
                    THEN hist_merge(NULL, array_agg(ARRAY[p.close_days, p.close_days_n])
                                              FILTER (WHERE p.close_days IS NOT NULL)) END
        FROM taken p
        WHERE p.grain = 'd'
        GROUP BY p.center_id, p.day, p.community_id, p.mediator_id, p.dispute_type, p.channel,
                 p.source, p.risk_level
        ORDER BY p.center_id, p.day, p.community_id, p.mediator_id, p.dispute_type, p.channel,
                 p.source, p.risk_level
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
            agreements = r.agreements + EXCLUDED.agreements,
            agreement_fen = r.agreement_fen + EXCLUDED.agreement_fen,
            prevented_escalation = r.prevented_escalation + EXCLUDED.prevented_escalation,
            prevented_mass_petition = r.prevented_mass_petition + EXCLUDED.prevented_mass_petition,
            close_days_sum = r.close_days_sum + EXCLUDED.close_days_sum,
            close_days_n = r.close_days_n + EXCLUDED.close_days_n,
            open_delta = r.open_delta + EXCLUDED.open_delta,
            overdue_delta = r.overdue_delta + EXCLUDED.overdue_delta,
            close_hist = CASE WHEN EXCLUDED.close_hist IS NULL THEN r.close_hist
                              ELSE hist_merge(r.close_hist, EXCLUDED.close_hist) END
        RETURNING 1
    )
    SELECT count(*)::integer INTO folded FROM taken;
    RETURN folded;
END
$$;
