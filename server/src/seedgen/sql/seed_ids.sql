-- Seed: takes $1 consecutive ids from the cases' identity sequence and returns the first (the
-- seed holds a lock that keeps every other insert of cases out meanwhile).
-- $1 how many (bigint, at least 1)
WITH s AS (
    SELECT pg_get_serial_sequence('cases', 'id') AS seq
), f AS (
    SELECT nextval(s.seq) AS first, s.seq FROM s
)
SELECT f.first, setval(f.seq, f.first + $1::bigint - 1) FROM f
