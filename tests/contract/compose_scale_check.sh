#!/usr/bin/env bash
# The scale-out deployment files agree with their tools, without Docker: docker-compose accepts
# docker-compose.scale.yml, HAProxy accepts deploy/haproxy/haproxy.cfg (the instances' names do
# not resolve here; init-addr none lets the check pass, as it lets HAProxy start before them), and
# the PostgreSQL scripts parse.
# Usage: compose_scale_check.sh REPO_ROOT
set -euo pipefail
root=$1
docker-compose -f "$root/docker-compose.scale.yml" config -q
haproxy -c -q -f "$root/deploy/haproxy/haproxy.cfg"
for f in "$root"/deploy/postgres/*.sh; do bash -n "$f"; done
# the files the compose file mounts exist
grep -o '\./deploy/[^:]*' "$root/docker-compose.scale.yml" | sort -u | while read -r f; do
  [ -f "$root/$f" ] || { echo "docker-compose.scale.yml mounts $f, which is missing" >&2; exit 1; }
done
