-- Seed: inserts the planned parties with their keyed hashes: id_hash and phone_hash are
-- HMAC-SHA256 of the normalised number under the server's PII key, exactly as intake computes
-- them in C (the pads are computed once; hmac_sha256() in migration 0005 is the same function).
-- Returns the number inserted. (The plan is already in case order, as seed_party_plan wrote it.)
-- $1 PII hash key (text)
WITH k AS MATERIALIZED (
    SELECT hmac_sha256_pad(b, 54) AS inner_pad, hmac_sha256_pad(b, 92) AS outer_pad
    FROM (SELECT hmac_sha256_block(convert_to($1::text, 'UTF8')) AS b) x
)
INSERT INTO parties (case_id, position, role, kind, name, id_number, id_hash, phone, phone_hash,
                     address)
SELECT s.case_id, s.position, s.role, s.kind, s.name, s.id_number,
       sha256(k.outer_pad || sha256(k.inner_pad || convert_to(s.id_number, 'UTF8'))),
       s.phone, sha256(k.outer_pad || sha256(k.inner_pad || convert_to(s.phone, 'UTF8'))),
       s.address
FROM seed_party_plan s, k
