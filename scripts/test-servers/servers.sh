#!/usr/bin/env bash
# Starts, stops and reports the LDAP test servers on 127.0.0.1 (see README.md in this folder).
#
#   servers.sh start [slapd|edirectory|stock|feed|samba|all]   start (creating on first use); default all
#   servers.sh stop  [slapd|edirectory|stock|feed|samba|all]   stop by recorded PID
#   servers.sh status                                          what runs, where
#   servers.sh reset [slapd|edirectory|stock|feed|samba|all]   stop and delete (all: the whole state folder)
#   servers.sh start|stop|reset postgres                      PostgreSQL 15 for umt-postgres (see postgres.sh)
#   servers.sh kinit                                a new Kerberos ticket for the Samba reader (private cache)
#
# State lives in $UMT_TEST_SERVERS_DIR (default /tmp/umt-test-servers); the connection details
# for tests are written to servers.properties (Java) and servers.env (shell) there.
# The standard test organisation is loaded by the JVM on first use (dev.umt.testkit.ldap.TestServers).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# PostgreSQL (umt-postgres): its own functions and state, see postgres.sh.
source "$(dirname "$0")/postgres.sh"

SLAPD_PORT_PREFERRED=${UMT_SLAPD_PORT:-3389}
EDIRECTORY_PORT_PREFERRED=${UMT_EDIRECTORY_PORT:-4389}
# A generic slapd with OpenLDAP's stock limits for the reader (olcSizeLimit 500, also for paged searches).
STOCK_PORT_PREFERRED=${UMT_STOCK_PORT:-5389}
# --- feed: a generic slapd for the change-feed tests (syncprov with a session log, refint, memberof).
FEED_PORT_PREFERRED=${UMT_FEED_PORT:-6389}
# --- end feed

