-- The agreement of a resolved case.
-- $1 case_id, $2 amount in fen, $3 form, $4 signed on, $5 terms, $6 how it is performed,
-- $7 perform by
INSERT INTO agreements (case_id, amount_fen, form, signed_on, terms, performance_method,
                        perform_by)
VALUES ($1, $2, $3::agreement_form, $4::date, $5, $6, $7::date)
