#!/usr/bin/env bash
# Prints, per library module: "api", the public top-level types in packages the module exports to everyone (its
# module-info's unqualified exports; without a module-info, every package but *.internal*); "public", all public
# top-level types (what a class-path user can reach); "total", all top-level types in src/main/java.
# Usage: scripts/public-types.sh [git-revision]   (default: the working tree)
# With a revision it counts that commit's files (git show), so before/after tables come from one script.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-}"
modules="umt-api umt-rules umt-ldap umt-ldap-ad umt-edirectory umt-gotomypc-client umt-testkit umt-schedule umt-postgres umt-cli"

list() { # $1 module: paths of main java files
  if [[ -n "$rev" ]]; then git ls-tree -r --name-only "$rev" -- "$1/src/main/java"; else find "$1/src/main/java" -type f; fi \
    | grep '\.java$' | grep -v -e 'package-info\.java$' -e 'module-info\.java$' | sort
}
show() { if [[ -n "$rev" ]]; then git show "$rev:$1"; else cat "$1"; fi; }
exported() { # $1 module, $2 package: 0 when the package is exported unqualified (or the module has no module-info)
  local mi="$1/src/main/java/module-info.java" text
  if [[ -n "$rev" ]]; then text="$(git show "$rev:$mi" 2>/dev/null || true)"; else text="$(cat "$mi" 2>/dev/null || true)"; fi
  if [[ -z "$text" ]]; then [[ "$2" != *.internal* ]]; return; fi
  grep -Eq "^[[:space:]]*exports[[:space:]]+${2//./\\.}[[:space:]]*;" <<<"$text"
}

printf '%-22s %5s %7s %6s %10s\n' module api public total api/total
tp=0; ta=0; tt=0
for m in $modules; do
  pub=0; tot=0; hidden=0
  while IFS= read -r f; do
    [[ -z "$f" ]] && continue
    tot=$((tot + 1))
    body="$(show "$f")"
    if grep -Eq '^public[[:space:]]+((final|abstract|sealed|non-sealed|static|strictfp)[[:space:]]+)*(class|interface|enum|record|@interface)[[:space:]]' <<<"$body"; then
      pkg="$(grep -Em1 '^package[[:space:]]' <<<"$body" | sed -E 's/^package[[:space:]]+([^;[:space:]]+).*/\1/')"
      if exported "$m" "$pkg"; then pub=$((pub + 1)); else hidden=$((hidden + 1)); fi
    fi
  done < <(list "$m")
  tp=$((tp + pub)); ta=$((ta + pub + hidden)); tt=$((tt + tot))
  printf '%-22s %5d %7d %6d %9d%%\n' "$m" "$pub" $((pub + hidden)) "$tot" $(( tot ? pub * 100 / tot : 0 ))
done
printf '%-22s %5d %7d %6d %9d%%\n' total "$tp" "$ta" "$tt" $(( tt ? tp * 100 / tt : 0 ))
