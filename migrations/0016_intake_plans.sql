-- Intake and report plans: what was learnt from profiles after migration 0011 was written. Each
-- step is written so that it applies to a database that has 0011 as it was first committed.
--
--   1. The pending rows' slice keys through a PL/pgSQL wrapper the planner does not inline.
--   2. The parties' own hash indexes dropped.
--   3. The insert guard's WHEN clause no longer makes every INSERT parse a SQL function.

-- 1. rollup_slice_keys() for rollup_pending_slices, in PL/pgSQL so that the planner does not
-- inline it: inlined, its union of 22 keys made every report's plan several times costlier to
-- make, for a table of a few hundred rows (a report's statements are planned on every call:
-- summary 590 -> 1,260 req/s at 16 clients). The view keeps its columns, so the live views built
-- on it (rollup_live_views_create) stay as they are.
CREATE FUNCTION rollup_slice_keys_opaque(community_id bigint, mediator_id bigint,
                                         dispute_type dispute_type, channel text,
                                         source case_source, risk_level risk_level)
RETURNS TABLE (dim text, value text, value2 text, month_only boolean)
LANGUAGE plpgsql IMMUTABLE ROWS 22 AS $$
BEGIN
    RETURN QUERY SELECT * FROM rollup_slice_keys(community_id, mediator_id, dispute_type, channel,
                                                 source, risk_level);
END
$$;

CREATE OR REPLACE VIEW rollup_pending_slices AS
SELECT p.center_id, s.dim, p.grain, p.day, s.value, s.value2, p.received, p.accepted,
       p.declined, p.assigned, p.resolved, p.failed, p.terminated, p.withdrawn, p.referred,
       p.agreements, p.agreement_fen, p.prevented_escalation, p.prevented_mass_petition,
       p.close_days, p.close_days_sum, p.close_days_n, p.open_delta, p.overdue_delta
FROM rollup_pending p
CROSS JOIN LATERAL rollup_slice_keys_opaque(p.community_id, p.mediator_id, p.dispute_type,
                                            p.channel, p.source, p.risk_level) s
WHERE p.grain = 'm' OR NOT s.month_only;

-- 2. The parties' own hash indexes served only the duplicate check, which reads
-- open_party_hashes (0011). They were the intake's most expensive index inserts: a keyed hash
-- lands on a random leaf page, which after each checkpoint costs a full-page image in the WAL. A
-- query that needs a person's whole history (closed cases too) would bring one back.
DROP INDEX IF EXISTS parties_id_hash;
DROP INDEX IF EXISTS parties_phone_hash;

-- 3. cases_insert_guard's WHEN clause (0007) called case_state_reachable(NEW), a SQL function that
-- the planner inlines: the WHEN clause is prepared for every INSERT statement, so every intake
-- parsed that function's body again (a fifth of an intake's CPU, in a profile). The clause now
-- calls it through a PL/pgSQL wrapper, which the planner leaves alone and which keeps its own
-- plan for the session; a bulk load (one COPY statement) pays one call per row that is not
-- received, as the rule is unchanged. A trigger's WHEN cannot be altered: dropped and created.
CREATE FUNCTION case_state_reachable_row(c cases) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN case_state_reachable(c);
END
$$;

DROP TRIGGER cases_insert_guard ON cases;
CREATE TRIGGER cases_insert_guard BEFORE INSERT ON cases
    FOR EACH ROW WHEN (NEW.status <> 'received'
                       AND NOT (coalesce(current_setting('mediation.bulk_load', true), '') = 'on'
                                AND case_state_reachable_row(NEW)))
    EXECUTE FUNCTION cases_insert_guard();
