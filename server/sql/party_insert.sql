-- One party of a case.
-- $1 case_id, $2 position, $3 role, $4 kind, $5 name, $6 id number, $7 id hash bytea (binary),
-- $8 phone, $9 phone hash bytea (binary), $10 address
INSERT INTO parties (case_id, position, role, kind, name, id_number, id_hash, phone, phone_hash,
                     address)
VALUES ($1, $2, $3::party_role, $4::party_kind, $5, $6, $7, $8, $9, $10)
