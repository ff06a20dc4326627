-- Failed logins in the last minute for a username and for a client address, and the seconds until
-- the oldest of the username's (or address's) failures leaves the window.
-- $1 username, $2 client address
SELECT (SELECT count(*) FROM login_failures WHERE username = $1 AND at > now() - interval '1 minute'),
       (SELECT count(*) FROM login_failures WHERE client_addr = $2 AND at > now() - interval '1 minute'),
       greatest(1, ceil(extract(epoch FROM (
           (SELECT min(at) FROM login_failures
            WHERE (username = $1 OR client_addr = $2) AND at > now() - interval '1 minute')
           + interval '1 minute' - now()))))::int
