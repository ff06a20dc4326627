-- Failed logins in the last minute for a username and for a client address, and for each the
-- seconds until its oldest failure leaves the window.
-- $1 username, $2 client address
WITH u AS (
    SELECT count(*) AS n, min(at) AS oldest FROM login_failures
    WHERE username = $1 AND at > now() - interval '1 minute'
), c AS (
    SELECT count(*) AS n, min(at) AS oldest FROM login_failures
    WHERE client_addr = $2 AND at > now() - interval '1 minute'
)
SELECT u.n, c.n,
       greatest(1, ceil(extract(epoch FROM (u.oldest + interval '1 minute' - now()))))::int,
       greatest(1, ceil(extract(epoch FROM (c.oldest + interval '1 minute' - now()))))::int
FROM u, c
