-- Keeps the keyed hash of a portal application's tracking code.
-- $1 case_id, $2 code hash (bytea, 32 bytes, binary)
INSERT INTO portal_access (case_id, code_hash) VALUES ($1, $2::bytea)
