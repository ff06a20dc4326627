#!/usr/bin/env bash
# Every C source and header we own is clang-format clean (generated files live in the build tree).
set -euo pipefail
root=${1:?usage: clang_format_check.sh REPO_ROOT}
cd "$root"
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' 2>/dev/null || find server tests -name '*.[ch]')
[ ${#files[@]} -gt 0 ] || { echo "no C files found"; exit 1; }
clang-format --dry-run -Werror "${files[@]}"
echo "clang-format: ${#files[@]} files clean"
