-- How many cells of the daily cube a report_cube.sql read would scan, counted up to $5 + 1: the
-- server refuses a report that needs more (at 10 M cases the cube holds about 28 M cells, and a
-- report that reads them by the day, such as one over three dimensions, which starts from the
-- first case for its open and overdue counts, would pass the statement timeout). Counts what the
-- index ranges hold, before the filters: scanning them is the cost. The folded cells only: the
-- pending tail (report_cube_live) is a few thousand rows at most.
-- $1 center_id (NULL: every center), $2 from date, $3 to date (inclusive), $4 bucket: 'period',
-- 'month' or 'week', $5 the most cells allowed, $6 the pair (NULL for three dimensions or more)
SELECT count(*)
FROM (SELECT 1
      FROM report_pieces($2::date, $3::date, $4::text, $6::text IS NOT NULL) p
      -- the centers as an array, so that the center is an index condition in a generic plan too
      -- (with "$1 IS NULL OR center_id = $1" it scanned the whole index: 28 M cells at 10 M)
      CROSS JOIN (SELECT CASE WHEN $1::integer IS NULL THEN (SELECT array_agg(id) FROM centers)
                              ELSE ARRAY[$1::integer] END AS ids) c
      CROSS JOIN LATERAL (
          SELECT 1 FROM report_cube z
          WHERE z.center_id = ANY (c.ids) AND z.day BETWEEN p.lo AND p.hi
          OFFSET 0) x
      WHERE p.grain = 'd'
      LIMIT $5::integer + 1) cells
