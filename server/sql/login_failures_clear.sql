-- A successful login clears the username's failures.
-- $1 username
DELETE FROM login_failures WHERE username = $1
