#!/usr/bin/env bash
# The route table (server/src/api/routes.c) and the OpenAPI spec (api-spec/openapi.yaml) must list
# the same operations: a route without a spec entry, or a spec entry without a route, fails.
set -euo pipefail
root=${1:?usage: routes_match_spec.sh REPO_ROOT}

from_code=$(grep -oE '\{"(GET|POST|PUT|PATCH|DELETE)", "[^"]+"' "$root/server/src/api/routes.c" |
  sed -E 's/\{"([A-Z]+)", "([^"]+)"/\1 \2/' | sort)

# paths are two-space-indented keys under `paths:`, operations four-space-indented method keys
from_spec=$(awk '
  /^paths:/ { in_paths = 1; next }
  /^[^ ]/ { in_paths = 0 }
  in_paths && /^  \/[^ ]*:$/ { path = $1; sub(/:$/, "", path); next }
  in_paths && /^    (get|post|put|patch|delete):/ { m = $1; sub(/:$/, "", m); print toupper(m) " " path }
' "$root/api-spec/openapi.yaml" | sort)

if [ "$from_code" != "$from_spec" ]; then
  echo "route table and OpenAPI spec disagree (< routes.c, > openapi.yaml):"
  diff <(echo "$from_code") <(echo "$from_spec") || true
  exit 1
fi
echo "routes.c and openapi.yaml agree on $(echo "$from_code" | wc -l) operations"
