-- Freezes a report under a number such as WD-R-2026-000001 (CITY for city-level reports).
-- $1 center_id (NULL: city-level), $2 report, $3 params (json text), $4 result (json text),
-- $5 actor name, $6 actor key id, $7 actor user id
WITH s AS (
    INSERT INTO report_snapshots (center_id, number, report, params, result, created_by,
                                  actor_key_id, actor_user_id)
    SELECT $1, coalesce(c.code, 'CITY') || '-R-' ||
               extract(year FROM now() AT TIME ZONE coalesce(c.time_zone, 'Asia/Shanghai')) ||
               '-' || n.text,
           $2, $3::jsonb, $4::jsonb, $5, $6, $7
    FROM (SELECT CASE WHEN v < 1000000 THEN lpad(v::text, 6, '0') ELSE v::text END AS text
          FROM nextval('report_snapshot_numbers') v) n
    LEFT JOIN centers c ON c.id = $1
    RETURNING number, created_at
)
SELECT number, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM s
