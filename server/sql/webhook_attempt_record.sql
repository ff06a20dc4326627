-- Records one attempt of a delivery and what follows: delivered, due again after a delay, or
-- dead (no attempt left), in one statement.
-- $1 delivery id, $2 attempt number, $3 started at (timestamptz text), $4 HTTP status (NULL: no
-- answer), $5 latency ms, $6 error (NULL when none), $7 outcome ('delivered', 'retry', 'dead'),
-- $8 delay before the next attempt in ms (retry), $9 instance name
WITH attempt AS (
    INSERT INTO webhook_attempts (delivery_id, attempt, started_at, status_code, latency_ms, error,
                                  instance)
    VALUES ($1::bigint, $2::integer, $3::timestamptz, $4::integer, $5::integer, left($6, 500), $9)
)
UPDATE webhook_deliveries d
SET state = CASE $7 WHEN 'delivered' THEN 'delivered' WHEN 'dead' THEN 'dead' ELSE 'pending' END,
    next_attempt_at = CASE $7 WHEN 'retry'
                              THEN now() + make_interval(secs => $8::double precision / 1000)
                              ELSE d.next_attempt_at END,
    last_status = $4::integer,
    last_error = left($6, 500),
    delivered_at = CASE $7 WHEN 'delivered' THEN now() ELSE d.delivered_at END
WHERE d.id = $1::bigint
RETURNING d.state
