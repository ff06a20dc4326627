-- Registers an attachment of a case (its chunks follow with attachment_chunk_insert.sql, in the
-- same transaction).
-- $1 case_id, $2 kind, $3 filename, $4 content type, $5 size, $6 sha256 (bytea, 32 bytes,
-- binary), $7 chunk count, $8 author
INSERT INTO attachments (center_id, case_id, kind, filename, content_type, size, sha256, chunks,
                         created_by)
SELECT c.center_id, c.id, $2, $3, $4, $5::bigint, $6::bytea, $7::integer, $8
FROM cases c WHERE c.id = $1::bigint
RETURNING id, case_id, kind, filename, content_type, size, encode(sha256, 'hex'),
          to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), created_by, chunks
