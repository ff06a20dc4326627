#!/usr/bin/env bash
# docker-compose.yml and the binary agree: the server service's environment is read out of
# `docker-compose config` (with PII_HASH_KEY and the other interpolated variables unset, so the
# file's own defaults apply), laid over the image's ENV lines from the Dockerfile, and the real
# binary is started with exactly that environment and the service's command, two things changed:
# DATABASE_URL points at a new database on the test cluster, and PORT picks a free port (the
# compose file publishes 8080, which may be taken here). It must answer /readyz 200.
# Usage: compose_env.sh REPO_ROOT MEDIATIOND_BINARY   (needs TEST_DATABASE_URL)
set -euo pipefail
src=$1
bin=$2
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is needed}"
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d)
db="compose_env_$$"
server_pid=""
admin() { psql -X -q -v ON_ERROR_STOP=1 "$TEST_DATABASE_URL" -c "$1" >/dev/null; }
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
admin "CREATE DATABASE $db"

# The service's environment and command, one NAME=VALUE a line (then the command's words).
env -u PII_HASH_KEY -u DATABASE_URL -u LISTEN -u PORT \
  docker-compose -f "$src/docker-compose.yml" config >"$work/config.yml" ||
  fail "docker-compose config failed"
/usr/bin/python3 - "$src/Dockerfile" "$work/config.yml" >"$work/env" 3>"$work/command" <<'PY'
import os, re, shlex, sys, yaml
dockerfile, config = sys.argv[1], sys.argv[2]
env = {}
# ENV lines of the final stage (the image the compose file builds)
for line in open(dockerfile, encoding="utf-8"):
    line = line.strip()
    if line.startswith("FROM "):
        env = {}
    elif line.startswith("ENV "):
        for word in shlex.split(line[4:]):
            name, _, value = word.partition("=")
            env[name] = value
service = yaml.safe_load(open(config, encoding="utf-8"))["services"]["server"]
given = service.get("environment") or {}
if isinstance(given, list):
    given = dict(item.split("=", 1) for item in given)
env.update({k: "" if v is None else str(v) for k, v in given.items()})
for name, value in env.items():
    if "\n" in value:
        sys.exit(f"{name} has a newline")
    print(f"{name}={value}")
command = service.get("command") or ["serve"]
if isinstance(command, str):
    command = shlex.split(command)
with os.fdopen(3, "w") as out:
    out.write("\n".join(command) + "\n")
PY
grep -q '^DATABASE_URL=' "$work/env" || fail "the compose file gives the server no DATABASE_URL"

port=""
for p in $(seq 19080 19999); do
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { port=$p; break; }
done
[ -n "$port" ] || fail "no free port"

args=()
while IFS= read -r word; do args+=("$word"); done <"$work/command"
envs=()
while IFS= read -r line; do
  case "$line" in DATABASE_URL=*) line="DATABASE_URL=${TEST_DATABASE_URL%/*}/$db" ;; esac
  envs+=("$line")
done <"$work/env"
envs+=("PORT=$port")
# sanitizer settings pass through: they are the test build's, not the service's
for v in ASAN_OPTIONS UBSAN_OPTIONS; do [ -z "${!v:-}" ] || envs+=("$v=${!v}"); done

env -i "${envs[@]}" "$bin" "${args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)
  if [ "$code" = 200 ]; then
    kill -TERM "$server_pid"
    wait "$server_pid" || fail "the server did not exit cleanly on SIGTERM"
    server_pid=""
    echo "compose_env: mediationd ${args[*]} with the compose environment answered /readyz 200: passed"
    exit 0
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/server.log" >&2
    server_pid=""
    fail "mediationd exited with the compose environment"
  fi
  sleep 0.1
done
cat "$work/server.log" >&2
fail "/readyz did not answer 200 within 30 s"
