# Shared by the benchmark scripts of tests/bench (sourced after scripts/lib/common.sh, from the
# repository root): the tools they need and the release binary they measure.

# bench_pgbench: prints the pgbench of the newest installed PostgreSQL (or the one on PATH).
bench_pgbench() {
  local p
  p="$(pg_bindir)/pgbench"
  [ -x "$p" ] || p=$(command -v pgbench) || die "pgbench is needed (postgresql-contrib)"
  printf '%s\n' "$p"
}

# bench_duration DEFAULT: the seconds a run lasts, from SECONDS in the script's initial environment
# (bash's own SECONDS counts the shell's uptime, so an unset SECONDS means DEFAULT).
bench_duration() {
  local d
  d=$(tr '\0' '\n' </proc/$$/environ | sed -n 's/^SECONDS=//p' | head -n 1)
  printf '%s\n' "${d:-$1}"
}

# bench_release_binary BIN LOG: brings build/release up to date (mediationd and mediation-seed), its
# output in LOG; on a failed build, goes on with the existing binaries when both exist. Configured
# every time (cheap): a build folder made before a target was added knows no rule for it.
bench_release_binary() {
  local bin=$1 log=$2
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DMEDIATION_TESTS=OFF >"$log" 2>&1 ||
    { cat "$log" >&2; die "cannot configure build/release"; }
  if ! cmake --build build/release --target mediationd mediation-seed -j "$(nproc)" >>"$log" 2>&1; then
    [ -x "$bin" ] && [ -x "$(dirname "$bin")/mediation-seed" ] ||
      { cat "$log" >&2; die "cannot build $bin and mediation-seed"; }
    say "warning: the release build failed (see $log); using the existing binary"
  fi
}

# bench_serve BIN FIRST_PORT LOG: starts `BIN serve` (no migration) on a free port from
# FIRST_PORT up, its output in LOG, and waits until it answers /healthz. Sets server_pid (the
# caller stops it by pid) and base (http://127.0.0.1:PORT).
bench_serve() {
  local bin=$1 log=$3 port
  port=$(free_port "$2")
  LISTEN="127.0.0.1:$port" "$bin" serve --no-migrate --log-level warn >"$log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "the server did not start"; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "$base/healthz" || die "the server does not answer on $base"
}
