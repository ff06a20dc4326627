-- Edits a case's intake fields (NULL: unchanged) when its version still matches, and when the
-- summary or claims change, the text search reads (summary, claims, party names).
-- $1 case_id, $2 expected version, $3 dispute_type, $4 source, $5 community_id, $6 summary,
-- $7 claims, $8 occurred_on, $9 risk_level
WITH edited AS (
    UPDATE cases c SET dispute_type = coalesce($3::dispute_type, c.dispute_type),
                       source = coalesce($4::case_source, c.source),
                       community_id = coalesce($5::bigint, c.community_id),
                       summary = coalesce($6, c.summary),
                       claims = coalesce($7, c.claims),
                       occurred_on = coalesce($8::date, c.occurred_on),
                       risk_level = coalesce($9::risk_level, c.risk_level),
                       version = c.version + 1
    WHERE c.id = $1 AND c.version = $2
      AND ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM communities m
                                         WHERE m.id = $5 AND m.center_id = c.center_id))
    RETURNING c.id, c.version, c.summary, c.claims
), search AS (
    UPDATE case_search s
    SET search_text = e.summary || ' ' || e.claims || ' ' ||
                      (SELECT coalesce(string_agg(p.name, ' ' ORDER BY p.position), '')
                       FROM parties p WHERE p.case_id = e.id)
    FROM edited e
    WHERE s.case_id = e.id AND ($6::text IS NOT NULL OR $7::text IS NOT NULL)
)
SELECT version FROM edited
