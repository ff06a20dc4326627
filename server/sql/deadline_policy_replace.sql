-- Replaces a center's deadline policy with the given rows and writes the audit event (before and
-- after) in the same statement. Runs after deadline_policy_lock in the same transaction.
-- $1 center_id, $2 dispute types (a dispute_type[] literal; NULL elements: any type),
-- $3 risk levels (risk_level[]), $4 days (integer[]), $5 max extension days (integer[]): four
-- arrays of one length, one element a row; $6 actor key id, $7 actor user id, $8 actor name,
-- $9 request id
WITH old AS (
    DELETE FROM deadline_policies WHERE center_id = $1
    RETURNING dispute_type, risk_level, days, max_extension_days
), new AS (
    INSERT INTO deadline_policies (center_id, dispute_type, risk_level, days, max_extension_days)
    SELECT $1, r.dispute_type, r.risk_level, r.days, r.max_extension_days
    FROM unnest($2::dispute_type[], $3::risk_level[], $4::integer[], $5::integer[])
         AS r (dispute_type, risk_level, days, max_extension_days)
    -- reading old first makes the DELETE finish before any INSERT (the unique key would clash)
    WHERE (SELECT count(*) FROM old) >= 0
    RETURNING dispute_type, risk_level, days, max_extension_days
), audit AS (
    INSERT INTO audit_events (center_id, actor_key_id, actor_user_id, actor, action, entity,
                              entity_id, before, after, request_id)
    SELECT $1, $6, $7, $8, 'deadline_policy.replace', 'deadline_policy', $1,
           jsonb_build_object('items', (
               SELECT coalesce(jsonb_agg(to_jsonb(o) ORDER BY o.dispute_type NULLS FIRST,
                                         o.risk_level), '[]'::jsonb)
               FROM old o)),
           jsonb_build_object('items', (
               SELECT coalesce(jsonb_agg(to_jsonb(n) ORDER BY n.dispute_type NULLS FIRST,
                                         n.risk_level), '[]'::jsonb)
               FROM new n)),
           $9
)
SELECT count(*) FROM new
