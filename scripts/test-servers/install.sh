#!/usr/bin/env bash
# Installs OpenLDAP slapd and Samba's AD DC from Debian packages (when missing) and starts the
# LDAP test servers on 127.0.0.1. Idempotent: run it as often as you like; .ci/run runs it
# before `mvn verify`. The standard organisation is loaded by the tests on first use.
#
#   scripts/test-servers/install.sh            install and start slapd, edirectory, stock and feed (slapd), samba and postgres
#   scripts/test-servers/install.sh --no-start install only
#   UMT_TEST_SERVERS=slapd,edirectory ...      only these (samba needs root)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start=yes
[ "${1:-}" = "--no-start" ] && start=no
servers=${UMT_TEST_SERVERS:-slapd,edirectory,stock,feed,samba,postgres}

want_samba=no
case ",$servers," in *,samba,*) want_samba=yes ;; esac

packages=()
command -v slapd >/dev/null || packages+=(slapd)
command -v ldapsearch >/dev/null || packages+=(ldap-utils)
command -v openssl >/dev/null || packages+=(openssl)
if [ "$want_samba" = yes ]; then
  command -v samba >/dev/null || packages+=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules winbind)
  command -v samba-tool >/dev/null || packages+=(samba-ad-provision)
  # kinit, for a ticket from Samba's KDC (the GSSAPI bind tests). Without recommends no /etc/krb5.conf is
  # written; servers.sh writes a private one.
  command -v kinit >/dev/null || packages+=(krb5-user)
fi

# PostgreSQL 15 for umt-postgres (the Debian package; its own cluster is never started, see postgres.sh).
case ",$servers," in
  *,postgres,*) [ -x "${UMT_PG_BIN:-/usr/lib/postgresql/15/bin}/pg_ctl" ] || packages+=(postgresql) ;;
esac

if [ ${#packages[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "installing ${packages[*]} needs root (apt-get)"
  # Packages must not start their system services (slapd would take port 389, samba 389 too).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# Written by UMT scripts/test-servers: packages must not start services.\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    log "wrote /usr/sbin/policy-rc.d (deny service start)"
  fi
  t0=$(now_ms)
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${packages[@]}" >/tmp/umt-test-servers-apt.log 2>&1; then
    log "apt-get install failed; updating the package lists and trying again"
    apt-get update >>/tmp/umt-test-servers-apt.log 2>&1
    apt-get install -y --no-install-recommends "${packages[@]}" >>/tmp/umt-test-servers-apt.log 2>&1 \
      || { tail -20 /tmp/umt-test-servers-apt.log >&2; die "apt-get install ${packages[*]} failed (log: /tmp/umt-test-servers-apt.log)"; }
  fi
  log "installed ${packages[*]} ($(( $(now_ms) - t0 )) ms)"
else
  log "packages already installed"
fi

if [ "$start" = yes ]; then
  for s in ${servers//,/ }; do
    "$SCRIPTS/servers.sh" start "$s"
  done
fi
