-- 0005: what the data generator (`mediationd seed`) and a fast rollup rebuild need.
--
-- * rollup_rebuild_bulk(center): the report rollups of a center recomputed set-based (a few
--   GROUP BYs over all its cases) instead of row by row. It writes exactly the rows the
--   row-by-row path writes; rollup_rebuild() now calls it, and the row-by-row original stays as
--   rollup_rebuild_rows() so the two can be compared (tests/bench/rollup_check.sh).
-- * hmac_sha256(): HMAC-SHA256 (RFC 2104) from the built-in sha256(), equal to what the server
--   computes in C for parties.id_hash / phone_hash, without the pgcrypto extension.
-- * resident_id_check_char() / uscc_check_char(): GB 11643 and GB 32100 check characters, the
--   same rules as server/src/domain/identity.c.
-- * seed_u(): a deterministic uniform number in [0, 1) from (seed, n, k).
-- * seed_plan, seed_party_plan: the generator's plan of cases and parties, unlogged and empty
--   outside a seed transaction.
-- * seed_indexes_drop() / seed_indexes_restore(): a large seed's bulk-load technique (drop the
--   plain secondary indexes, build them again at the end), remembered in seed_dropped_indexes.

-- Rollups, set-based --------------------------------------------------------------------------

-- The row-by-row rebuild of 0004, kept under another name as the reference for the set-based one.
CREATE FUNCTION rollup_rebuild_rows(center integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c cases;
    a agreements;
BEGIN
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;
    DELETE FROM report_close_days WHERE center_id = center;
    DELETE FROM report_cube_close_days WHERE center_id = center;
    FOR c IN SELECT * FROM cases WHERE center_id = center LOOP
        PERFORM rollup_apply(c, 1, (SELECT jsonb_agg(x) FROM rollup_contributions(c) x));
    END LOOP;
    FOR a IN SELECT g.* FROM agreements g JOIN cases k ON k.id = g.case_id
             WHERE k.center_id = center LOOP
        PERFORM agreement_rollup(a, 1);
    END LOOP;
END
$$;

-- Recomputes a center's rollups from its cases and agreements with one pass over them: the
-- contributions of rollup_contributions() (one row per thing that happened, dated in the center's
-- time zone; kept in step with it by hand: change both or neither) are summed into report_cube
-- and report_cube_close_days, and the slices are sums of cube cells (every slice of a case is a
-- function of its cube cell). A row exists exactly when some contribution or agreement falls on
-- its key, as with the row-by-row path. Run it while no one else changes the center's cases
-- (the seed command holds a lock on cases).
CREATE FUNCTION rollup_rebuild_bulk(center integer) RETURNS void LANGUAGE plpgsql
SET work_mem = '512MB' AS $$
BEGIN
    DELETE FROM report_slices WHERE center_id = center;
    DELETE FROM report_cube WHERE center_id = center;
    DELETE FROM report_close_days WHERE center_id = center;
    DELETE FROM report_cube_close_days WHERE center_id = center;

    WITH d AS (
        SELECT c.community_id, coalesce(c.mediator_id, 0) AS mediator_id, c.dispute_type,
               coalesce(c.channel::text, 'none') AS channel, c.source, c.risk_level, c.outcome,
               c.prevented_escalation::int AS pe, c.prevented_mass_petition::int AS pmp,
               (c.received_at AT TIME ZONE ce.time_zone)::date AS received_day,
               (c.accepted_at AT TIME ZONE ce.time_zone)::date AS accepted_day,
               (c.first_assigned_at AT TIME ZONE ce.time_zone)::date AS assigned_day,
               (c.declined_at AT TIME ZONE ce.time_zone)::date AS declined_day,
               (c.closed_at AT TIME ZONE ce.time_zone)::date AS closed_day,
               (coalesce(c.closed_at, c.declined_at) AT TIME ZONE ce.time_zone)::date AS ended_day,
               coalesce(c.closed_at, c.declined_at) IS NOT NULL AS ended,
               (c.due_at AT TIME ZONE ce.time_zone)::date AS due_day,
               (a.case_id IS NOT NULL)::int AS agreements, coalesce(a.amount_fen, 0) AS fen
        FROM cases c
        JOIN centers ce ON ce.id = c.center_id
        LEFT JOIN agreements a ON a.case_id = c.id
        WHERE c.center_id = center
    ), contributions AS MATERIALIZED (
        SELECT d.community_id, d.mediator_id, d.dispute_type, d.channel, d.source, d.risk_level,
               x.*
        FROM d CROSS JOIN LATERAL (VALUES
            (d.received_day, 1, 0, 0, 0, NULL::case_outcome, 0, 0, NULL::int, 1, 0, 0, 0::bigint),
            (d.accepted_day, 0, 1, 0, 0, NULL, 0, 0, NULL, 0, 0, 0, 0),
            (d.assigned_day, 0, 0, 0, 1, NULL, 0, 0, NULL, 0, 0, 0, 0),
            (d.declined_day, 0, 0, 1, 0, NULL, 0, 0, NULL, -1, 0, 0, 0),
            (d.closed_day, 0, 0, 0, 0, d.outcome, d.pe, d.pmp, d.closed_day - d.accepted_day, -1, 0,
             d.agreements, d.fen),
            -- overdue at the end of day D: still open then, and due before D ends
            (CASE WHEN d.due_day IS NOT NULL AND (NOT d.ended OR d.ended_day >= d.due_day)
                  THEN greatest(d.due_day, d.received_day) END,
             0, 0, 0, 0, NULL, 0, 0, NULL, 0, 1, 0, 0),
            (CASE WHEN d.due_day IS NOT NULL AND d.ended AND d.ended_day >= d.due_day
                  THEN d.ended_day END,
             0, 0, 0, 0, NULL, 0, 0, NULL, 0, -1, 0, 0)
        ) AS x(day, received, accepted, declined, assigned, outcome, prevented_escalation,
               prevented_mass_petition, close_days, open_delta, overdue_delta, agreements,
               agreement_fen)
        WHERE x.day IS NOT NULL
    ), cube AS (
        INSERT INTO report_cube (center_id, day, community_id, mediator_id, dispute_type, channel,
                                 source, risk_level, received, accepted, declined, assigned,
                                 resolved, failed, terminated, withdrawn, referred, agreements,
                                 agreement_fen, prevented_escalation, prevented_mass_petition,
                                 close_days_sum, close_days_n, open_delta, overdue_delta)
        SELECT center, day, community_id, mediator_id, dispute_type, channel, source, risk_level,
               sum(received)::int, sum(accepted)::int, sum(declined)::int, sum(assigned)::int,
               count(*) FILTER (WHERE outcome = 'resolved')::int,
               count(*) FILTER (WHERE outcome = 'failed')::int,
               count(*) FILTER (WHERE outcome = 'terminated')::int,
               count(*) FILTER (WHERE outcome = 'withdrawn')::int,
               count(*) FILTER (WHERE outcome = 'referred')::int,
               sum(agreements)::int, sum(agreement_fen)::bigint,
               sum(prevented_escalation)::int, sum(prevented_mass_petition)::int,
               coalesce(sum(close_days), 0)::bigint, count(close_days)::int,
               sum(open_delta)::int, sum(overdue_delta)::int
        FROM contributions
        GROUP BY day, community_id, mediator_id, dispute_type, channel, source, risk_level
        -- in primary-key order: the index grows at its right edge
        ORDER BY day, community_id, mediator_id, dispute_type, channel, source, risk_level
    )
    INSERT INTO report_cube_close_days (center_id, day, community_id, mediator_id, dispute_type,
                                        channel, source, risk_level, days, n)
    SELECT center, day, community_id, mediator_id, dispute_type, channel, source, risk_level,
           close_days, count(*)::int
    FROM contributions
    WHERE close_days IS NOT NULL
    GROUP BY day, community_id, mediator_id, dispute_type, channel, source, risk_level, close_days
    ORDER BY day, community_id, mediator_id, dispute_type, channel, source, risk_level, close_days;

    -- One pass over the cube cells per table, grouped by each slice's dimension with native keys
    -- (GROUPING SETS); a group's value turns into text once.
    INSERT INTO report_slices (center_id, dim, value, day, received, accepted, declined, assigned,
                               resolved, failed, terminated, withdrawn, referred, agreements,
                               agreement_fen, prevented_escalation, prevented_mass_petition,
                               close_days_sum, close_days_n, open_delta, overdue_delta)
    SELECT center, k.dim, k.value, g.day, g.received, g.accepted, g.declined, g.assigned,
           g.resolved, g.failed, g.terminated, g.withdrawn, g.referred, g.agreements,
           g.agreement_fen, g.prevented_escalation, g.prevented_mass_petition, g.close_days_sum,
           g.close_days_n, g.open_delta, g.overdue_delta
    FROM (
        SELECT r.day, r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
               r.risk_level,
               GROUPING(r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
                        r.risk_level) AS unused,
               sum(r.received)::int AS received, sum(r.accepted)::int AS accepted,
               sum(r.declined)::int AS declined, sum(r.assigned)::int AS assigned,
               sum(r.resolved)::int AS resolved, sum(r.failed)::int AS failed,
               sum(r.terminated)::int AS terminated, sum(r.withdrawn)::int AS withdrawn,
               sum(r.referred)::int AS referred, sum(r.agreements)::int AS agreements,
               sum(r.agreement_fen)::bigint AS agreement_fen,
               sum(r.prevented_escalation)::int AS prevented_escalation,
               sum(r.prevented_mass_petition)::int AS prevented_mass_petition,
               sum(r.close_days_sum)::bigint AS close_days_sum,
               sum(r.close_days_n)::int AS close_days_n, sum(r.open_delta)::int AS open_delta,
               sum(r.overdue_delta)::int AS overdue_delta
        FROM report_cube r
        WHERE r.center_id = center
        GROUP BY GROUPING SETS ((r.day), (r.community_id, r.day), (r.mediator_id, r.day),
                                (r.dispute_type, r.day), (r.channel, r.day), (r.source, r.day),
                                (r.risk_level, r.day))
    ) g
    CROSS JOIN LATERAL (
        SELECT CASE g.unused WHEN 63 THEN 'all' WHEN 31 THEN 'community' WHEN 47 THEN 'mediator'
                             WHEN 55 THEN 'dispute_type' WHEN 59 THEN 'channel'
                             WHEN 61 THEN 'source' ELSE 'risk' END AS dim,
               CASE g.unused WHEN 63 THEN '' WHEN 31 THEN g.community_id::text
                             WHEN 47 THEN g.mediator_id::text WHEN 55 THEN g.dispute_type::text
                             WHEN 59 THEN g.channel WHEN 61 THEN g.source::text
                             ELSE g.risk_level::text END AS value
    ) k
    ORDER BY k.dim, k.value, g.day;

    INSERT INTO report_close_days (center_id, dim, value, day, days, n)
    SELECT center, k.dim, k.value, g.day, g.days, g.n
    FROM (
        SELECT r.day, r.days, r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
               r.risk_level,
               GROUPING(r.community_id, r.mediator_id, r.dispute_type, r.channel, r.source,
                        r.risk_level) AS unused,
               sum(r.n)::int AS n
        FROM report_cube_close_days r
        WHERE r.center_id = center
        GROUP BY GROUPING SETS ((r.day, r.days), (r.community_id, r.day, r.days),
                                (r.mediator_id, r.day, r.days), (r.dispute_type, r.day, r.days),
                                (r.channel, r.day, r.days), (r.source, r.day, r.days),
                                (r.risk_level, r.day, r.days))
    ) g
    CROSS JOIN LATERAL (
        SELECT CASE g.unused WHEN 63 THEN 'all' WHEN 31 THEN 'community' WHEN 47 THEN 'mediator'
                             WHEN 55 THEN 'dispute_type' WHEN 59 THEN 'channel'
                             WHEN 61 THEN 'source' ELSE 'risk' END AS dim,
               CASE g.unused WHEN 63 THEN '' WHEN 31 THEN g.community_id::text
                             WHEN 47 THEN g.mediator_id::text WHEN 55 THEN g.dispute_type::text
                             WHEN 59 THEN g.channel WHEN 61 THEN g.source::text
                             ELSE g.risk_level::text END AS value
    ) k
    ORDER BY k.dim, k.value, g.day, g.days;
END
$$;

CREATE OR REPLACE FUNCTION rollup_rebuild(center integer) RETURNS void LANGUAGE sql AS $$
    SELECT rollup_rebuild_bulk(center);
$$;

-- Keyed hashes -------------------------------------------------------------------------------

-- The 64-byte HMAC key block: a key longer than SHA-256's block is hashed first, then zero-padded.
CREATE FUNCTION hmac_sha256_block(key bytea) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT k || decode(repeat('00', 64 - length(k)), 'hex')
    FROM (SELECT CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END AS k) b;
$$;

-- block XOR pad, byte by byte (0x36 gives the inner key, 0x5c the outer one).
CREATE FUNCTION hmac_sha256_pad(block bytea, pad integer) RETURNS bytea LANGUAGE sql IMMUTABLE
STRICT AS $$
    SELECT string_agg(set_byte('\x00'::bytea, 0, get_byte(block, i) # pad), ''::bytea ORDER BY i)
    FROM generate_series(0, length(block) - 1) i;
$$;

-- HMAC-SHA256(key, message). For many messages under one key, compute the two pads once and use
-- sha256(outer || sha256(inner || message)), as the seed statements do.
CREATE FUNCTION hmac_sha256(key bytea, message bytea) RETURNS bytea LANGUAGE sql IMMUTABLE
STRICT AS $$
    SELECT sha256(hmac_sha256_pad(b, 92) || sha256(hmac_sha256_pad(b, 54) || message))
    FROM (SELECT hmac_sha256_block(key) AS b) k;
$$;

-- Check characters ---------------------------------------------------------------------------

-- GB 11643: the 18th character of a resident ID number from its first 17 digits.
CREATE FUNCTION resident_id_check_char(first17 text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$
    SELECT substr('10X98765432', (
        7 * substr(first17, 1, 1)::int + 9 * substr(first17, 2, 1)::int
        + 10 * substr(first17, 3, 1)::int + 5 * substr(first17, 4, 1)::int
        + 8 * substr(first17, 5, 1)::int + 4 * substr(first17, 6, 1)::int
        + 2 * substr(first17, 7, 1)::int + 1 * substr(first17, 8, 1)::int
        + 6 * substr(first17, 9, 1)::int + 3 * substr(first17, 10, 1)::int
        + 7 * substr(first17, 11, 1)::int + 9 * substr(first17, 12, 1)::int
        + 10 * substr(first17, 13, 1)::int + 5 * substr(first17, 14, 1)::int
        + 8 * substr(first17, 15, 1)::int + 4 * substr(first17, 16, 1)::int
        + 2 * substr(first17, 17, 1)::int) % 11 + 1, 1);
$$;

-- GB 32100: the 18th character of a unified social credit code from its first 17 characters
-- (weights 3^i mod 31 over the code's 31-character alphabet). One expression, so that the planner
-- inlines it.
CREATE FUNCTION uscc_check_char(first17 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT substr('0123456789ABCDEFGHJKLMNPQRTUWXY', (31 - (
        1 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 1, 1)) - 1)
        + 3 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 2, 1)) - 1)
        + 9 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 3, 1)) - 1)
        + 27 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 4, 1)) - 1)
        + 19 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 5, 1)) - 1)
        + 26 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 6, 1)) - 1)
        + 16 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 7, 1)) - 1)
        + 17 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 8, 1)) - 1)
        + 20 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 9, 1)) - 1)
        + 29 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 10, 1)) - 1)
        + 25 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 11, 1)) - 1)
        + 13 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 12, 1)) - 1)
        + 8 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 13, 1)) - 1)
        + 24 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 14, 1)) - 1)
        + 10 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 15, 1)) - 1)
        + 30 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 16, 1)) - 1)
        + 28 * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(first17, 17, 1)) - 1)
    ) % 31) % 31 + 1, 1);
