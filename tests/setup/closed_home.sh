#!/usr/bin/env bash
# The README's two commands set up from a checkout under a folder closed to everyone but its
# owner (as /root is on Debian): a copy of the checkout is put in a new 0700 folder, then
#   - scripts/run (serving the test build's binary through MEDIATIOND_BIN, so nothing is built
#     again) creates its private cluster, migrates, prints the first admin key, serves /readyz 200;
#     a community is created with that key;
#   - a second scripts/run reuses the cluster: no new key, the community is still there;
#   - scripts/pg creates, starts and removes a cluster at the path scripts/test uses;
#   - nothing the scripts made is writable by group or others.
# Every process it starts is stopped by pid; the copy and its clusters are removed on exit.
# Usage: closed_home.sh REPO_ROOT MEDIATIOND_BINARY
set -euo pipefail
src=$1
bin=$2
unset DATABASE_URL PII_HASH_KEY LISTEN PORT
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

home=$(mktemp -d)   # 0700, owned by whoever runs the test
chmod 0700 "$home"
copy="$home/project"
run_pid=""
cleanup() {
  if [ -n "$run_pid" ]; then kill -TERM "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; fi
  if [ -x "$copy/scripts/pg" ]; then
    "$copy/scripts/pg" remove "$copy/.local/pg" >/dev/null 2>&1 || true
    "$copy/scripts/pg" remove "$copy/build/test-pg" >/dev/null 2>&1 || true
  fi
  rm -rf "$home"
}
trap cleanup EXIT

# the checkout's files (tracked and new, not ignored), as a clone would have them
mkdir "$copy"
git -C "$src" ls-files -z --cached --others --exclude-standard |
  (cd "$src" && xargs -0 tar cf - --no-recursion --ignore-failed-read 2>/dev/null) | tar xf - -C "$copy"
[ -x "$copy/scripts/run" ] || fail "the copy has no scripts/run"

free_port() {
  local p
  for p in $(seq 18080 18999); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  fail "no free port"
}

# start_run LOG: scripts/run in the background from an unrelated folder; waits for /readyz 200
start_run() {
  local log=$1
  port=$(free_port)
  (cd / && LISTEN="127.0.0.1:$port" MEDIATIOND_BIN="$bin" exec "$copy/scripts/run") >"$log" 2>&1 &
  run_pid=$!
  for _ in $(seq 1 600); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; then
      return 0
    fi
    kill -0 "$run_pid" 2>/dev/null || { cat "$log" >&2; fail "scripts/run exited early"; }
    sleep 0.1
  done
  cat "$log" >&2
  fail "/readyz did not answer 200 within 60 s"
}

stop_run() {
  kill -TERM "$run_pid"
  wait "$run_pid" || true
  run_pid=""
}

# first run: a new cluster, a key printed once
start_run "$home/run1.log"
key=$(sed -n 's/^admin API key (shown once, keep it): //p' "$home/run1.log")
[ -n "$key" ] || { cat "$home/run1.log" >&2; fail "the first run printed no admin key"; }
where=$("$copy/scripts/pg" where "$copy/.local/pg")
grep -qF "private PostgreSQL in $where" "$home/run1.log" || fail "the run did not say where its cluster is"
code=$(curl -s -o "$home/created.json" -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"code":"SETUP1","name":"安装测试社区","street":"测试街道"}' \
  "http://127.0.0.1:$port/api/v1/communities")
[ "$code" = 201 ] || { cat "$home/created.json" >&2; fail "creating a community answered $code"; }
stop_run

# second run: the same cluster and its data
start_run "$home/run2.log"
if grep -q "admin API key" "$home/run2.log"; then fail "the second run printed a new admin key"; fi
curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/communities" >"$home/list.json"
grep -q '"SETUP1"' "$home/list.json" || { cat "$home/list.json" >&2; fail "the second run lost the data"; }
stop_run

# the cluster scripts/test makes, at the path it uses
pg_port=$("$copy/scripts/pg" start "$copy/build/test-pg")
psql -X -qtA -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'SELECT 1' | grep -qx 1 ||
  fail "the test cluster does not answer"
test_where=$("$copy/scripts/pg" where "$copy/build/test-pg")

# nothing world- or group-writable among what the scripts made
for d in "$where" "$test_where" "$copy/.local"; do
  bad=$(find "$d" -perm /022 ! -type l ! -type s -print -quit)
  [ -z "$bad" ] || fail "$bad is writable by group or others"
done
if [ "$(id -u)" -eq 0 ]; then
  case "$where" in "$copy"/*) fail "as root the cluster should have moved out of the closed folder" ;; esac
  [ "$(stat -c '%U %a' "$where")" = "postgres 700" ] || fail "$where is $(stat -c '%U %a' "$where")"
fi

"$copy/scripts/pg" remove "$copy/build/test-pg"
[ ! -e "$test_where" ] || fail "scripts/pg remove left $test_where"
echo "closed_home: scripts/run twice and scripts/pg from $home (cluster in $where): passed"
