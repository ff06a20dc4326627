-- A case's attachments that are not deleted, by id (keyset).
-- $1 case_id, $2 after id, $3 limit, $4 include ID copies (boolean)
SELECT id, case_id, kind, filename, content_type, size, encode(sha256, 'hex'),
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), created_by, chunks
FROM attachments
WHERE case_id = $1::bigint AND deleted_at IS NULL AND id > $2::bigint
  AND ($4::boolean OR kind <> 'id_copy')
ORDER BY id
LIMIT $3::integer
