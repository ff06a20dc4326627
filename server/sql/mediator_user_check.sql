-- What linking a user to a mediator needs to know: the user's center and role, and the mediator
-- already linked to them. Locks the user's row (FOR SHARE) until the transaction ends, so the role
-- cannot change between this check and the link.
-- $1 user id
SELECT u.center_id, u.role::text, (SELECT m.id FROM mediators m WHERE m.user_id = u.id)
FROM users u
WHERE u.id = $1
FOR SHARE OF u
