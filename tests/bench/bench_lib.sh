# Shared by the benchmark scripts of tests/bench (sourced after scripts/lib/common.sh, from the
# repository root): the tools they need and the release binary they measure.

# bench_pgbench: prints the pgbench of the newest installed PostgreSQL (or the one on PATH).
bench_pgbench() {
  local p
  p="$(pg_bindir)/pgbench"
  [ -x "$p" ] || p=$(command -v pgbench) || die "pgbench is needed (postgresql-contrib)"
  printf '%s\n' "$p"
}

# bench_release_binary BIN LOG: brings build/release up to date (configured first if it was never
# built), its output in LOG; on a failed build, goes on with the existing BIN when there is one.
bench_release_binary() {
  local bin=$1 log=$2
  [ -f build/release/CMakeCache.txt ] ||
    cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DMEDIATION_TESTS=OFF >/dev/null
  if ! cmake --build build/release --target mediationd -j "$(nproc)" >"$log" 2>&1; then
    [ -x "$bin" ] || { cat "$log" >&2; die "cannot build $bin"; }
    say "warning: the release build failed (see $log); using the existing binary"
  fi
}
