#!/usr/bin/env bash
# Applied migrations are never edited: every migrations/NNNN_*.sql is listed in
# migrations/checksums.txt with its SHA-256, and still has that SHA-256. Fails on a changed file,
# a file missing from the list, and a listed file that is gone (renamed or deleted).
# migrations/superseded.txt (earlier texts the runner still accepts) is checked too: each entry
# names a listed migration, a well-formed SHA-256 that is not that migration's current one, a
# commit and a note, at most once; a "bridge FILE" note names a file that exists.
# Usage: checksums.sh MIGRATIONS_DIR
set -euo pipefail
dir=${1:?usage: checksums.sh MIGRATIONS_DIR}
cd "$dir"
list=checksums.txt
[ -f "$list" ] || { echo "error: $dir/$list is missing" >&2; exit 1; }

fail=0
declare -A listed=()
while read -r sum name extra; do
  [ -n "$sum" ] || continue
  case "$sum" in '#'*) continue ;; esac
  if [ -n "$extra" ] || [ -z "$name" ] || ! [[ $sum =~ ^[0-9a-f]{64}$ ]]; then
    echo "error: checksums.txt: malformed line: $sum $name $extra" >&2
    fail=1
    continue
  fi
  listed[$name]=$sum
  if [ ! -f "$name" ]; then
    echo "error: $name is listed in checksums.txt but is gone: an applied migration is never" \
      "renamed or deleted" >&2
    fail=1
  elif [ "$(sha256sum "$name" | cut -d' ' -f1)" != "$sum" ]; then
    echo "error: $name was changed after it was applied (its SHA-256 is not the one in" \
      "checksums.txt): restore it and add a new migration instead" >&2
    fail=1
  fi
done <"$list"

shopt -s nullglob
for f in [0-9][0-9][0-9][0-9]_*.sql; do
  if [ -z "${listed[$f]:-}" ]; then
    echo "error: $f is not listed in checksums.txt: add its line once the file is final" \
      "(sha256sum $f >> migrations/checksums.txt); from then on it is never edited, a change" \
      "is a new migration" >&2
    fail=1
  fi
done

entries=0
declare -A seen=()
if [ -f superseded.txt ]; then
  while read -r name sum commit note; do
    [ -n "$name" ] || continue
    case "$name" in '#'*) continue ;; esac
    entries=$((entries + 1))
    where="superseded.txt: $name ${sum:0:12}"
    if ! [[ $sum =~ ^[0-9a-f]{64}$ ]] || ! [[ ${commit:-} =~ ^[0-9a-f]{7,40}$ ]] ||
      [ -z "${note:-}" ]; then
      echo "error: $where: malformed line (want <NNNN_name.sql> <sha256> <commit> <note>)" >&2
      fail=1
      continue
    fi
    if [ -z "${listed[$name]:-}" ]; then
      echo "error: $where: names no migration listed in checksums.txt" >&2
      fail=1
    elif [ "${listed[$name]}" = "$sum" ]; then
      echo "error: $where: is the current checksum of $name, not an earlier text" >&2
      fail=1
    fi
    if [ -n "${seen[$name $sum]:-}" ]; then
      echo "error: $where: listed twice" >&2
      fail=1
    fi
    seen[$name $sum]=1
    if [[ $note =~ ^bridge\ +([^ :]+) ]] && [ ! -f "${BASH_REMATCH[1]}" ]; then
      echo "error: $where: bridge ${BASH_REMATCH[1]} does not exist" >&2
      fail=1
    fi
  done <superseded.txt
fi
[ "$fail" -eq 0 ] &&
  echo "ok: ${#listed[@]} migrations match checksums.txt; $entries superseded texts are well-formed"
exit "$fail"
