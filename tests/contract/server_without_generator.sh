#!/usr/bin/env bash
# The server carries none of the data generator (issue 13): no seed_ symbol in mediationd (nm),
# none of the generator's statements among the server's (server/sql/), and every statement the
# generator prepares is in seedgen/sql/. Usage: server_without_generator.sh REPO MEDIATIOND
set -euo pipefail
repo=$1 bin=$2
fail=0
symbols=$(nm "$bin" | awk '{print $NF}' | grep -E '^(seed_|db_seed|rollup_build|rollup_contributions|db_rollup_|db_copy_)' || true)
if [ -n "$symbols" ]; then
  echo "mediationd links generator code:" >&2
  echo "$symbols" >&2
  fail=1
fi
for f in "$repo"/server/src/seedgen/sql/*.sql; do
  name=$(basename "$f")
  if [ -e "$repo/server/sql/$name" ]; then
    echo "server/sql/$name is a generator statement the server would prepare" >&2
    fail=1
  fi
done
exit $fail
