-- The agreement of a resolved case, when it was not signed after tomorrow in its center's time
-- zone (a day of slack for a signature late in the evening); no row otherwise.
-- $1 case_id, $2 amount in fen, $3 form, $4 signed on, $5 terms, $6 how it is performed,
-- $7 perform by
INSERT INTO agreements (case_id, amount_fen, form, signed_on, terms, performance_method,
                        perform_by)
SELECT $1, $2, $3::agreement_form, $4::date, $5, $6, $7::date
FROM cases c JOIN centers ce ON ce.id = c.center_id
WHERE c.id = $1 AND ($4::date IS NULL OR $4::date <= (now() AT TIME ZONE ce.time_zone)::date + 1)
RETURNING case_id
