# Shared by scripts/run, scripts/test and scripts/pg: package installation and a private
# PostgreSQL cluster. Sourced, not executed.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Every Debian package the project needs to build, test and serve. Add new dependencies here.
# libcurl4-openssl-dev builds the tests and mediationctl; python3 runs the Python client's tests.
# clang and libclang-rt-dev (libFuzzer and the sanitizer runtimes for the default clang, only
# recommended by clang, so named here) build the fuzz targets.
MEDIATION_PACKAGES=(
  build-essential cmake pkg-config git curl ca-certificates
  libmicrohttpd-dev libpq-dev libcjson-dev libssl-dev libcmocka-dev libcurl4-openssl-dev
  postgresql postgresql-contrib
  docker-compose python3 python3-yaml clang-format
  clang libclang-rt-dev
  wrk haproxy
  chromium fonts-wqy-microhei
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
    # from / : the caller's folder may be closed to the postgres user
    (cd / && runuser -u postgres -- "$@")
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

# Where clusters live that the postgres user could not reach in the checkout (see pg_datadir).
# Root-owned, mode 0755; each cluster in it is the postgres user's, mode 0700.
MEDIATION_STATE_DIR=${MEDIATION_STATE_DIR:-/var/lib/mediationd}

# pg_owner_reaches DIR: whether the cluster's owner could create DIR: its nearest existing
# ancestor is searchable by that user, and folders that mkdir makes on the way will be too.
pg_owner_reaches() {
  [ "$(id -u)" -eq 0 ] || return 0
  local d=$1
  while [ ! -d "$d" ]; do d=$(dirname "$d"); done
  (( ($(umask) & 8#001) == 0 )) || [ "$d" = "$1" ] || return 1
  (cd / && runuser -u postgres -- test -x "$d")
}

# pg_datadir DIR: the folder that really holds the cluster asked for at DIR. As root the cluster
# runs as the postgres user, which cannot reach a checkout under a closed folder (root's home is
# 0700 on Debian, in containers and on CI runners). Such a cluster lives under
# MEDIATION_STATE_DIR instead, in a folder named after DIR's absolute path, so that every later
# run from the same checkout finds the same cluster and its data. A cluster already in DIR stays
# there.
pg_datadir() {
  local dir name tag
  dir=$(realpath -m "$1")
  if [ "$(id -u)" -ne 0 ] || [ -f "$dir/PG_VERSION" ]; then
    printf '%s\n' "$dir"
    return 0
  fi
  name=$(basename "$dir" | tr -c 'A-Za-z0-9._\n-' '_' | cut -c1-40)
  tag=$(printf '%s' "$dir" | sha256sum | cut -c1-16)
  local moved="$MEDIATION_STATE_DIR/$name-$tag"
  if [ -f "$moved/PG_VERSION" ] || ! pg_owner_reaches "$(dirname "$dir")"; then
    printf '%s\n' "$moved"
  else
    printf '%s\n' "$dir"
  fi
}

# pg_state_dir_ready: creates MEDIATION_STATE_DIR (root-owned, 0755) or checks that the one
# there is root's and writable by no one else, since clusters in it trust local connections.
pg_state_dir_ready() {
  local d=$MEDIATION_STATE_DIR
  [ -d "$d" ] || install -d -o root -g root -m 0755 "$d"
  [ "$(stat -c %U "$d")" = root ] || die "$d must be owned by root"
  case "$(stat -c %A "$d")" in
    ?????w???? | ????????w?) die "$d must not be writable by group or others" ;;
  esac
}

# pg_init DIR: creates a UTF-8 cluster (if there is none) that trusts local connections, in DIR
# or where pg_datadir puts it; says where when that is not DIR.
pg_init() {
  local asked dir bin
  asked=$(realpath -m "$1")
  dir=$(pg_datadir "$asked")
  bin=$(pg_bindir)
  [ -f "$dir/PG_VERSION" ] && return 0
  if [ "$dir" != "$asked" ]; then
    pg_state_dir_ready
    say "the postgres user cannot reach $asked: its cluster lives in $dir"
    printf '%s\n' "$asked" >"$dir.source"
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    (cd / && runuser -u postgres -- test -w "$dir") ||
      die "the postgres user cannot write $dir (a parent folder is closed to it)"
  fi
  chmod 700 "$dir"
  as_pg_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
}

# pg_start DIR [PORT]: starts the cluster (in pg_datadir DIR) on 127.0.0.1 (a free port unless given, the last one
# when the cluster ran before) with its unix socket in DIR. Prints the port.
pg_start() {
  local dir port=${2:-} bin
  dir=$(pg_datadir "$1")
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
  dir=$(pg_datadir "$1")
  bin=$(pg_bindir)
  [ -f "$dir/PG_VERSION" ] || return 0
  as_pg_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_remove DIR: stops the cluster and deletes it, wherever pg_datadir put it.
pg_remove() {
  local dir
  dir=$(pg_datadir "$1")
  pg_stop "$1"
  rm -rf "$dir" "$dir.initdb.log" "$dir.source"
}

# pg_restart DIR: fast restart with the same options (active sessions are ended, as on a real
# server's restart); waits until it accepts connections again.
pg_restart() {
  local dir bin
  dir=$(pg_datadir "$1")
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

# pg_dump_schema URL: the database's schema as pg_dump prints it (no owners, no grants), less
# what describes the run rather than the schema: the case_no_<center>_<year> sequences (data:
# case_number_reserve() makes one a center and year), SET and set_config lines, pg_dump's version
# comments and the \restrict/\unrestrict lines (a random key on each run since pg_dump 15.14).
# scripts/schema-dump writes migrations/schema.sql from it; the upgrade tests compare two of them.
pg_dump_schema() {
  pg_dump --schema-only --no-owner --no-privileges --exclude-table='public.case_no_*' "$1" |
    sed -e '/^SET /d' -e '/^SELECT pg_catalog.set_config/d' -e '/^\\restrict /d' \
      -e '/^\\unrestrict /d' -e '/^-- Dumped from database version/d' \
      -e '/^-- Dumped by pg_dump version/d'
}