$$;

-- Deterministic randomness -------------------------------------------------------------------

-- A uniform number in [0, 1) that depends only on (seed, n, k): the k-th draw of case n.
CREATE FUNCTION seed_u(seed bigint, n bigint, k integer) RETURNS double precision LANGUAGE sql
IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(n * 131 + k, seed) & 9007199254740991)::double precision
           / 9007199254740992.0;
$$;

-- The generator's plan ---------------------------------------------------------------------------

-- One row per case being generated: everything about it decided up front, so that each step of
-- the seed (insert, then one UPDATE per transition) is one set-based statement over this table.
-- Filled and emptied inside the seed's transaction (which truncates it, so seeds run one at a
-- time); unlogged because it never needs to survive a crash.
CREATE UNLOGGED TABLE seed_plan (
    n                bigint NOT NULL,      -- the case number n of the draws seed_u(seed, n, k)
    id               bigint NOT NULL,      -- the case's id, taken from cases' identity sequence
    center_id        integer NOT NULL,
    year             integer NOT NULL,     -- of received_at in the center's time zone
    type_index       integer NOT NULL,     -- 1..15, enum order of dispute_type
    dispute_type     dispute_type NOT NULL,
    source           case_source NOT NULL,
    community_id     bigint NOT NULL,
    risk_level       risk_level NOT NULL,
    party_count      integer NOT NULL,
    received_at      timestamptz NOT NULL,
    occurred_on      date,
    declined_at      timestamptz,          -- each of these: NULL unless it happened by now()
    accepted_at      timestamptz,
    due_at           timestamptz,          -- at acceptance
    assigned_at      timestamptz,
    mediator_id      bigint,
    session_at       timestamptz,          -- the first session (assigned → in_mediation)
    extra_sessions   integer NOT NULL DEFAULT 0,  -- session rows (a sample of the cases)
    extension_days   integer NOT NULL DEFAULT 0,
    extended_at      timestamptz,
    closed_at        timestamptz,
    outcome          case_outcome,
    amount_fen       bigint,               -- resolved: the agreement
    return_visit_at  timestamptz
);

