# Shared by scripts/run, scripts/test and scripts/pg: package installation and a private
# PostgreSQL cluster. Sourced, not executed.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Every Debian package the project needs to build, test and serve. Add new dependencies here.
MEDIATION_PACKAGES=(
  build-essential cmake pkg-config git curl ca-certificates
  libmicrohttpd-dev libpq-dev libcjson-dev libssl-dev libcmocka-dev libcurl4-openssl-dev
  postgresql postgresql-contrib
  docker-compose clang-format
)
# Node.js (for the OpenAPI linter) may come from Debian (nodejs + npm) or from a vendor build that
# bundles npm and conflicts with Debian's npm package: install it only when npm is missing.
NODE_PACKAGES=(nodejs npm)

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Installs whatever is missing from MEDIATION_PACKAGES (apt-get update once, then install).
ensure_packages() {
  local missing=()
  local p
  for p in "${MEDIATION_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  command -v npm >/dev/null 2>&1 || missing+=("${NODE_PACKAGES[@]}")
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The newest installed PostgreSQL server binaries.
pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
  printf '%s\n' "$d"
}

# Runs a PostgreSQL server command as the owner of the cluster: initdb and postgres refuse root.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local p
  for p in $(seq "${1:-55432}" 65000); do
    port_is_free "$p" && { echo "$p"; return 0; }
  done
  die "no free port"
}

# pg_init DIR: creates a UTF-8 cluster in DIR (if it has none) that trusts local connections.
pg_init() {
  local dir bin
  dir=$(realpath -m "$1")
  bin=$(pg_bindir)
  [ -f "$dir/PG_VERSION" ] && return 0
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot write $dir (a parent folder is closed to it)"
  fi
  chmod 700 "$dir"
  as_pg_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
}

# pg_start DIR [PORT]: starts the cluster on 127.0.0.1 (a free port unless given, the last one
# when the cluster ran before) with its unix socket in DIR. Prints the port.
pg_start() {
  local dir port=${2:-} bin
  dir=$(realpath -m "$1")
  bin=$(pg_bindir)
  if as_pg_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    cat "$dir/mediation.port"
    return 0
  fi
  if [ -z "$port" ] && [ -f "$dir/mediation.port" ] && port_is_free "$(cat "$dir/mediation.port")"; then
    port=$(cat "$dir/mediation.port")
  fi
  local fixed=${2:-} next=55432
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -n "$port" ] || port=$(free_port "$next")
    as_pg_owner sh -c "echo $port > '$dir/mediation.port'"
    if as_pg_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c fsync=${PG_FSYNC:-on}" \
      >/dev/null; then
      echo "$port"
      return 0
    fi
    # a port found free may be taken before this server binds it (tests start clusters in
    # parallel): then try the next free one, unless the caller asked for this port
    if [ -n "$fixed" ] || ! tail -n 5 "$dir/server.log" | grep -q "Address already in use"; then
      break
    fi
    next=$((port + 1))
    port=""
  done
  tail -n 20 "$dir/server.log" >&2
  die "PostgreSQL did not start"
}

# pg_stop DIR: fast shutdown (active sessions are ended, nothing committed is lost).
pg_stop() {
  local dir bin
  dir=$(realpath -m "$1")
  bin=$(pg_bindir)
  as_pg_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_restart DIR: fast restart with the same options (active sessions are ended, as on a real
# server's restart); waits until it accepts connections again.
pg_restart() {
  local dir bin
  dir=$(realpath -m "$1")
  bin=$(pg_bindir)
  as_pg_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
}

# pg_createdb PORT NAME: creates a database unless it exists.
pg_createdb() {
  local port=$1 name=$2
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
}
