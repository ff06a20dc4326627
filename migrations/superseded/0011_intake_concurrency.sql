-- Bridge for the superseded texts of 0011_intake_concurrency.sql that already held what was later
-- moved into 0016_intake_plans.sql (commits 2d97c29, 713298e, d013465 .. 49d0f64; see
-- superseded.txt). 0016 creates rollup_slice_keys_opaque() and case_state_reachable_row() with
-- CREATE FUNCTION, which fails where those texts had created them already. The runner runs this
-- file once, in the transaction that records 0011's current checksum, before any pending
-- migration: it brings the database back to what 0011's current text leaves, so that 0013 ..
-- 0016 and later apply as on any other database. Written for every one of those texts (the
-- earlier ones lack the trigger's wrapper: IF EXISTS).

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

-- The parties' hash indexes that 2a276e6 .. 49d0f64 dropped: 0016 drops them (IF EXISTS).
