-- One chunk of an attachment's bytes.
-- $1 attachment id, $2 sequence number (from 0), $3 bytes (bytea, sent in binary)
INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1::bigint, $2::integer, $3::bytea)
