#!/usr/bin/env bash
# tests/fuzz/run.sh TARGET [SECONDS]: fuzzes one target for longer than ctest does (default 600 s).
#
# Needs the fuzz build (scripts/test makes it; or CC=clang cmake -S . -B build/fuzz
# -DMEDIATION_TESTS=OFF -DMEDIATION_FUZZ=ON && cmake --build build/fuzz --target fuzz_all); FUZZ_BUILD
# names another build folder. The run starts from the seed corpus plus whatever earlier runs kept
# in the work folder (FUZZ_BUILD/tests/fuzz/long/TARGET/corpus), writes new inputs there only, and
# crash inputs to FUZZ_BUILD/tests/fuzz/long/TARGET/artifacts/. With FUZZ_MERGE_SEEDS=1 it then
# merges the inputs that add coverage into tests/fuzz/corpus/TARGET (review them before committing).
# Prints libFuzzer's final stats (exec/s, cov, ft) at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: tests/fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-600}
build=${FUZZ_BUILD:-$root/build/fuzz}
fuzzer=$build/bin/$target
seeds=$root/tests/fuzz/corpus/$target
[ -x "$fuzzer" ] || { echo "error: no $fuzzer (build the fuzz targets first)" >&2; exit 1; }
[ -d "$seeds" ] || { echo "error: no seed corpus $seeds" >&2; exit 1; }
work=$build/tests/fuzz/long/$target
mkdir -p "$work/corpus" "$work/artifacts"
cp -n "$seeds"/* "$work/corpus/"
log=$work/last-run.log
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+DONE|^stat::|^SUMMARY|property failed' "$log" >&2 || true
if [ "$status" -ne 0 ]; then
  echo "error: $target failed ($status); see $log and $work/artifacts/" >&2
  exit "$status"
fi
if [ "${FUZZ_MERGE_SEEDS:-0}" = 1 ]; then
  "$fuzzer" -merge=1 "$seeds" "$work/corpus" >>"$log" 2>&1
  echo "merged new coverage into $seeds" >&2
fi
