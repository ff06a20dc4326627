#!/usr/bin/env bash
# Replays the migrations' git history against today's binary: for every commit that touched
# migrations/, a new database gets that commit's NNNN_*.sql files applied the way the runner
# applies them (each in a transaction, name and SHA-256 recorded), then today's `mediationd
# migrate` upgrades it, and its schema is compared with a fresh database's. One line per commit:
#   <commit> <files whose text differs from today's> migrate=<ok|refused> superseded=<n> schema=<same|N diff lines>
# A commit whose files are all today's texts is skipped. Diffs are kept under OUT_DIR.
# This is how migrations/superseded.txt was checked (see migrations/README.md). It needs git
# history, so it is a tool, not a ctest test: tests/migrations/superseded_upgrade.sh checks the
# 0011 case from a fixture in CI.
# Usage: TEST_DATABASE_URL=... replay_history.sh MEDIATIOND [OUT_DIR] [GIT_LOG_ARGS...]
set -uo pipefail
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is needed}"
bin=$(realpath "${1:?usage: replay_history.sh MEDIATIOND [OUT_DIR] [GIT_LOG_ARGS...]}")
out=${2:-$(mktemp -d)}
shift 2 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
. "$here/upgrade_lib.sh"
mkdir -p "$out"
UPGRADE_TMP=$(mktemp -d)
admin=$TEST_DATABASE_URL
trap 'drop_db "$admin" replay_fresh_$$; drop_db "$admin" replay_old_$$; rm -rf "$UPGRADE_TMP"' EXIT

url=$(create_db "$admin" replay_fresh_$$) || exit 1
DATABASE_URL=$url "$bin" migrate >/dev/null 2>&1 || { echo "error: a fresh migrate fails" >&2; exit 1; }
dump_schema "$url" >"$out/fresh.sql"
drop_db "$admin" replay_fresh_$$

cd "$repo"
for c in $(git log --format=%H --reverse "${@:-HEAD}" -- 'migrations/*.sql'); do
  dir=$UPGRADE_TMP/files
  rm -rf "$dir" && mkdir -p "$dir"
  files=()
  changed=()
  for p in $(git ls-tree --name-only "$c" migrations/ | grep -E '^migrations/[0-9]{4}_.*\.sql$'); do
    f=$dir/$(basename "$p")
    git show "$c:$p" >"$f"
    files+=("$f")
    if [ ! -f "$p" ] || ! cmp -s "$p" "$f"; then changed+=("$(basename "$p" .sql)@$(sha256sum "$f" | cut -c1-12)"); fi
  done
  [ ${#changed[@]} -gt 0 ] || continue
  line="${c:0:7} ${changed[*]}"
  drop_db "$admin" replay_old_$$
  url=$(create_db "$admin" replay_old_$$) || exit 1
  if ! apply_as_runner "$url" "${files[@]}" 2>"$out/${c:0:7}.apply.txt"; then
    echo "$line apply=fails ($(head -c 200 "$out/${c:0:7}.apply.txt" | tr '\n' ' '))"
    continue
  fi
  if DATABASE_URL=$url "$bin" migrate >"$out/${c:0:7}.log" 2>&1; then m=ok; else m=refused; fi
  n=$(grep -c 'had been applied with a superseded text' "$out/${c:0:7}.log")
  dump_schema "$url" >"$out/${c:0:7}.sql"
  if diff -u "$out/fresh.sql" "$out/${c:0:7}.sql" >"$out/${c:0:7}.diff"; then s=same; else s="$(wc -l <"$out/${c:0:7}.diff") diff lines"; fi
  echo "$line migrate=$m superseded=$n schema=$s"
done
