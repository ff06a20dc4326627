-- 0001: centers, communities, API keys and the append-only audit log.
--
-- Forward-only: once applied anywhere, this file never changes (its checksum is recorded in
-- schema_migrations and the server refuses to start when it differs). Change the schema with a new
-- numbered file.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A district's mediation center (tenant). center_id is the natural sharding key of every table.
CREATE TABLE centers (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9]{1,7}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    time_zone   text NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- 社区 within a 街道: where a dispute arose; reports group by it.
CREATE TABLE communities (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id   integer NOT NULL REFERENCES centers (id),
    code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    street      text NOT NULL CHECK (length(street) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (center_id, code)
);

CREATE TYPE role AS ENUM ('front_desk', 'mediator', 'supervisor', 'admin', 'integration');

-- API keys: the key itself is shown once at creation; only SHA-256 of its secret part is kept.
CREATE TABLE api_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id    text NOT NULL UNIQUE CHECK (public_id ~ '^[0-9a-f]{16}$'),
    secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role         role NOT NULL,
    center_id    integer REFERENCES centers (id), -- NULL: city-level, sees all centers
    scopes       text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Every change that is not a case event (users, keys, communities, policies …) is recorded here, in
-- the transaction that makes it. Append-only: the trigger below refuses UPDATE and DELETE.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    center_id   integer REFERENCES centers (id),
    actor_key_id bigint REFERENCES api_keys (id),
    actor       text NOT NULL,              -- a readable name of who did it
    action      text NOT NULL,              -- e.g. community.create
    entity      text NOT NULL,              -- e.g. community
    entity_id   bigint,
    before      jsonb,
    after       jsonb,
    reason      text,
    request_id  text
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
