-- 0015: drops the functions that nothing calls (issue 13).
--
-- How each was found dead: the functions of a database migrated to 0014 (pg_proc, schema public,
-- less the pg_trgm extension's) were searched for by name, as a word, in the current definitions
-- of every function, view, trigger, default, constraint and index (migrations/schema.sql, which
-- holds only the definitions in force, not those that later migrations replaced), and in
-- server/ (the C code, the statements in server/sql/, the seed), tests/ (including the benchmarks
-- and tests/bench/rollup_check.sh), tools/ and scripts/. No statement builds a function's name at
-- run time (the only EXECUTE format() calls create sequences, views and constraints). Dropped:
--
-- * hmac_sha256(bytea, bytea), and hmac_sha256_block(bytea) and hmac_sha256_pad(bytea, integer),
--   which only hmac_sha256 called: 0005 added them for a SQL seed generator; the keyed hashes
--   (parties.id_hash, phone_hash) are computed in C (security/), and nothing in SQL calls them.
-- * resident_id_check_char(text), uscc_check_char(text): 0005's check characters of ID numbers
--   and credit codes, for the same generator; the seed and the validation compute them in C
--   (domain/).
-- * rollup_slices(cases): its callers were rollup_apply() and agreement_rollup() up to 0008; 0011
--   replaced both with versions that append to rollup_pending and no longer call it. What the
--   server uses now is rollup_slice_keys() (rollup_fold, rollup_rebuild_bulk_folded, the live
--   views through rollup_slice_keys_opaque), which stays.
--
-- Checked and kept: every other function is called by a trigger, a view, another live function,
-- a statement in server/sql/ or the C code, except case_number_sequence() (case_number_reserve()
-- inlines it) and rollup_rebuild(), which only the integration tests call, and
-- rollup_rebuild_rows(), the reference that tests/bench/rollup_check.sh compares the set-based
-- rebuild with: they stay as test tools.
--
-- No CASCADE: if a view, trigger, default or constraint depended on one of these, the drop would
-- fail instead of taking that object with it.

DROP FUNCTION hmac_sha256(bytea, bytea);
DROP FUNCTION hmac_sha256_block(bytea);
DROP FUNCTION hmac_sha256_pad(bytea, integer);
DROP FUNCTION resident_id_check_char(text);
DROP FUNCTION uscc_check_char(text);
DROP FUNCTION rollup_slices(cases);
