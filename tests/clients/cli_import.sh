#!/usr/bin/env bash
# mediationctl import against the real server (run by clients_live_run): a 1,000-row CSV (a BOM,
# CRLF, quoted cells with commas, quotes and line breaks, Chinese text) imported twice makes
# 1,000 cases: the second run replays every row (same Idempotency-Key) and creates nothing. A row
# edited after the first run is not a second case either (its external_ref was pushed), and a
# file with a bad row reports that row, registers the rest and exits 8.
set -euo pipefail
ctl=${1:?usage: cli_import.sh MEDIATIONCTL}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
count() { psql -X -q -t -A "$MEDIATION_TEST_DB" -c "$1"; }

community=$(curl -sS -X POST "$MEDIATION_URL/api/v1/communities" \
  -H "Authorization: Bearer $MEDIATION_TOKEN" -H 'Content-Type: application/json' \
  -d '{"code":"XINGFU","name":"幸福社区","street":"西大街道"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

python3 - "$work/cases.csv" "$community" <<'PY'
import csv, sys
path, community = sys.argv[1], sys.argv[2]
types = ["neighbor", "marriage_family", "contract", "labor", "property_management"]
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["external_id", "dispute_type", "source", "community_id", "summary", "claims",
                "risk_level", "applicant_name", "applicant_phone", "respondent_name",
                "respondent2_name"])
    for i in range(1, 1001):
        w.writerow([f"GD2026-{i:05d}", types[i % 5], "hotline", community,
                    f"第{i}号工单：邻居噪音扰民，\"多次\"协商未果,\n需调解",
                    "赔偿 1,000 元" if i % 3 == 0 else "",
                    "red" if i % 97 == 0 else "none",
                    f"申请人{i}", f"138{i:08d}", f"被申请人{i}", "物业公司" if i % 7 == 0 else ""])
PY

start=$(date +%s.%N)
"$ctl" --csv import "$work/cases.csv" --system hotline-12345 >"$work/run1.csv" 2>"$work/run1.err"
end=$(date +%s.%N)
grep -q '1000 rows: 1000 created, 0 replayed, 0 already pushed, 0 failed' "$work/run1.err" \
  || fail "first run: $(cat "$work/run1.err")"
[ "$(count 'SELECT count(*) FROM cases')" = 1000 ] || fail "not 1000 cases after the first run"
echo "first run: $(python3 -c "print(f'{$end - $start:.1f}')") s for 1000 rows"

"$ctl" --csv import "$work/cases.csv" --system hotline-12345 >"$work/run2.csv" 2>"$work/run2.err"
grep -q '1000 rows: 0 created, 1000 replayed, 0 already pushed, 0 failed' "$work/run2.err" \
  || fail "second run: $(cat "$work/run2.err")"
[ "$(count 'SELECT count(*) FROM cases')" = 1000 ] || fail "not 1000 cases after the second run"
# the same case for each row both times
python3 - "$work/run1.csv" "$work/run2.csv" <<'PY'
import csv, sys
a = {r["external_id"]: r["case_no"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
b = {r["external_id"]: r["case_no"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
assert len(a) == 1000 and a == b, "the runs name different cases"
PY
# every case is found by its external reference through the API, on ten pages
n=$("$ctl" --json cases list --external-system hotline-12345 --limit 100 --all \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 1000 ] || fail "cases list finds $n pushed cases"
# a quoted cell came through whole
[ "$(count "SELECT count(*) FROM cases WHERE summary LIKE '%\"多次\"协商未果,' || chr(10) || '需调解'")" = 1000 ] \
  || fail "quoted cells changed on the way"

# an edited row (another key) answers with the case its external_ref already has
python3 - "$work/cases.csv" "$work/edited.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8-sig", newline="").read().split("\r\n")
out = [lines[0], lines[1].replace("邻居噪音扰民", "邻居噪音扰民（补充）")]
open(sys.argv[2], "w", encoding="utf-8", newline="").write("\r\n".join(out) + "\r\n")
PY
"$ctl" import "$work/edited.csv" --system hotline-12345 >"$work/run3.out" 2>"$work/run3.err"
grep -q '1 rows: 0 created, 0 replayed, 1 already pushed, 0 failed' "$work/run3.err" \
  || fail "edited row: $(cat "$work/run3.err")"

# a bad row: reported with the server's field error, the others registered, exit 8
printf 'external_id,dispute_type,source,community_id,summary,applicant_name\nB-1,neighbor,hotline,%s,好的一行,甲\nB-2,bogus,hotline,%s,坏的一行,乙\nB-3,neighbor,hotline,%s,又一行,丙\n' \
  "$community" "$community" "$community" >"$work/bad.csv"
set +e; "$ctl" import "$work/bad.csv" --system import-test >"$work/bad.out" 2>"$work/bad.err"; rc=$?; set -e
[ "$rc" = 8 ] || fail "a failed row is exit $rc, not 8"
grep -q 'B-2  *failed.*422.*dispute_type' "$work/bad.out" || fail "bad row: $(cat "$work/bad.out")"
[ "$(count 'SELECT count(*) FROM cases')" = 1002 ] || fail "the good rows beside a bad one"
# an unknown column stops before anything is sent
printf 'external_id,dispute_typ\nX-1,neighbor\n' >"$work/typo.csv"
set +e; "$ctl" import "$work/typo.csv" 2>"$work/typo.err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -q 'unknown column "dispute_typ"' "$work/typo.err" || fail "typo: $rc"
echo "cli import: 1000 rows twice, 1000 cases"
