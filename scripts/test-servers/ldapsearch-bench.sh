#!/usr/bin/env bash
# Times a paged ldapsearch (pages of 1000) of the users in ou=Benchmark (see load-bulk.sh) on each
# running test server: the baseline to set a connector's read time against.
#
#   scripts/test-servers/ldapsearch-bench.sh [slapd|edirectory|samba]...    default: all that run
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ -s "$DIR/servers.env" ] || die "no $DIR/servers.env: start the servers first (servers.sh start)"
source "$DIR/servers.env"

attrs_generic="entryUUID uid mail givenName sn displayName title departmentNumber telephoneNumber pwdAccountLockedTime memberOf"
attrs_edirectory="GUID cn uid mail givenName sn fullName title ou telephoneNumber loginDisabled loginExpirationTime groupMembership"
attrs_samba="objectGUID sAMAccountName userPrincipalName mail givenName sn displayName title department telephoneNumber userAccountControl accountExpires memberOf uSNChanged whenChanged"

for name in ${*:-slapd edirectory samba}; do
  up=${name^^}
  url_var=UMT_${up}_URL base_var=UMT_${up}_BASE_DN dn_var=UMT_${up}_BIND_DN pw_var=UMT_${up}_PASSWORD
  if [ -z "${!url_var:-}" ]; then
    log "$name is not running; skipped"
    continue
  fi
  case "$name" in
    slapd) attrs=$attrs_generic; ou="ou=Benchmark,${!base_var}" ;;
    edirectory) attrs=$attrs_edirectory; ou="ou=Benchmark,${!base_var}" ;;
    samba) attrs=$attrs_samba; ou="OU=Benchmark,${!base_var}" ;;
  esac
  t0=$(now_ms)
  # shellcheck disable=SC2086
  n=$(ldapsearch -x -LLL -o ldif-wrap=no -E pr=1000/noprompt -H "${!url_var}" -D "${!dn_var}" -w "${!pw_var}" \
      -b "$ou" -s one '(objectClass=person)' $attrs | grep -c '^dn:' || true)
  echo "$name: paged ldapsearch read $n users from $ou in $(( $(now_ms) - t0 )) ms"
done
