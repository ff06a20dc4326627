-- 0013: hardening against hostile input (issue 15).
--
-- * External references are unique per center, not across centers: the same (system, id) pushed
--   to two centers makes two cases, and a center never learns from a 409 that another center
--   holds a reference. The server looks a reference up within the caller's center only
--   (case_by_external_ref.sql).
-- * The audit trails keep the client's X-Request-Id beside the server's own request id (which
--   stays the audit key in request_id). The server sets mediation.client_request_id for the
--   transaction (set_config(…, true), client_request_id_set.sql) when the client sent an acceptable
--   id; every audit row the transaction writes takes it by default, so no statement that writes
--   an audit event needs another parameter. The CHECK repeats the server's rule for the form.

ALTER TABLE cases DROP CONSTRAINT cases_external_system_external_id_key;
ALTER TABLE cases ADD CONSTRAINT cases_external_ref_per_center
    UNIQUE (center_id, external_system, external_id);

ALTER TABLE audit_events ADD COLUMN client_request_id text
    DEFAULT nullif(current_setting('mediation.client_request_id', true), '')
    CHECK (client_request_id ~ '^[A-Za-z0-9._-]{1,64}$');
ALTER TABLE case_events ADD COLUMN client_request_id text
    DEFAULT nullif(current_setting('mediation.client_request_id', true), '')
    CHECK (client_request_id ~ '^[A-Za-z0-9._-]{1,64}$');
