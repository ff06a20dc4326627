-- One attachment of a case, not deleted.
-- $1 case_id, $2 attachment id
SELECT id, case_id, kind, filename, content_type, size, encode(sha256, 'hex'),
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), created_by, chunks
FROM attachments
WHERE case_id = $1::bigint AND id = $2::bigint AND deleted_at IS NULL
