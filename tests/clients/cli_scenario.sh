#!/usr/bin/env bash
# The CLI end to end against the real server (run by clients_live_run, which sets MEDIATION_URL,
# MEDIATION_TOKEN to an admin key and MEDIATION_TEST_DB): an admin sets up a community, a
# mediator and a supervisor; the supervisor logs in with mediationctl and takes a case through
# intake → accept → assign → session → close with agreement → follow-up, then reads the reports
# (table, CSV, JSON); errors come back as readable problem+json with the documented exit codes.
# The change feed and attachments are exercised when the server offers them (skipped with a
# message while GET /api/v1/events or the attachments route answers 404).
set -euo pipefail
ctl=${1:?usage: cli_scenario.sh MEDIATIONCTL}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
admin=$MEDIATION_TOKEN
api() { # METHOD PATH [BODY]: curl as the admin, prints the body
  curl -sS -X "$1" "$MEDIATION_URL$2" -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
# expect CODE COMMAND...: runs the command, requires its exit status
expect() {
  local want=$1; shift
  set +e; "$@" >"$work/out" 2>"$work/err"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$work/out" "$work/err" >&2; fail "exit $got, wanted $want: $*"; }
}

community=$(api POST /api/v1/communities '{"code":"DONGDA","name":"东大社区","street":"西大街道"}' | json 'd["id"]')
mediator=$(api POST /api/v1/mediators '{"name":"王调解","organization":"东大社区人民调解委员会","channel":"people","specialties":["neighbor"]}' | json 'd["id"]')
api POST /api/v1/users '{"username":"li.zhuren","display_name":"李主任","role":"supervisor","center":"WD","password":"correct horse battery"}' >/dev/null

# login: the token goes to the configuration file (0600), and nothing else is needed after it
export MEDIATION_CONFIG=$work/config/mediationctl.conf
unset MEDIATION_TOKEN
expect 2 "$ctl" cases list                       # no token yet: a usage error
echo 'correct horse battery' | "$ctl" login --username li.zhuren --password-stdin >"$work/out"
grep -q 'logged in as li.zhuren' "$work/out" || fail "login said: $(cat "$work/out")"
[ "$(stat -c %a "$MEDIATION_CONFIG")" = 600 ] || fail "config file mode is not 0600"
grep -q '^token = mds_' "$MEDIATION_CONFIG" || fail "no session token saved"
"$ctl" whoami | grep -q 'supervisor' || fail "whoami does not say supervisor"
echo 'wrong password here' | { set +e; "$ctl" login --username li.zhuren --password-stdin --no-save 2>"$work/err"; echo $? >"$work/rc"; }
[ "$(cat "$work/rc")" = 3 ] || fail "a wrong password is not exit 3"
grep -q '^error: 401' "$work/err" || fail "a wrong password is not shown as a 401: $(cat "$work/err")"

# intake
"$ctl" --json cases create --dispute-type neighbor --source party_application \
  --community "$community" --summary '楼上漏水导致楼下天花板受损，双方就维修费用发生争执。' \
  --claims '赔偿维修费 3000 元' --party 'applicant:张三:410102199001011234:13800000000' \
  --party 'respondent:李四::13900000000' >"$work/case.json"
id=$(json 'd["id"]' <"$work/case.json")
case_no=$(json 'd["case_no"]' <"$work/case.json")
[ "$(json 'd["status"]' <"$work/case.json")" = received ] || fail "intake status"

# a field error comes back readably, exit 6
expect 6 "$ctl" cases create --dispute-type neighbor --source party_application \
  --community "$community" --summary x --party 'applicant:张三:410102199001011230'
grep -q 'parties\[0\].id_number' "$work/err" || fail "field error not shown: $(cat "$work/err")"

"$ctl" cases accept "$id" >"$work/out"
grep -q "$case_no  *accepted" "$work/out" || fail "accept: $(cat "$work/out")"
expect 5 "$ctl" cases accept "$id"                # accepted already: 409 names the status
grep -q '409' "$work/err" && grep -q 'accepted' "$work/err" || fail "409 not readable: $(cat "$work/err")"
"$ctl" cases assign "$id" --mediator "$mediator" | grep -q assigned || fail "assign"
"$ctl" cases session "$id" --held-at 2026-01-05T09:00:00+08:00 --kind in_person \
  --participants '张三, 李四' --notes '双方同意由楼上住户承担维修费用' | grep -q in_mediation \
  || fail "session"
etag=$("$ctl" --json cases show "$id" | json '"\"%d-%d\"" % (d["id"], d["version"])')
expect 5 "$ctl" cases close "$id" --outcome resolved --amount 2500.00 --form written \
  --signed-at "$(date +%F)" --terms '楼上住户一次性支付维修费 2500 元' --if-match "\"$id-1\""
"$ctl" cases close "$id" --outcome resolved --amount 2500.00 --form written \
  --signed-at "$(date +%F)" --terms '楼上住户一次性支付维修费 2500 元' --if-match "$etag" \
  --prevented-escalation >"$work/out"
grep -q "closed .*resolved" "$work/out" || fail "close: $(cat "$work/out")"
"$ctl" cases follow-up "$id" --performance fulfilled --return-visit-note '电话回访，双方满意' \
  | grep -q closed || fail "follow-up"

"$ctl" cases show "$case_no" >"$work/show"
grep -q '^status  *closed' "$work/show" && grep -q '^agreement.amount  *2500.00' "$work/show" \
  || fail "show: $(cat "$work/show")"
grep -q '张三' "$work/show" || fail "show lists no parties"
"$ctl" cases events "$id" >"$work/events"
for a in accept assign close; do grep -q "$a" "$work/events" || fail "events lack $a"; done
"$ctl" cases list --status closed | grep -q "$case_no" || fail "list --status closed"
"$ctl" --csv cases list --q 漏水 >"$work/list.csv"
head -c 3 "$work/list.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "CSV without a BOM"
grep -q "$case_no" "$work/list.csv" || fail "CSV list"
expect 4 "$ctl" cases show 999999

# reports, in the center's time zone
from=$(TZ=Asia/Shanghai date -d yesterday +%F); to=$(TZ=Asia/Shanghai date -d tomorrow +%F)
"$ctl" --json reports summary --from "$from" --to "$to" >"$work/summary.json"
[ "$(json 'd["metrics"]["resolved"]' <"$work/summary.json")" = 1 ] || fail "summary resolved"
[ "$(json 'd["metrics"]["agreement_amount_total"]' <"$work/summary.json")" = 2500.00 ] \
  || fail "summary amount"
"$ctl" reports summary --from "$from" --to "$to" | grep -q '^agreement_amount_total  *2500.00$' \
  || fail "summary table"
"$ctl" reports breakdown --from "$from" --to "$to" --by community >"$work/breakdown"
grep -q '东大社区' "$work/breakdown" || fail "breakdown: $(cat "$work/breakdown")"
# the Chinese name takes 8 columns: the numbers after it line up with the header's
python3 - "$work/breakdown" <<'PY'
import sys, unicodedata
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
ends = {width(l) for l in lines if l.strip()}
assert len(ends) == 1, f"rows end at different columns: {ends}\n" + "\n".join(lines)
PY
"$ctl" --csv reports breakdown --from "$from" --to "$to" --by community >"$work/breakdown.csv"
head -c 3 "$work/breakdown.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "report CSV BOM"
grep -q '东大社区' "$work/breakdown.csv" || fail "report CSV"
"$ctl" reports overdue >/dev/null || fail "overdue"

# the change feed, when the server has it
status=$(curl -s -o /dev/null -w '%{http_code}' "$MEDIATION_URL/api/v1/events?limit=1" \
  -H "Authorization: Bearer $admin")
if [ "$status" = 404 ]; then
  echo "SKIP events tail: GET /api/v1/events answered 404 (no change feed on this server yet)"
else
  "$ctl" --json events tail --once --case "$id" --cursor-file "$work/cursor" >"$work/feed"
  for t in case.received case.accepted case.assigned case.closed; do
    grep -q "\"type\":\"$t\"" "$work/feed" || fail "feed lacks $t: $(cat "$work/feed")"
  done
  [ -s "$work/cursor" ] || fail "no cursor saved"
  "$ctl" --json events tail --once --case "$id" --cursor-file "$work/cursor" >"$work/feed2"
  [ ! -s "$work/feed2" ] || fail "the feed repeated events after its cursor"
fi

# attachments, when the server has them
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$work/协议书.pdf"
status=$(curl -s -o /dev/null -w '%{http_code}' "$MEDIATION_URL/api/v1/cases/$id/attachments" \
  -H "Authorization: Bearer $admin")
if [ "$status" = 404 ]; then
  echo "SKIP attachments: GET /api/v1/cases/{id}/attachments answered 404 (not on this server yet)"
else
  "$ctl" --json attachments add "$id" "$work/协议书.pdf" --kind agreement >"$work/att.json"
  aid=$(json 'd["id"]' <"$work/att.json")
  "$ctl" attachments list "$id" | grep -q '协议书.pdf' || fail "attachments list"
  "$ctl" attachments get "$id" "$aid" --output "$work/back.pdf"
  cmp "$work/协议书.pdf" "$work/back.pdf" || fail "download differs"
fi

# logout forgets the token
"$ctl" logout >/dev/null
expect 2 "$ctl" cases list
echo "cli scenario: case $case_no through intake, accept, assign, session, close, follow-up, reports"
