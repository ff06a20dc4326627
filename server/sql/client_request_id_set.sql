-- Names the client's X-Request-Id for the rest of the transaction: the audit rows it writes take
-- it by default (migration 0013).
-- $1 the client's request id (already checked: 1 to 64 characters of A-Z a-z 0-9 - _ .)
SELECT set_config('mediation.client_request_id', $1, true)
