#!/usr/bin/env bash
# Prints, per library module, how many top-level types are public out of all top-level types in src/main/java,
# and how many public types sit in packages a module-info does not export to everyone (internal / unexported).
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

printf '%-22s %8s %6s %6s %s\n' module public total ratio "public but not exported (internal/unexported packages)"
tp=0; tt=0
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
  tp=$((tp + pub)); tt=$((tt + tot))
  printf '%-22s %8d %6d %5d%% %d\n' "$m" "$pub" "$tot" $(( tot ? pub * 100 / tot : 0 )) "$hidden"
done
printf '%-22s %8d %6d %5d%%\n' total "$tp" "$tt" $(( tt ? tp * 100 / tt : 0 ))