# --- TLS: one test CA that signs a server certificate for 127.0.0.1/localhost and a client certificate.
tls_setup() {
  local t=$DIR/tls
  if [ -s "$t/truststore.p12" ] && [ -s "$t/client.p12" ]; then
    return 0
  fi
  command -v openssl >/dev/null || die "openssl is missing: run scripts/test-servers/install.sh"
  command -v keytool >/dev/null || die "keytool (JDK) is missing"
  rm -rf "$t" && mkdir -p "$t" && chmod 700 "$t"
  (
    cd "$t"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/O=UMT test/CN=UMT Test CA" \
      -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/O=UMT test/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:dc1.example.test\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -out server.pem -extfile server.ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/O=UMT test/CN=umt-client" -keyout client.key -out client.csr 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -out client.pem -extfile client.ext 2>/dev/null
    openssl pkcs12 -export -name umt-client -in client.pem -inkey client.key -certfile ca.pem \
      -passout "pass:$TRUSTSTORE_PASSWORD" -out client.p12
    keytool -importcert -noprompt -alias umt-test-ca -file ca.pem -keystore truststore.p12 \
      -storetype PKCS12 -storepass "$TRUSTSTORE_PASSWORD" >/dev/null 2>&1
    chmod 600 ./*.key
    rm -f ./*.csr ./*.ext
  )
  log "test CA, server and client certificates written to $t"
}

# --- slapd ---------------------------------------------------------------------------------

# slapd_config D FLAVOUR [NAME]: the cn=config LDIF of a private slapd in folder D. The instance
# named stock keeps OpenLDAP's stock limits for the reader: no olcLimits line for it, so the
# frontend's olcSizeLimit 500 also ends its paged searches (only the administrator is unlimited).
slapd_config() {
  local d=$1 flavour=$2 name=${3:-} hash
  hash=$(slappasswd -s "$SLAPD_ADMIN_PASSWORD")
  cat <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcTLSCACertificateFile: $DIR/tls/ca.pem
olcTLSCertificateFile: $DIR/tls/server.pem
olcTLSCertificateKeyFile: $DIR/tls/server.key
olcTLSVerifyClient: try
olcAuthzRegexp: {0}"^cn=umt-client,o=umt test$" "$SLAPD_READER_DN"

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: {0}back_mdb
olcModuleLoad: {1}syncprov
olcModuleLoad: {2}memberof
olcModuleLoad: {3}ppolicy

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/nis.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

include: file://$d/edirectory-schema.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: 500

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $BASE_DN
olcRootDN: $SLAPD_ADMIN_DN
olcRootPW: $hash
olcDbDirectory: $d/data
olcDbMaxSize: 2147483648
olcDbNoSync: TRUE
olcDbIndex: objectClass eq
olcDbIndex: entryUUID,entryCSN eq
olcDbIndex: uid,mail,cn eq,sub
olcDbIndex: member,memberOf eq
olcLimits: {0}dn.exact="$SLAPD_ADMIN_DN" size=unlimited time=unlimited
EOF
  if [ "$name" != stock ]; then
    echo "olcLimits: {1}dn.exact=\"$SLAPD_READER_DN\" size.soft=500 size.hard=500 size.prtotal=unlimited"
  fi
  echo 'olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none'
  if [ "$flavour" = edirectory ]; then
    # The eDirectory login offers an anonymous bind: anonymous may read.
    echo 'olcAccess: {1}to * by * read'
  else
    echo 'olcAccess: {1}to * by users read by * none'
  fi
  echo
  if [ "$flavour" = generic ]; then
    # eDirectory keeps groupMembership itself (the loader writes it); generic servers use memberOf.
    cat <<EOF
dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfRefInt: TRUE
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf

EOF
  fi
  cat <<EOF
dn: olcOverlay={1}syncprov,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcSyncProvConfig
olcOverlay: {1}syncprov
olcSpCheckpoint: 100 10
EOF
  if [ "$name" = feed ]; then
    feed_config
  fi
}

# --- feed: what the instance named feed adds to the generic configuration: a syncprov session log
# (refresh-only content sync then reports deletions explicitly instead of a present phase) and the
# refint overlay on member (it rewrites member values after a rename or delete of a member without
# a new entryCSN or modifyTimestamp on the group: the blind spot the change feeds must cover).
# Printed right after the syncprov overlay entry, whose attributes it continues.
feed_config() {
  cat <<EOF
olcSpSessionLog: 1000

dn: cn=module{1},cn=config
objectClass: olcModuleList
cn: module{1}
olcModulePath: /usr/lib/ldap
olcModuleLoad: {0}refint

dn: olcOverlay={2}refint,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcRefintConfig
olcOverlay: {2}refint
olcRefintAttribute: member
olcRefintNothing: $SLAPD_ADMIN_DN
EOF
}
# --- end feed

# edirectory_schema: the test kit's subschema entry turned into a cn=config schema entry
# (the schema is kept once, in the test kit).
edirectory_schema() {
  awk '/^#/ {next}
       /^dn:/ {print "dn: cn=edirectory,cn=schema,cn=config"; print "objectClass: olcSchemaConfig"; print "cn: edirectory"; next}
       /^objectClass:/ || /^cn:/ {next}
       {sub(/^attributeTypes:/, "olcAttributeTypes:"); sub(/^objectClasses:/, "olcObjectClasses:"); print}' "$EDIR_SCHEMA"
}

# slapd_config_fingerprint D FLAVOUR [NAME]: a hash of the configuration an instance would be made from
# (the salted password hashes left out, as they differ every time).
slapd_config_fingerprint() {
  { slapd_config "$1" "$2" "${3:-}" | grep -v '^olcRootPW:'; edirectory_schema; slapd_base | grep -v '^userPassword:'; } | sha256sum | cut -c1-16
}

# slapd_base: the base entry and the non-admin reader, loaded offline when the instance is created.
slapd_base() {
  cat <<EOF
dn: $BASE_DN
objectClass: top
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: $SLAPD_READER_DN
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: umt-reader
description: UMT test: a non-admin account that may read
userPassword: $(slappasswd -s "$SLAPD_READER_PASSWORD")
EOF
}

# slapd_start NAME FLAVOUR PREFERRED_PORT
slapd_start() {
  local name=$1 flavour=$2 preferred=$3 d t0 port sport wanted
  d=$DIR/$name
  command -v slapd >/dev/null || die "slapd is missing: run scripts/test-servers/install.sh"
  if alive "$d/pid"; then
    log "$name already runs (PID $(cat "$d/pid"), port $(cat "$d/port"))"
    write_env
    return 0
  fi
  tls_setup
  t0=$(now_ms)
  # An instance made from another configuration (these scripts or the schema changed) is made again;
  # the tests reload the organisation into it.
  wanted=$(slapd_config_fingerprint "$d" "$flavour" "$name")
  if [ -s "$d/created" ] && [ "$(cat "$d/fingerprint" 2>/dev/null)" != "$wanted" ]; then
    log "$name was made from another configuration; making it again"
    rm -f "$d/created"
  fi
  if [ ! -s "$d/created" ]; then
    rm -rf "$d" && mkdir -p "$d/slapd.d" "$d/data"
    edirectory_schema > "$d/edirectory-schema.ldif"
    slapd_config "$d" "$flavour" "$name" > "$d/config.ldif"
    echo "$wanted" > "$d/fingerprint"
    slapadd -q -n0 -F "$d/slapd.d" -l "$d/config.ldif" >"$d/slapadd.log" 2>&1 || { cat "$d/slapadd.log" >&2; die "$name: slapadd of cn=config failed"; }
    slapd_base | slapadd -q -n1 -F "$d/slapd.d" >>"$d/slapadd.log" 2>&1 || { cat "$d/slapadd.log" >&2; die "$name: slapadd of the base entry failed"; }
    echo "$flavour" > "$d/created"
    log "$name created in $d ($(( $(now_ms) - t0 )) ms)"
  fi
  port=$preferred
  [ -s "$d/port" ] && port=$(cat "$d/port")
  port=$(free_port "$port")
  sport=$(free_port $((port + 1)))
  echo "$port" > "$d/port"
  echo "$sport" > "$d/ldaps-port"
  t0=$(now_ms)
  nohup slapd -d 0 -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$sport/" -F "$d/slapd.d" >"$d/slapd.log" 2>&1 &
  echo $! > "$d/pid"
  if ! wait_ldap "ldap://127.0.0.1:$port" 30; then
    tail -20 "$d/slapd.log" >&2 || true
    stop_pid "$d/pid" "$name"
    die "$name did not answer on 127.0.0.1:$port within 30 s (log: $d/slapd.log)"
  fi
  log "$name ($flavour) runs: ldap://127.0.0.1:$port, ldaps://127.0.0.1:$sport, PID $(cat "$d/pid") ($(( $(now_ms) - t0 )) ms to answer)"
  write_env
}

# --- Samba AD DC ---------------------------------------------------------------------------

# Bump when the provisioning or the smb.conf settings below change: the next start provisions again.
SAMBA_SETUP_VERSION=2

samba_provision() {
  local s=$DIR/samba t0
  if [ -s "$s/provisioned" ] && [ "$(head -1 "$s/provisioned")" = "setup $SAMBA_SETUP_VERSION" ]; then
    return 0
  fi
  [ -s "$s/provisioned" ] && log "samba was provisioned by another version of these scripts; provisioning again"
  command -v samba-tool >/dev/null || die "samba-tool is missing: run scripts/test-servers/install.sh"
  [ "$(id -u)" = 0 ] || die "Samba's AD DC needs root"
  tls_setup
  t0=$(now_ms)
  rm -rf "$s" && mkdir -p "$s"
  samba-tool domain provision --realm="$SAMBA_REALM" --domain="$SAMBA_DOMAIN" --server-role=dc \
    --dns-backend=NONE --adminpass="$SAMBA_ADMIN_PASSWORD" --host-name=dc1 --targetdir="$s" \
    --option="interfaces=lo" --option="bind interfaces only=yes" >"$s/provision.log" 2>&1 \
    || { tail -30 "$s/provision.log" >&2; die "samba-tool domain provision failed (log: $s/provision.log)"; }
  mkdir -p "$s/cache"
  # Settings given at provision time are not all saved: put them in [global] ourselves.
  # ldb:nosync skips fsync on every write: three times faster loading; fine for a throw-away DC.
  sed -i "/^\[global\]/a\\
\tldb:nosync = true\\
\tldap server require strong auth = no\\
\tpid directory = $s\\
\tlog file = $s/log.%m\\
\tserver services = ldap, cldap, kdc\\
\ttls enabled = yes\\
\ttls keyfile = $DIR/tls/server.key\\
\ttls certfile = $DIR/tls/server.pem\\
\ttls cafile = $DIR/tls/ca.pem" "$s/etc/smb.conf"
  { echo "setup $SAMBA_SETUP_VERSION"; date -u +%FT%TZ; } > "$s/provisioned"
  log "samba provisioned in $s ($(( $(now_ms) - t0 )) ms)"
}

samba_start() {
  local s=$DIR/samba t0
  if alive "$s/pid"; then
    log "samba already runs (PID $(cat "$s/pid"))"
    [ -s "$DIR/kerberos/reader.ccache" ] || samba_kerberos
    samba_tombstone_readers
    write_env
    return 0
  fi
  samba_provision
  if listening 389 || listening 636; then
    die "port 389 or 636 is taken by another process; Samba's ports are fixed (one DC per machine)"
  fi
  t0=$(now_ms)
  nohup samba -i -s "$s/etc/smb.conf" >"$s/samba.out" 2>&1 &
  echo $! > "$s/pid"
  if ! wait_ldap "ldap://127.0.0.1:389" 60; then
    tail -30 "$s/samba.out" >&2 || true
    stop_pid "$s/pid" samba
    die "samba did not answer on 127.0.0.1:389 within 60 s (log: $s/samba.out)"
  fi
  log "samba runs: ldap://127.0.0.1:389, ldaps://127.0.0.1:636, PID $(cat "$s/pid") ($(( $(now_ms) - t0 )) ms to answer)"
  samba_reader
  samba_tombstone_readers
  samba_kerberos
  write_env
}

# samba_kerberos: a private krb5.conf for the realm (KDC 127.0.0.1, no DNS) and a ticket of the non-admin reader
# in a private ticket cache (kinit with its password), for the GSSAPI bind tests. Nothing outside $DIR is touched:
# no /etc/krb5.conf, no /etc/hosts entry (the tests name the service principal ldap/dc1.example.test themselves).
# The ticket lasts 10 h; dev.umt.testkit.ldap.TestServers gets a new one when it is older than 4 h.
samba_kerberos() {
  local k=$DIR/kerberos t0
  if ! command -v kinit >/dev/null; then
    log "kinit is missing (krb5-user): no Kerberos ticket for the GSSAPI tests; run scripts/test-servers/install.sh"
    return 0
  fi
  t0=$(now_ms)
  mkdir -p "$k" && chmod 700 "$k"
  cat > "$k/krb5.conf" <<KRB5
# Written by scripts/test-servers/servers.sh: the test realm on loopback only.
[libdefaults]
	default_realm = $SAMBA_REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	dns_canonicalize_hostname = false
	udp_preference_limit = 1
[realms]
	$SAMBA_REALM = {
		kdc = 127.0.0.1
	}
[domain_realm]
	.${SAMBA_REALM,,} = $SAMBA_REALM
	${SAMBA_REALM,,} = $SAMBA_REALM
KRB5
  # A new cache is written beside the old one and renamed over it: a test reading the cache never sees half a file.
  # The KDC may answer a little after LDAP does when Samba has just started: try for up to 30 s.
  local tries=0
  until printf '%s\n' "$SAMBA_READER_PASSWORD" | KRB5_CONFIG="$k/krb5.conf" kinit -c "FILE:$k/reader.ccache.new.$$" \
      "$SAMBA_READER_LOGIN@$SAMBA_REALM" >"$k/kinit.log" 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      rm -f "$k/reader.ccache.new.$$"
      cat "$k/kinit.log" >&2
      die "kinit $SAMBA_READER_LOGIN@$SAMBA_REALM against the Samba KDC on 127.0.0.1 failed for 30 s (log: $k/kinit.log)"
    fi
    sleep 0.5
  done
  mv -f "$k/reader.ccache.new.$$" "$k/reader.ccache"
  log "kerberos: ticket of $SAMBA_READER_LOGIN@$SAMBA_REALM in $k/reader.ccache ($(( $(now_ms) - t0 )) ms)"
}

# samba_reader: the non-admin account (a plain domain user) with a known password, allowed DirSync.
samba_reader() {
  local s=$DIR/samba
  if LDAPTLS_REQCERT=never ldapsearch -x -o nettimeout=5 -H ldap://127.0.0.1:389 -D "$SAMBA_ADMIN_DN" -w "$SAMBA_ADMIN_PASSWORD" \
      -b "$SAMBA_BASE_DN" -s sub "(sAMAccountName=$SAMBA_READER_LOGIN)" dn 2>/dev/null | grep -q '^dn:'; then
    samba_reader_never_expires
    return 0
  fi
  samba-tool user create "$SAMBA_READER_LOGIN" "$SAMBA_READER_PASSWORD" --description="UMT test: a non-admin account" \
    -H ldap://127.0.0.1 -U "Administrator%$SAMBA_ADMIN_PASSWORD" -s "$s/etc/smb.conf" >"$s/reader.log" 2>&1 \
    || { cat "$s/reader.log" >&2; die "could not create the non-admin Samba account $SAMBA_READER_LOGIN"; }
  # A sync account needs "Replicating Directory Changes" on the domain root for DirSync.
  samba-tool dsacl set --car=get-changes --action=allow --objectdn="$SAMBA_BASE_DN" --trusteedn="$SAMBA_READER_DN" \
    -H ldap://127.0.0.1 -U "Administrator%$SAMBA_ADMIN_PASSWORD" -s "$s/etc/smb.conf" >>"$s/reader.log" 2>&1 \
    || { tail -5 "$s/reader.log" >&2; die "could not grant Replicating Directory Changes to $SAMBA_READER_LOGIN"; }
  samba_reader_never_expires
  log "samba: non-admin account $SAMBA_READER_LOGIN created, with Replicating Directory Changes"
}

# samba_tombstone_readers: umt-watcher (Replicating Directory Changes) and umt-usn (without it), two plain domain
# users allowed to list tombstones: (A;;RPLC;;;<their SID>) in the DACL of CN=Deleted Objects, as
# `dsacls "CN=Deleted Objects,DC=..." /takeownership` and `/G <account>:LCRP` grant on Microsoft AD. Not even the
# Administrator may read or write that DACL over LDAP (it holds RPLC only, like BA on Windows), so the ACE is
# written to the sam.ldb with the system session (Samba's counterpart of taking ownership), with the Show Deleted
# and SD flags controls; the running DC sees it at once. Idempotent: an account or ACE that exists is kept.
samba_tombstone_readers() {
  local s=$DIR/samba login password dn car
  for login in "$SAMBA_WATCHER_LOGIN" "$SAMBA_USN_LOGIN"; do
    if [ "$login" = "$SAMBA_WATCHER_LOGIN" ]; then password=$SAMBA_WATCHER_PASSWORD dn=$SAMBA_WATCHER_DN car=yes
    else password=$SAMBA_USN_PASSWORD dn=$SAMBA_USN_DN car=no; fi
    if ! LDAPTLS_REQCERT=never ldapsearch -x -o nettimeout=5 -H ldap://127.0.0.1:389 -D "$SAMBA_ADMIN_DN" -w "$SAMBA_ADMIN_PASSWORD" \
        -b "$SAMBA_BASE_DN" -s sub "(sAMAccountName=$login)" dn 2>/dev/null | grep -q '^dn:'; then
      samba-tool user create "$login" "$password" --description="UMT test: a non-admin account that may list tombstones" \
        -H ldap://127.0.0.1 -U "Administrator%$SAMBA_ADMIN_PASSWORD" -s "$s/etc/smb.conf" >>"$s/reader.log" 2>&1 \
        || { tail -5 "$s/reader.log" >&2; die "could not create the non-admin Samba account $login"; }
      if [ "$car" = yes ]; then
        samba-tool dsacl set --car=get-changes --action=allow --objectdn="$SAMBA_BASE_DN" --trusteedn="$dn" \
          -H ldap://127.0.0.1 -U "Administrator%$SAMBA_ADMIN_PASSWORD" -s "$s/etc/smb.conf" >>"$s/reader.log" 2>&1 \
          || { tail -5 "$s/reader.log" >&2; die "could not grant Replicating Directory Changes to $login"; }
      fi
      log "samba: non-admin account $login created$([ "$car" = yes ] && echo ", with Replicating Directory Changes")"
    fi
    samba-tool user setexpiry "$login" --noexpiry \
      -H ldap://127.0.0.1 -U "Administrator%$SAMBA_ADMIN_PASSWORD" -s "$s/etc/smb.conf" >>"$s/reader.log" 2>&1 \
      || { tail -5 "$s/reader.log" >&2; die "could not make the password of $login never expire"; }
  done
  # Samba's Python bindings belong to the system Python, whatever python3 is first on PATH.
  /usr/bin/python3 - "$s/etc/smb.conf" "$SAMBA_WATCHER_LOGIN" "$SAMBA_USN_LOGIN" >>"$s/reader.log" 2>&1 <<'PY' \
    || { tail -5 "$s/reader.log" >&2; die "could not grant List Contents + Read Property on CN=Deleted Objects"; }
import sys
import ldb
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack
from samba.param import LoadParm
from samba.samdb import SamDB

lp = LoadParm()
lp.load(sys.argv[1])
db = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
domain = security.dom_sid(db.get_domain_sid())
deleted = "CN=Deleted Objects," + str(db.domain_dn())
controls = ["show_deleted:1", "sd_flags:1:4"]  # the DACL only
for login in sys.argv[2:]:
    user = db.search(str(db.domain_dn()), scope=ldb.SCOPE_SUBTREE, expression="(sAMAccountName=%s)" % login, attrs=["objectSid"])
    sid = ndr_unpack(security.dom_sid, user[0]["objectSid"][0])
    found = db.search(deleted, scope=ldb.SCOPE_BASE, attrs=["nTSecurityDescriptor"], controls=controls)
    sd = ndr_unpack(security.descriptor, found[0]["nTSecurityDescriptor"][0])
    if any(a.trustee == sid and a.type == security.SEC_ACE_TYPE_ACCESS_ALLOWED
           and a.access_mask & security.SEC_ADS_LIST and a.access_mask & security.SEC_ADS_READ_PROP for a in sd.dacl.aces):
        continue
    ace = security.ace()
    ace.type = security.SEC_ACE_TYPE_ACCESS_ALLOWED
    ace.access_mask = security.SEC_ADS_LIST | security.SEC_ADS_READ_PROP
    ace.trustee = sid
    sd.dacl_add(ace)
    m = ldb.Message(ldb.Dn(db, deleted))
    m["nTSecurityDescriptor"] = ldb.MessageElement(ndr_pack(sd), ldb.FLAG_MOD_REPLACE, "nTSecurityDescriptor")
    db.modify(m, controls=controls)
    print("granted List Contents + Read Property on %s to %s (%s)" % (deleted, login, sid))
PY
}

# Samba's default password lifetime is 42 days: a state folder older than that would lock the reader
# (and its kinit) out. setexpiry --noexpiry sets DONT_EXPIRE_PASSWORD (0x10000) and accountExpires 0.
samba_reader_never_expires() {
  samba-tool user setexpiry "$SAMBA_READER_LOGIN" --noexpiry \
    -H ldap://127.0.0.1 -U "Administrator%$SAMBA_ADMIN_PASSWORD" -s "$DIR/samba/etc/smb.conf" >>"$DIR/samba/reader.log" 2>&1 \
    || { tail -5 "$DIR/samba/reader.log" >&2; die "could not make the password of $SAMBA_READER_LOGIN never expire"; }
}

# --- connection details for tests ------------------------------------------------------------

# write_env: servers.properties and servers.env for every server that runs.
write_env() {
  local p=$DIR/servers.properties.tmp e=$DIR/servers.env.tmp name d
  mkdir -p "$DIR"
  {
    echo "# Written by scripts/test-servers/servers.sh at $(date -u +%FT%TZ). Test-only credentials."
    echo "tls.trustStore=$DIR/tls/truststore.p12"
    echo "tls.trustStorePassword=$TRUSTSTORE_PASSWORD"
    echo "tls.trustStoreType=PKCS12"
    echo "tls.clientKeyStore=$DIR/tls/client.p12"
    echo "tls.clientKeyStorePassword=$TRUSTSTORE_PASSWORD"
  } > "$p"
  : > "$e"
  for name in slapd edirectory stock feed; do
    d=$DIR/$name
    if alive "$d/pid"; then
      cat >> "$p" <<EOF
$name.flavour=$(cat "$d/created")
$name.pid=$(cat "$d/pid")
$name.host=127.0.0.1
$name.port=$(cat "$d/port")
$name.ldapsPort=$(cat "$d/ldaps-port")
$name.baseDn=$BASE_DN
$name.bindDn=$SLAPD_ADMIN_DN
$name.password=$SLAPD_ADMIN_PASSWORD
$name.readerDn=$SLAPD_READER_DN
$name.readerPassword=$SLAPD_READER_PASSWORD
$name.clientCertificateIdentity=$SLAPD_READER_DN
EOF
      local up=${name^^}
      cat >> "$e" <<EOF
UMT_${up}_URL=ldap://127.0.0.1:$(cat "$d/port")
UMT_${up}_LDAPS_URL=ldaps://127.0.0.1:$(cat "$d/ldaps-port")
UMT_${up}_BASE_DN='$BASE_DN'
UMT_${up}_BIND_DN='$SLAPD_ADMIN_DN'
UMT_${up}_PASSWORD='$SLAPD_ADMIN_PASSWORD'
EOF
    fi
  done
  if alive "$DIR/samba/pid"; then
    cat >> "$p" <<EOF
samba.flavour=active-directory
samba.pid=$(cat "$DIR/samba/pid")
samba.host=127.0.0.1
samba.port=389
samba.ldapsPort=636
samba.baseDn=$SAMBA_BASE_DN
samba.bindDn=$SAMBA_ADMIN_DN
samba.password=$SAMBA_ADMIN_PASSWORD
samba.readerDn=$SAMBA_READER_DN
samba.readerPassword=$SAMBA_READER_PASSWORD
samba.watcherDn=$SAMBA_WATCHER_DN
samba.watcherPassword=$SAMBA_WATCHER_PASSWORD
samba.usnReaderDn=$SAMBA_USN_DN
samba.usnReaderPassword=$SAMBA_USN_PASSWORD
samba.realm=$SAMBA_REALM
samba.domain=$SAMBA_DOMAIN
EOF
    if [ -s "$DIR/kerberos/reader.ccache" ]; then
      cat >> "$p" <<EOF
samba.kerberos.krb5Conf=$DIR/kerberos/krb5.conf
samba.kerberos.ticketCache=$DIR/kerberos/reader.ccache
samba.kerberos.principal=$SAMBA_READER_LOGIN@$SAMBA_REALM
samba.kerberos.serverName=dc1.${SAMBA_REALM,,}
EOF
    fi
    cat >> "$e" <<EOF
UMT_SAMBA_URL=ldap://127.0.0.1:389
UMT_SAMBA_LDAPS_URL=ldaps://127.0.0.1:636
UMT_SAMBA_BASE_DN='$SAMBA_BASE_DN'
UMT_SAMBA_BIND_DN='$SAMBA_ADMIN_DN'
UMT_SAMBA_PASSWORD='$SAMBA_ADMIN_PASSWORD'
EOF
  fi
  echo "UMT_TEST_TRUSTSTORE=$DIR/tls/truststore.p12" >> "$e"
  echo "UMT_TEST_TRUSTSTORE_PASSWORD=$TRUSTSTORE_PASSWORD" >> "$e"
  mv "$p" "$DIR/servers.properties"
  mv "$e" "$DIR/servers.env"
}

# --- commands ----------------------------------------------------------------------------------

which_servers() {
  case "${1:-all}" in
    all) echo "slapd edirectory stock feed samba postgres" ;;
    slapd | edirectory | stock | feed | samba | postgres) echo "$1" ;;
    *) die "unknown server '$1' (expected slapd, edirectory, stock, feed, samba, postgres or all)" ;;
  esac
}

start_one() {
  case "$1" in
    slapd) slapd_start slapd generic "$SLAPD_PORT_PREFERRED" ;;
    edirectory) slapd_start edirectory edirectory "$EDIRECTORY_PORT_PREFERRED" ;;
    stock) slapd_start stock generic "$STOCK_PORT_PREFERRED" ;;
    feed) slapd_start feed generic "$FEED_PORT_PREFERRED" ;;
    samba) samba_start ;;
    postgres) postgres_start ;;
  esac
}

status() {
  local name
  for name in slapd edirectory stock feed samba; do
    if alive "$DIR/$name/pid"; then
      case "$name" in
        samba) echo "$name: runs, PID $(cat "$DIR/$name/pid"), ldap://127.0.0.1:389, ldaps://127.0.0.1:636" ;;
        *) echo "$name: runs, PID $(cat "$DIR/$name/pid"), ldap://127.0.0.1:$(cat "$DIR/$name/port"), ldaps://127.0.0.1:$(cat "$DIR/$name/ldaps-port")" ;;
      esac
    else
      echo "$name: stopped"
    fi
  done
  postgres_status
  if alive "$DIR/samba/pid" && [ -s "$DIR/kerberos/reader.ccache" ]; then
    echo "kerberos: realm $SAMBA_REALM, KDC 127.0.0.1:88; KRB5_CONFIG=$DIR/kerberos/krb5.conf KRB5CCNAME=FILE:$DIR/kerberos/reader.ccache ($SAMBA_READER_LOGIN@$SAMBA_REALM)"
  fi
  [ -s "$DIR/servers.properties" ] && echo "details: $DIR/servers.properties, $DIR/servers.env"
  return 0
}

command=${1:-}
case "$command" in
  start)
    mkdir -p "$DIR"
    for s in $(which_servers "${2:-all}"); do start_one "$s"; done
    ;;
  stop)
    for s in $(which_servers "${2:-all}"); do
      if [ "$s" = postgres ]; then postgres_stop; else stop_pid "$DIR/$s/pid" "$s"; fi
    done
    [ -d "$DIR" ] && write_env
    ;;
  status) status ;;
  kinit)
    alive "$DIR/samba/pid" || die "samba is not running: servers.sh start samba"
    samba_kerberos
    write_env
    ;;
  reset)
    if [ -z "${2:-}" ] || [ "$2" = all ]; then
      for s in slapd edirectory stock feed samba; do stop_pid "$DIR/$s/pid" "$s"; done
      postgres_stop
      rm -rf "$DIR"
      log "removed $DIR"
    else
      for s in $(which_servers "$2"); do
        if [ "$s" = postgres ]; then postgres_reset; continue; fi
        stop_pid "$DIR/$s/pid" "$s"; rm -rf "${DIR:?}/$s"; log "removed $DIR/$s"
      done
      write_env
    fi
    ;;
  *)
    echo "usage: $0 start|stop|reset [slapd|edirectory|stock|feed|samba|postgres|all] | status | kinit" >&2
    exit 2
    ;;
esac
