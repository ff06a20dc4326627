-- Records a failed login and forgets failures that have left every window.
-- $1 username, $2 client address
WITH gone AS (
    DELETE FROM login_failures WHERE at < now() - interval '10 minutes'
)
INSERT INTO login_failures (username, client_addr) VALUES ($1, $2)
