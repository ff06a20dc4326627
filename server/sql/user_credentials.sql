-- What a login needs to know about a username.
-- $1 username
SELECT u.id, u.password_hash, u.active
FROM users u
WHERE u.username = $1