-- The parties of the cases in seed_plan, planned before the cases are inserted (the case's search
-- text holds their names).
CREATE UNLOGGED TABLE seed_party_plan (
    case_id    bigint NOT NULL,
    position   integer NOT NULL,
    role       party_role NOT NULL,
    kind       party_kind NOT NULL,
    name       text NOT NULL,
    id_number  text,
    phone      text,
    address    text
);

-- Bulk loading: a seed that adds many rows relative to what a table holds drops the table's
-- plain secondary indexes (those that back no constraint) for its transaction and builds them
-- again at the end, as pg_restore does: one sorted build is far cheaper than maintaining a
-- trigram GIN index and half a dozen B-trees through an insert and four updates of every case.
-- With those indexes gone, no transition changes an indexed column of cases, so its updates can
-- be HOT (no index entries at all) if the new version fits on the page: the cases are inserted
-- with fillfactor 20, room for the four versions that follow. Everything happens in the seed's
-- transaction, so a failure restores the indexes and the storage options with the rest.
-- Dropping takes an ACCESS EXCLUSIVE lock on the tables until the seed commits; the dead
-- versions are left to (auto)vacuum.
CREATE UNLOGGED TABLE seed_dropped_indexes (
    table_name  text NOT NULL,
    index_name  text PRIMARY KEY,  -- '' for the row that keeps cases' storage options
    definition  text,              -- CREATE INDEX …, or the storage options (NULL: none)
    CHECK (index_name = '' OR definition IS NOT NULL)
);

