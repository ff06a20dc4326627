-- Names for the community and mediator ids a report shows.
-- $1 community ids (bigint[] as text), $2 mediator ids (bigint[] as text)
SELECT 'community', id, name FROM communities WHERE id = ANY ($1::bigint[])
UNION ALL
SELECT 'mediator', id, name FROM mediators WHERE id = ANY ($2::bigint[])
