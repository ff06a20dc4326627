-- Records a closed case's follow-up (NULL: unchanged).
-- $1 case_id, $2 return visit at, $3 return visit note, $4 performance, $5 judicial confirmation
UPDATE cases SET return_visit_at = coalesce($2::timestamptz, return_visit_at),
                 return_visit_note = coalesce($3, return_visit_note),
                 performance = coalesce($4::performance, performance),
                 judicial_confirmation = coalesce($5::boolean, judicial_confirmation),
                 version = version + 1
WHERE id = $1
RETURNING version
