#!/usr/bin/env bash
# tests/bench/endpoints.sh: the warm latency of every report and every case-list form the API
# offers, against a server that is already running on a seeded database (reports.sh and load.sh
# build their own; this one measures whatever size you have, such as 10 M cases). Not a timed
# test: it prints a table and asserts nothing about it.
#
# Each line: the request, its HTTP status, the median and the 95th percentile in ms of REQUESTS
# sequential GETs (curl) after one warm-up. A 422 is a valid answer: the API refuses reports
# whose cost it cannot bound (REPORT_CUBE_CELLS_MAX), and the line shows how fast it refuses.
#
# Environment (required): BASE (the server, e.g. http://127.0.0.1:8080), KEY (an admin or
# supervisor API key of the center), DATABASE_URL (the same database, read with psql to pick a
# community, a mediator and the dates). Optional: REQUESTS (20), CENTER (the key's center code;
# default the first center).
set -euo pipefail
: "${BASE:?set BASE to the server URL}" "${KEY:?set KEY to an API key}"
: "${DATABASE_URL:?set DATABASE_URL to the server database}"
requests=${REQUESTS:-20}
[[ $requests =~ ^[0-9]+$ ]] && [ "$requests" -ge 1 ] || { echo "REQUESTS must be >= 1" >&2; exit 2; }
for tool in psql curl awk; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

sql() { psql -X -q -v ON_ERROR_STOP=1 -tA "$DATABASE_URL" -c "$1"; }
if [ -n "${CENTER:-}" ]; then
  [[ $CENTER =~ ^[A-Z][A-Z0-9]{1,7}$ ]] || { echo "CENTER is a center code such as WD" >&2; exit 2; }
  center_id=$(sql "SELECT id FROM centers WHERE code = '$CENTER'")
else
  center_id=$(sql "SELECT id FROM centers ORDER BY id LIMIT 1")
fi
[ -n "$center_id" ] || { echo "no such center" >&2; exit 2; }
tz=$(sql "SELECT time_zone FROM centers WHERE id = $center_id")
cases=$(sql "SELECT count(*) FROM cases WHERE center_id = $center_id")
to=$(sql "SELECT (now() AT TIME ZONE '$tz')::date")
from=$(sql "SELECT (now() AT TIME ZONE '$tz')::date - 364")
month_from=$(sql "SELECT (date_trunc('month', '$to'::date) - interval '12 months')::date")
month_to=$(sql "SELECT (date_trunc('month', '$to'::date) - interval '1 day')::date")
part_from=$(sql "SELECT '$month_from'::date + 14")
part_to=$(sql "SELECT '$month_to'::date - 14")
community=$(sql "SELECT min(id) FROM communities WHERE center_id = $center_id")
mediator=$(sql "SELECT min(id) FROM mediators WHERE center_id = $center_id")
period="from=$from&to=$to"

# measure PATH: prints "STATUS MEDIAN P95"
measure() {
  local url="$BASE$1" code line times=()
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "$url")
  for _ in $(seq 1 "$requests"); do
    line=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $KEY" "$url")
    [ "${line%% *}" = "$code" ] || code="${code}/${line%% *}"
    times+=("${line#* }")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk -v n="$requests" -v code="$code" '
    { t[NR] = $1 * 1000 }
    END {
      m = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
      p = int(0.95 * n + 0.999999); if (p < 1) p = 1; if (p > n) p = n
      printf "%s %.1f %.1f\n", code, m, t[p]
    }'
}

# next_cursor PATH: the cursor of the page after PATH's, URL-encoded ("" when none)
next_cursor() {
  curl -s -H "Authorization: Bearer $KEY" "$BASE$1" |
    sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p' |
    awk '{ s = $0; out = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1)
           if (c ~ /[A-Za-z0-9._~-]/) out = out c; else out = out sprintf("%%%02X", ord[c]) }
           print out }
         BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }'
}

paths=(
  "/api/v1/reports/summary?$period"
  "/api/v1/reports/summary?$period&community_id=$community"
  "/api/v1/reports/summary?$period&mediator_id=$mediator"
  "/api/v1/reports/breakdown?by=community&$period"
  "/api/v1/reports/breakdown?by=mediator&$period"
  "/api/v1/reports/breakdown?by=dispute_type&$period"
  "/api/v1/reports/breakdown?by=channel&$period"
  "/api/v1/reports/breakdown?by=source&$period"
  "/api/v1/reports/breakdown?by=risk&$period"
  "/api/v1/reports/breakdown?by=month&$period"
  "/api/v1/reports/breakdown?by=week&$period"
  "/api/v1/reports/breakdown?by=community,dispute_type&$period"
  "/api/v1/reports/breakdown?by=month,community&$period"
  "/api/v1/reports/breakdown?by=dispute_type&risk_level=none&from=$part_from&to=$part_to"
  "/api/v1/reports/breakdown?by=mediator,dispute_type&from=$month_from&to=$month_to"
  "/api/v1/reports/breakdown?by=mediator&community_id=$community&from=$month_from&to=$month_to"
  "/api/v1/reports/breakdown?by=mediator&community_id=$community&from=$part_from&to=$part_to"
  "/api/v1/reports/breakdown?by=dispute_type&risk_level=none&source=hotline&$period"
  "/api/v1/reports/breakdown?by=community&format=csv&$period"
  "/api/v1/reports/overdue"
  "/api/v1/reports/overdue?within_days=3"
  "/api/v1/reports/mediators?$period"
  "/api/v1/cases?limit=50"
  "/api/v1/cases?limit=50&sort=due"
  "/api/v1/cases?limit=50&sort=due&status=in_mediation"
  "/api/v1/cases?limit=50&status=received"
  "/api/v1/cases?limit=50&community_id=$community"
  "/api/v1/cases?limit=50&mediator_id=$mediator"
  "/api/v1/cases?limit=50&dispute_type=labor&risk_level=red"
  "/api/v1/cases?limit=50&overdue=true"
  "/api/v1/cases?limit=50&due_soon=true"
  "/api/v1/cases?limit=50&received_from=$part_from&received_to=$part_to"
  "/api/v1/cases?limit=50&q=%E6%BC%8F%E6%B0%B4"
)
for sort in received due; do
  cursor=$(next_cursor "/api/v1/cases?limit=50&sort=$sort")
  [ -z "$cursor" ] || paths+=("/api/v1/cases?limit=50&sort=$sort&cursor=$cursor")
done

printf '%s cases in center %s; %s requests each after one warm-up\n' "$cases" "$center_id" "$requests"
printf '%-6s %9s %9s  %s\n' status "p50 ms" "p95 ms" request
for p in "${paths[@]}"; do
  read -r code med p95 < <(measure "$p")
  shown=${p//$from/FROM}; shown=${shown//$to/TO}; shown=${shown//$part_from/PFROM}
  shown=${shown//$part_to/PTO}; shown=${shown//$month_from/MFROM}; shown=${shown//$month_to/MTO}
  case $shown in *"&cursor="*) shown="${shown%%&cursor=*}&cursor=(page 2)" ;; esac
  printf '%-6s %9s %9s  %s\n' "$code" "$med" "$p95" "$shown"
done
