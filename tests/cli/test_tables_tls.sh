#!/bin/bash
# CLI tests: the "net" tables (tls_scans, tls_protocols, tls_ciphers,
# tls_certificates, tls_groups, tls_findings) through `ecguard query`
# against the real nginx servers of tls_servers.sh, row by row; one scan per
# target whatever the number of tables (counted at a peer that logs its
# connections); and checks/tls.yaml in an audit whose spec names two of the
# servers as https://127.0.0.1:PORT/ endpoints, with exact alarms; with the
# embedded default spec the TLS checks skip and scan nothing. Only
# 127.0.0.1 is contacted.
. "$SRCDIR/tests/cli/lib.sh"

if [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1; then
	echo "1..0 # SKIP nginx (Debian's nginx-light) or openssl not installed"
	exit 0
fi

. "$SRCDIR/tests/cli/tls_servers.sh"
PEERS=""
cleanup() {
	tls_stop_nginx
	for p in $PEERS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT

if ! tls_make_pki; then
	_report fail "the test PKI is generated"
	done_testing
	exit
fi
if ! tls_start_nginx; then
	_report fail "nginx starts" "$(cat "$TMPD/nginx/error.log" 2>/dev/null)"
	done_testing
	exit
fi
# The test CA is trusted, as a site's real CA is by the system store.
export SSL_CERT_FILE=$TMPD/pki/ca.pem
mkdir -p "$TMPD/root"
q() { # SQL: csv rows of `ecguard query` on an empty root (CRLF -> LF)
	run query --root "$TMPD/root" --format csv "$1"
	out=$(printf '%s' "$out" | tr -d '\r')
}
W=127.0.0.1:$WEAK_PORT
G=127.0.0.1:$GOOD_PORT
D=127.0.0.1:$DHE_PORT

# --- rows ----------------------------------------------------------------
q "SELECT * FROM tls_protocols WHERE target = '$W'"
is "$rc" 0 "tls_protocols: exit 0"
is "$out" "protocol,supported
SSLv3,0
TLSv1.0,1
TLSv1.1,1
TLSv1.2,1
TLSv1.3,0" "tls_protocols: the weak server's versions"

q "SELECT target, protocol, name, iana, id, kex, bits, aead, pfs, weak FROM tls_ciphers WHERE target = '$G'"
is "$out" "target,protocol,name,iana,id,kex,bits,aead,pfs,weak
$G,TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,0xC02F,ECDHE,128,1,1,
$G,TLSv1.2,ECDHE-RSA-AES256-GCM-SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,0xC030,ECDHE,256,1,1,
$G,TLSv1.2,ECDHE-RSA-CHACHA20-POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,0xCCA8,ECDHE,256,1,1,
$G,TLSv1.3,TLS_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256,0x1301,ECDHE,128,1,1,
$G,TLSv1.3,TLS_AES_256_GCM_SHA384,TLS_AES_256_GCM_SHA384,0x1302,ECDHE,256,1,1,
$G,TLSv1.3,TLS_CHACHA20_POLY1305_SHA256,TLS_CHACHA20_POLY1305_SHA256,0x1303,ECDHE,256,1,1," \
	"tls_ciphers: the good server's six suites, the hidden target selectable"
q "SELECT protocol, name, weak FROM tls_ciphers WHERE target = '$W' AND weak IS NOT NULL"
is "$out" "protocol,name,weak
TLSv1.0,AECDH-AES128-SHA,anon
TLSv1.0,AECDH-AES256-SHA,anon
TLSv1.1,AECDH-AES128-SHA,anon
TLSv1.1,AECDH-AES256-SHA,anon
TLSv1.2,AECDH-AES128-SHA,anon
TLSv1.2,AECDH-AES256-SHA,anon" "tls_ciphers: the weak server's anonymous suites"

q "SELECT * FROM tls_groups WHERE target = '$D'"
is "$out" "protocol,name,bits,legacy,preferred
TLSv1.2,secp256r1,256,0,0
TLSv1.2,secp384r1,384,0,1
TLSv1.2,DH,1024,1,0" "tls_groups: the DHE server's groups, its preference, the weak prime"

q "SELECT position, subject, issuer, expired, not_yet_valid, hostname_match, trusted, self_signed, key_type, key_bits, sig_alg, sans, on_path, issued_by_next FROM tls_certificates WHERE target = '127.0.0.1:$MESSY_PORT' AND sni = 'localhost'"
is "$out" "position,subject,issuer,expired,not_yet_valid,hostname_match,trusted,self_signed,key_type,key_bits,sig_alg,sans,on_path,issued_by_next
0,CN=localhost,CN=ecguard test intermediate,0,0,1,1,0,rsa,2048,sha256WithRSAEncryption,\"[\"\"DNS:localhost\"\",\"\"IP:127.0.0.1\"\"]\",1,0
1,CN=other.example,CN=ecguard test CA,0,0,,,0,rsa,2048,sha256WithRSAEncryption,,0,1
2,CN=ecguard test CA,CN=ecguard test CA,0,0,,,1,rsa,2048,sha256WithRSAEncryption,,1,0
3,CN=ecguard test intermediate,CN=ecguard test CA,0,0,,,0,rsa,2048,sha256WithRSAEncryption,,1,0" \
	"tls_certificates: the messy chain as sent, with sni"
q "SELECT position, not_yet_valid, days_left > 100 FROM tls_certificates WHERE target = '127.0.0.1:$FUTURE_PORT'"
is "$out" "position,not_yet_valid,days_left > 100
0,1,1
1,0,0" "tls_certificates: a leaf valid only from next month"

q "SELECT scanned, server_order, preferred_group, compression, secure_renegotiation, client_renegotiation, ocsp_stapled, ocsp_status, chain_length, chain_complete, chain_in_order, chain_extra, anchor_sent, spec_min_tls FROM tls_scans WHERE target IN ('$D', '127.0.0.1:$MISSING_PORT') ORDER BY preferred_group IS NULL"
is "$out" "scanned,server_order,preferred_group,compression,secure_renegotiation,client_renegotiation,ocsp_stapled,ocsp_status,chain_length,chain_complete,chain_in_order,chain_extra,anchor_sent,spec_min_tls
1,1,secp384r1,0,1,0,1,good,1,1,1,0,0,
1,0,,0,1,0,0,,1,0,1,0,0," "tls_scans: one row per target (IN list)"

q "SELECT id, severity FROM tls_findings WHERE target = '$D' ORDER BY id"
is "$out" "id,severity
tls.dh.weak,high
tls.ipa_high,low
tls.ipa_recommended,medium
tls.protocol.no_tls13,info" "tls_findings: the DHE server's findings"

free=$(tls_free_port)
q "SELECT t.scanned, t.error, f.id, f.severity FROM tls_scans t JOIN tls_findings f ON f.target = t.target WHERE t.target = '127.0.0.1:$free'"
is "$rc" 0 "a closed port is not a query error"
is "$out" "scanned,error,id,severity
0,\"cannot connect to 127.0.0.1:$free: Connection refused; check the host and port, and that a firewall lets you through\",tls.scan_failed,high" \
	"a closed port: scanned 0 with the reason, tls.scan_failed"
q "SELECT count(*) FROM tls_protocols WHERE target = '127.0.0.1:$free'"
is "$out" "count(*)
0" "a closed port: no protocol rows"

q "SELECT * FROM tls_protocols"
is "$rc" 2 "no target: exit 2"
contains "$err" "tls_protocols needs target =" "no target: the message says what to add"
q "SELECT * FROM tls_protocols WHERE target = '127.0.0.1:0'"
is "$rc" 2 "a bad target: exit 2"
contains "$err" "bad TLS target \"127.0.0.1:0\"" "a bad target is named"

# --- one scan per target per run -------------------------------------------
python3 "$SRCDIR/tests/cli/tls_peer.py" legacy "$TMPD/port.legacy" &
PEERS="$PEERS $!"
for i in $(seq 1 200); do [ -s "$TMPD/port.legacy" ] && break; sleep 0.05; done
L=127.0.0.1:$(cat "$TMPD/port.legacy")
conns() { wc -l <"$TMPD/port.legacy.conns" 2>/dev/null || echo 0; }
q "SELECT handshakes FROM tls_scans WHERE target = '$L'"
one=$(conns)
hs=$(printf '%s\n' "$out" | sed -n 2p)
check "one table: the peer saw the scan's handshakes plus the reachability check ($one connections, $hs handshakes)" \
	test "$one" -eq "$((hs + 1))"
: >"$TMPD/port.legacy.conns"
q "SELECT (SELECT count(*) FROM tls_protocols p WHERE p.target = s.target),
          (SELECT count(*) FROM tls_ciphers c WHERE c.target = s.target),
          (SELECT count(*) FROM tls_certificates c WHERE c.target = s.target),
          (SELECT count(*) FROM tls_groups g WHERE g.target = s.target),
          (SELECT count(*) FROM tls_findings f WHERE f.target = s.target)
   FROM tls_scans s WHERE s.target = '$L'"
six=$(conns)
is "$six" "$one" "six tables over one target: one scan, as many connections as one table"
is "$(printf '%s\n' "$out" | sed -n 2p)" "5,5,0,0,9" "six tables over one target: the legacy peer's rows"

# --- query --spec: the site's minimum version -------------------------------
cat >"$TMPD/spec.yaml" <<SPEC
schema: ecguard.spec/1
site:
  name: tls test shop
  endpoints:
    - name: shop
      url: https://127.0.0.1:$GOOD_PORT/
    - name: checkout
      url: https://127.0.0.1:$GOOD_PORT/checkout
      payment: true
    - name: legacy
      url: https://127.0.0.1:$WEAK_PORT/
zones:
  - name: dmz
servers:
  - name: web
    role: web
    zone: dmz
communications:
  - name: customers
    from: internet
    to: web
    protocol: https
    min_tls: TLSv1.2
SPEC
run query --root "$TMPD/root" --spec "$TMPD/spec.yaml" --format csv \
	"SELECT s.target, s.spec_min_tls, f.severity FROM spec_endpoints e JOIN tls_scans s ON s.target = e.host || ':' || e.port JOIN tls_findings f ON f.target = s.target AND f.id = 'tls.spec_min_version' WHERE e.scheme = 'https' GROUP BY s.target ORDER BY s.target = '$W'"
out=$(printf '%s' "$out" | tr -d '\r')
is "$out" "target,spec_min_tls,severity
$G,TLSv1.2,info
$W,TLSv1.2,high" "query --spec: spec_endpoints joined with the scans, the spec's minimum applied"
q "SELECT spec_min_tls FROM tls_scans WHERE target = '$W'"
is "$out" "spec_min_tls" "query without --spec: the embedded default is not applied"

# --- the audit ---------------------------------------------------------------
TLS_CHECKS="tls.endpoint_reachable tls.protocol_versions tls.cipher_strength tls.ipa_recommended tls.certificate_validity tls.certificate_hostname tls.certificate_trusted tls.certificate_chain tls.key_exchange tls.protocol_features tls.spec_min_version"
"$ECGUARD" --lang en audit --root "$TMPD/root" --spec "$TMPD/spec.yaml" --no-store \
	--format json --fail-on none >"$TMPD/audit.json" 2>"$TMPD/audit.err"
is "$?" 0 "audit with the spec's https endpoints: exit 0 (--fail-on none)"
A=$(cat "$TMPD/audit.json")
json_eq "$A" '"\n".join(sorted("%s %s %s" % (r["check"], r["resource"], r["status"]) for r in j["results"] if r["check"].startswith("tls.")))' \
"$(sort <<LIST
tls.certificate_chain $G ok
tls.certificate_chain $W ok
tls.certificate_hostname $G ok
tls.certificate_hostname $W alarm
tls.certificate_trusted $G ok
tls.certificate_trusted $W ok
tls.certificate_validity $G #0 ok
tls.certificate_validity $W #0 alarm
tls.cipher_strength $G ok
tls.cipher_strength $W alarm
tls.endpoint_reachable $G ok
tls.endpoint_reachable $W ok
tls.ipa_recommended $G ok
tls.ipa_recommended $W alarm
tls.key_exchange $G ok
tls.key_exchange $W ok
tls.protocol_features $G ok
tls.protocol_features $W ok
tls.protocol_versions $G ok
tls.protocol_versions $W alarm
tls.spec_min_version $G ok
tls.spec_min_version $W alarm
LIST
)" "audit: every TLS check on both endpoints (one row per host:port), exact statuses"
json_eq "$A" '[r["reason"] for r in j["results"] if r["status"] == "alarm" and r["check"] in ("tls.protocol_versions", "tls.cipher_strength", "tls.certificate_validity", "tls.certificate_hostname", "tls.spec_min_version")]' \
	"[\"accepts TLSv1.0, TLSv1.1, TLSv1.2\", \"accepts AECDH-AES128-SHA,AECDH-AES256-SHA\", \"expired on $(date -u -d '-1 day' +%Y-%m-%d)\", \"does not cover the host; SANs [\\\"DNS:localhost\\\"]\", \"accepts TLSv1.0, TLSv1.1, below the minimum TLSv1.2 that the site's specification requires (communications: customers); disable them\"]" \
	"audit: the alarms say why"
json_eq "$A" 'sorted({m for r in j["results"] if r["check"].startswith("tls.") for m in r["measures"]})' \
	'["T05.04", "T05.06", "T07.03", "T07.04", "T07.06"]' "audit: the TLS checks evidence T07 (and T05's certificate measures)"

# A spec endpoint with nothing listening: one alarm, the rest skip.
sed "s/$WEAK_PORT/$free/" "$TMPD/spec.yaml" >"$TMPD/spec-down.yaml"
"$ECGUARD" --lang en audit --root "$TMPD/root" --spec "$TMPD/spec-down.yaml" --no-store \
	--format json --fail-on none --only T07 >"$TMPD/down.json" 2>/dev/null
json_eq "$(cat "$TMPD/down.json")" '" ".join(sorted({r["status"] for r in j["results"] if r["resource"] == "127.0.0.1:'"$free"'"}))' \
	"alarm skip" "an endpoint that is down: alarm (reachable) and skip, never ok"
json_eq "$(cat "$TMPD/down.json")" '[r["reason"] for r in j["results"] if r["check"] == "tls.endpoint_reachable" and r["status"] == "alarm"]' \
	"[\"cannot connect to 127.0.0.1:$free: Connection refused; check the host and port, and that a firewall lets you through\"]" \
	"the reachability alarm says why"

# The embedded default spec has no endpoints: skip, and no scan at all.
: >"$TMPD/port.legacy.conns"
"$ECGUARD" --lang en audit --root "$TMPD/root" --no-store --format json --fail-on none \
	--only T07 >"$TMPD/default.json" 2>/dev/null
json_eq "$(cat "$TMPD/default.json")" '" ".join(sorted({r["check"] + "=" + r["status"] for r in j["results"] if r["check"].startswith("tls.")}))' \
	"$(for c in $TLS_CHECKS; do printf '%s=skip\n' "$c"; done | sort | tr '\n' ' ' | sed 's/ $//')" \
	"default spec: every TLS check skips"
is "$(conns)" 0 "default spec: no connection anywhere (the peer saw none)"

done_testing
