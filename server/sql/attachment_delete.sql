-- Deletes an attachment (soft: deleted_at and who; the bytes stay).
-- $1 case_id, $2 attachment id, $3 actor name
UPDATE attachments SET deleted_at = now(), deleted_by = $3
WHERE case_id = $1::bigint AND id = $2::bigint AND deleted_at IS NULL
RETURNING id