-- Drops the plain indexes of cases, parties, mediation_sessions and case_events when new_cases
-- is at least a quarter of the cases there are (by the planner's estimate), remembering their
-- definitions, and sets cases' fillfactor to 20. Returns how many indexes it dropped.
CREATE FUNCTION seed_indexes_drop(new_cases bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    r record;
    dropped integer := 0;
BEGIN
    IF new_cases * 4 < (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'cases'::regclass)
    THEN
        RETURN 0;
    END IF;
    FOR r IN
        SELECT t.relname AS table_name, x.relname AS index_name,
               pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i
        JOIN pg_class x ON x.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        WHERE i.indrelid IN ('cases'::regclass, 'parties'::regclass,
                             'mediation_sessions'::regclass, 'case_events'::regclass)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY x.relname
    LOOP
        INSERT INTO seed_dropped_indexes VALUES (r.table_name, r.index_name, r.definition);
        EXECUTE format('DROP INDEX %I', r.index_name);
        dropped := dropped + 1;
    END LOOP;
    INSERT INTO seed_dropped_indexes
    SELECT 'cases', '', array_to_string(reloptions, ', ')
    FROM pg_class WHERE oid = 'cases'::regclass;
    ALTER TABLE cases SET (fillfactor = 20);
    RETURN dropped;
END
$$;

-- Builds again every index seed_indexes_drop() dropped and restores cases' storage options.
-- Returns how many indexes it built.
CREATE FUNCTION seed_indexes_restore() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    r record;
    built integer := 0;
BEGIN
    FOR r IN SELECT * FROM seed_dropped_indexes ORDER BY index_name LOOP
        IF r.index_name = '' THEN
            ALTER TABLE cases RESET (fillfactor);
            IF r.definition IS NOT NULL THEN
                EXECUTE format('ALTER TABLE cases SET (%s)', r.definition);
            END IF;
        ELSE
            EXECUTE r.definition;
            built := built + 1;
        END IF;
    END LOOP;
    DELETE FROM seed_dropped_indexes;
    RETURN built;
END
$$;
