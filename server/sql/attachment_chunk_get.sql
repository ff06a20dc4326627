-- One chunk of an attachment's bytes (the result is read in binary).
-- $1 attachment id, $2 sequence number
SELECT data FROM attachment_chunks WHERE attachment_id = $1::bigint AND seq = $2::integer
