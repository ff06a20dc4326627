-- 0002: people and their sessions, integration key details, and login throttling.

-- Staff accounts. A user without a center is city-level and sees every center.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id     integer REFERENCES centers (id),
    username      text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    role          role NOT NULL CHECK (role <> 'integration'),
    active        boolean NOT NULL DEFAULT true,
    -- PHC string: $pbkdf2-sha256$i=<iterations>$<salt base64>$<hash base64>, so the parameters
    -- can be raised later and old hashes still verify.
    password_hash text NOT NULL CHECK (password_hash LIKE '$pbkdf2-sha256$%'),
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (username);

-- Login sessions: the token (mds_…) has the same shape as an API key; only the SHA-256 of its
-- secret part is stored.
CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id    text NOT NULL UNIQUE CHECK (public_id ~ '^[0-9a-f]{16}$'),
    secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
    user_id      bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

ALTER TABLE api_keys
    ADD COLUMN created_by_key bigint REFERENCES api_keys (id),
    ADD COLUMN created_by_user bigint REFERENCES users (id),
    ADD CONSTRAINT api_keys_scopes_known CHECK (
        scopes <@ ARRAY['cases:read', 'cases:write', 'reports:read', 'events:read',
                        'webhooks:manage']::text[]);

-- Failed logins, counted in the database so that the limit holds across server instances.
-- Rows older than the window are useless; the login statement deletes them as it goes.
CREATE TABLE login_failures (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username    text NOT NULL,
    client_addr text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client_addr, at);

ALTER TABLE audit_events ADD COLUMN actor_user_id bigint REFERENCES users (id);
