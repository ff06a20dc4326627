-- The center a write goes to: by code, or the only one when no code is given.
-- $1 code (NULL: any; two rows back mean the caller must name one)
SELECT id FROM centers WHERE $1::text IS NULL OR code = $1 ORDER BY id LIMIT 2
