-- Registers a case in one statement: takes the next number of its center and year (in the
-- center's time zone) from that year's sequence (migration 0011: no lock, a gap only when the
-- transaction fails), and inserts the case, its search text, its parties (in the order given)
-- and its audit events: 'intake' (received) and, for a red risk level, 'risk.red' (红色预警:
-- supervisors are told at once). Nothing when the community is not the center's: no row.
-- $1 center_id, $2 dispute_type, $3 source, $4 community_id, $5 summary, $6 claims,
-- $7 occurred_on (date or NULL), $8 risk_level, $9 external system, $10 external id (both or
-- neither NULL), $11 search text, $12 actor key id, $13 actor user id (one of the two NULL),
-- $14 actor name, $15 request id; the parties as arrays of equal length: $16 roles, $17 kinds,
-- $18 names (text[]), $19 ID numbers (text[], NULL elements), $20 ID-number hashes (bytea[]),
-- $21 phones (text[]), $22 phone hashes (bytea[]), $23 addresses (text[])
WITH center AS (
    SELECT c.id, c.code, extract(year FROM now() AT TIME ZONE c.time_zone)::int AS year
    FROM centers c
    WHERE c.id = $1 AND EXISTS (SELECT 1 FROM communities m WHERE m.id = $4 AND m.center_id = c.id)
), new_case AS (
    INSERT INTO cases (center_id, case_no, dispute_type, source, community_id, summary, claims,
                       occurred_on, risk_level, external_system, external_id)
    SELECT c.id, c.code || '-' || c.year || '-' ||
               CASE WHEN k.seq < 1000000 THEN lpad(k.seq::text, 6, '0') ELSE k.seq::text END,
           $2::dispute_type, $3::case_source, $4, $5, $6, $7::date, $8::risk_level, $9, $10
    FROM center c CROSS JOIN LATERAL (SELECT case_number_reserve(c.id, c.year) AS seq) k
    RETURNING id, center_id, case_no
), search AS (
    INSERT INTO case_search (case_id, search_text) SELECT id, $11 FROM new_case
), new_parties AS (
    INSERT INTO parties (case_id, position, role, kind, name, id_number, id_hash, phone,
                         phone_hash, address)
    SELECT n.id, p.position, p.role::party_role, p.kind::party_kind, p.name, p.id_number,
           p.id_hash, p.phone, p.phone_hash, p.address
    FROM new_case n
    CROSS JOIN unnest($16::text[], $17::text[], $18::text[], $19::text[], $20::bytea[],
                      $21::text[], $22::bytea[], $23::text[])
        WITH ORDINALITY AS p(role, kind, name, id_number, id_hash, phone, phone_hash, address,
                             position)
), events AS (
    INSERT INTO case_events (case_id, center_id, actor_key_id, actor_user_id, actor, action,
                             from_status, to_status, after, reason, request_id)
    SELECT n.id, n.center_id, $12, $13, $14, e.action, NULL, e.to_status::case_status, e.after,
           e.reason, $15
    FROM new_case n
    CROSS JOIN LATERAL (
        VALUES (1, 'intake', 'received',
                jsonb_build_object('case_no', n.case_no, 'dispute_type', $2::text,
                                   'source', $3::text, 'risk_level', $8::text,
                                   'community_id', $4::bigint,
                                   'parties', cardinality($18::text[])),
                NULL),
               (2, 'risk.red', NULL, '{"risk_level":"red"}'::jsonb, 'red risk at intake')
    ) AS e(seq, action, to_status, after, reason)
    WHERE e.seq = 1 OR $8 = 'red'
    ORDER BY e.seq
)
SELECT id FROM new_case
