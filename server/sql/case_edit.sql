-- Edits a case's intake fields (NULL: unchanged) when its version still matches.
-- $1 case_id, $2 expected version, $3 dispute_type, $4 source, $5 community_id, $6 summary,
-- $7 claims, $8 occurred_on, $9 risk_level
UPDATE cases c SET dispute_type = coalesce($3::dispute_type, c.dispute_type),
                   source = coalesce($4::case_source, c.source),
                   community_id = coalesce($5::bigint, c.community_id),
                   summary = coalesce($6, c.summary),
                   claims = coalesce($7, c.claims),
                   occurred_on = coalesce($8::date, c.occurred_on),
                   risk_level = coalesce($9::risk_level, c.risk_level),
                   search_text = coalesce($6, c.summary) || ' ' || coalesce($7, c.claims) || ' ' ||
                       (SELECT coalesce(string_agg(p.name, ' ' ORDER BY p.position), '')
                        FROM parties p WHERE p.case_id = c.id),
                   version = c.version + 1
WHERE c.id = $1 AND c.version = $2
  AND ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM communities m
                                     WHERE m.id = $5 AND m.center_id = c.center_id))
RETURNING c.version
