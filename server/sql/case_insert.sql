-- Registers a case in one statement: takes the next number of its center and year (in the
-- center's time zone) from that year's sequence (migration 0011: no lock, a gap only when the
-- transaction fails), and inserts the case, its search text, its parties (in the order given)
-- and its audit events: 'intake' (received), for a red risk level 'risk.red' (红色预警:
-- supervisors are told at once), and, when the answer shows the parties in clear, 'pii.view'
-- (who saw whose personal data: $24 and $25, as api/case_view.c makes them). Nothing when
-- the community is not the center's or occurred_on is after today in the center's time zone: no
-- row (case_intake_refusal.sql says which).
-- Returns what the answer needs, from what the inserts returned (the case is not read back):
-- case_get.sql's columns, one row per party, and then the possible duplicates: the newest open
-- cases of the center (at most 20) that share an ID-number or phone hash with a party, one index
-- range of open_party_hashes (migration 0011) per hash of at most 20 rows, however many earlier
-- cases share it, as lines "id status case_no" (NULL when none). The new case itself is not
-- among them: the statement's snapshot does not see its own inserts.
-- $1 center_id, $2 dispute_type, $3 source, $4 community_id, $5 summary, $6 claims,
-- $7 occurred_on (date or NULL), $8 risk_level, $9 external system, $10 external id (both or
-- neither NULL), $11 search text, $12 actor key id, $13 actor user id (one of the two NULL),
-- $14 actor name, $15 request id; the parties as arrays of equal length: $16 roles, $17 kinds,
-- $18 names (text[]), $19 ID numbers (text[], NULL elements), $20 ID-number hashes (bytea[]),
-- $21 phones (text[]), $22 phone hashes (bytea[]), $23 addresses (text[]), $24 and $25 the after
-- JSON and the reason of the 'pii.view' event (NULL: the answer is masked, no event)
WITH center AS (
    SELECT c.id, c.code, extract(year FROM now() AT TIME ZONE c.time_zone)::int AS year
    FROM centers c
    WHERE c.id = $1 AND EXISTS (SELECT 1 FROM communities m WHERE m.id = $4 AND m.center_id = c.id)
      -- occurred_on not after today in the center's time zone
      AND ($7::date IS NULL OR $7::date <= (now() AT TIME ZONE c.time_zone)::date)
), new_case AS (
    INSERT INTO cases (center_id, case_no, dispute_type, source, community_id, summary, claims,
                       occurred_on, risk_level, external_system, external_id)
    SELECT c.id, c.code || '-' || c.year || '-' ||
               CASE WHEN k.seq < 1000000 THEN lpad(k.seq::text, 6, '0') ELSE k.seq::text END,
           $2::dispute_type, $3::case_source, $4, $5, $6, $7::date, $8::risk_level, $9, $10
    FROM center c CROSS JOIN LATERAL (SELECT case_number_reserve(c.id, c.year) AS seq) k
    RETURNING *
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
    RETURNING id, position, role, kind, name, id_number, phone, address
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
               (2, 'risk.red', NULL, '{"risk_level":"red"}'::jsonb, 'red risk at intake'),
               (3, 'pii.view', NULL, $24::jsonb, $25::text)
    ) AS e(seq, action, to_status, after, reason)
    WHERE e.seq = 1 OR (e.seq = 2 AND $8 = 'red') OR (e.seq = 3 AND $24 IS NOT NULL)
    ORDER BY e.seq
), duplicates AS (
    SELECT string_agg(c.id || ' ' || c.status || ' ' || c.case_no, E'\n' ORDER BY c.id DESC) AS list
    FROM (SELECT DISTINCT m.case_id
          FROM (SELECT DISTINCT h.hash FROM unnest($20::bytea[] || $22::bytea[]) AS h(hash)
                WHERE h.hash IS NOT NULL) mine
          CROSS JOIN LATERAL (
              SELECT o.case_id FROM open_party_hashes o
              WHERE o.center_id = $1 AND o.hash = mine.hash
              ORDER BY o.case_id DESC
              LIMIT 20) m
          ORDER BY m.case_id DESC
          LIMIT 20) d
    JOIN cases c ON c.id = d.case_id
)
SELECT n.id, n.center_id, ce.code, n.case_no, n.status::text, n.dispute_type::text,
       n.source::text, n.community_id, n.summary, n.claims, n.occurred_on::text,
       n.risk_level::text, n.channel::text, n.mediator_id,
       to_char(n.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(n.accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(n.assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(n.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(n.paused_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       n.extended_days,
       to_char(n.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       n.outcome::text, n.outcome_note, n.referred_to, n.prevented_escalation,
       n.prevented_mass_petition, n.decline_reason, n.referral_advice, n.external_system,
       n.external_id, n.version,
       to_char(n.return_visit_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       n.return_visit_note, n.performance::text, n.judicial_confirmation,
       (n.status IN ('accepted', 'assigned', 'in_mediation') AND n.paused_at IS NULL
        AND n.due_at < now()) AS overdue,
       -- no agreement and no mediator yet
       NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::bigint,
       p.id, p.role::text, p.kind::text, p.name, p.id_number, p.phone, p.address,
       d.list
FROM new_case n
CROSS JOIN center ce
CROSS JOIN duplicates d
LEFT JOIN new_parties p ON true
ORDER BY p.position
