-- Bulk rollup rebuild: what every case of a center contributes to the report rollups, as the
-- database defines it (rollup_center_contributions, migration 0026): the case's cube dimensions,
-- the day (days since 2000-01-01) and the counters of one contribution. The generator only sums
-- these rows.
-- $1 center_id
SELECT x.community_id, x.mediator_id, x.dispute_type, x.channel, x.source, x.risk_level,
       x.day - date '2000-01-01', x.received, x.accepted, x.declined, x.assigned, x.outcome,
       x.prevented_escalation, x.prevented_mass_petition, x.close_days, x.open_delta,
       x.overdue_delta, x.agreements, x.agreement_fen
FROM rollup_center_contributions($1) x
