#!/bin/bash
# bench/tls.sh: `ecguard tls` side by side with sslscan, nmap's
# ssl-enum-ciphers and testssl.sh on the same loopback nginx servers (the
# weak and the good configuration of tests/cli/test_tls.sh): wall time
# (median of RUNS runs; testssl.sh, which takes minutes, once) and whether
# each tool finds the same protocol and cipher sets as ecguard, and for
# sslscan also the same key-exchange groups per protocol.
#
# Usage: bench/tls.sh [BUILD_DIR]   (default: build)
#   RUNS=N          runs per fast tool (default 7)
#   SKIP_TESTSSL=1  leave testssl.sh out (it takes minutes per server)
# Only 127.0.0.1 is contacted. Prints a Markdown table on stdout.
set -u
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRCDIR/build}
ECGUARD=$BUILD/ecguard
RUNS=${RUNS:-7}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/eg-bench-tls.XXXXXX")
. "$SRCDIR/tests/cli/tls_servers.sh"
trap 'tls_stop_nginx; rm -rf "$TMPD"' EXIT

tls_make_pki || { echo "cannot make the test PKI" >&2; exit 1; }
tls_start_nginx || { echo "nginx does not start" >&2; exit 1; }

. "$SRCDIR/bench/timing.sh"

# Sets as "PROTO:IANA-or-OpenSSL name" lines, sorted.
sets_ecguard() { # FILE KEY(name|iana)
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print("\n".join(sorted(c["protocol"] + ":" + c[sys.argv[2]] for c in j["ciphers"])))' "$1" "$2"
}
# Groups as "PROTO:NAME" lines (ecguard: the named groups, not DHE's own
# prime, which sslscan does not list as a group).
groups_ecguard() {
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print("\n".join(sorted(g["protocol"] + ":" + g["name"] for g in j["groups"] if g["name"] != "DH")))' "$1"
}
groups_sslscan() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print("\n".join(sorted(g.get("sslversion") + ":" + g.get("name").split(" ")[0]
    for g in r.iter("group"))))' "$1"
}
sets_sslscan() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print("\n".join(sorted(c.get("sslversion") + ":" + c.get("cipher")
    for c in r.iter("cipher") if c.get("status") in ("accepted", "preferred"))))' "$1"
}
sets_nmap() {
	python3 -c '
import re, sys
proto = None
out = []
for line in open(sys.argv[1]):
    m = re.match(r"\|\s+(SSLv3|TLSv1\.[0-3]):\s*$", line)
    if m:
        proto = m.group(1)
        continue
    m = re.match(r"\|\s+(TLS_[A-Za-z0-9_]+)\s", line)
    if m and proto:
        # nmap 7.93 gives TLS 1.3 suites their draft names (TLS_AKE_WITH_)
        out.append(proto + ":" + m.group(1).replace("TLS_AKE_WITH_", "TLS_"))
print("\n".join(sorted(out)))' "$1"
}
sets_testssl() {
	python3 -c '
import json, re, sys
names = {"ssl3": "SSLv3", "tls1": "TLSv1.0", "tls1_1": "TLSv1.1",
         "tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}
out = []
for f in json.load(open(sys.argv[1])):
    m = re.match(r"cipher-(ssl3|tls1|tls1_[123])_x[0-9a-f]+$", f.get("id", ""))
    if not m:
        continue
    w = f["finding"].split()
    k = next(i for i, t in enumerate(w) if re.match(r"x[0-9a-f]+$", t))
    out.append(names[m.group(1)] + ":" + w[k + 1])
print("\n".join(sorted(out)))' "$1"
}
# same OURS THEIRS: "identical", or what differs
same() {
	if [ "$1" = "$2" ]; then
		echo "identical"
		return
	fi
	python3 -c '
import sys
a = set(filter(None, sys.argv[1].split("\n")))
b = set(filter(None, sys.argv[2].split("\n")))
parts = []
if a - b:
    parts.append("only ecguard: " + ", ".join(sorted(a - b)))
if b - a:
    parts.append("only the other tool: " + ", ".join(sorted(b - a)))
print("DIFFERENT: " + "; ".join(parts))' "$1" "$2"
}
echo "| server | tool | time (ms) | sets vs ecguard |"
echo "|---|---|---:|---|"
for s in weak:$WEAK_PORT good:$GOOD_PORT; do
	n=${s%%:*}
	port=${s#*:}
	"$ECGUARD" tls "127.0.0.1:$port" --format json >"$TMPD/eg.json" 2>/dev/null
	t=$(median_ms "$ECGUARD" tls "127.0.0.1:$port" --format json)
	echo "| $n | ecguard tls | $t | - ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["ciphers"]))' "$TMPD/eg.json") suites) |"
	if command -v sslscan >/dev/null; then
		sslscan --no-colour --xml="$TMPD/ss.xml" "127.0.0.1:$port" >/dev/null 2>&1
		t=$(median_ms sslscan --no-colour "127.0.0.1:$port")
		echo "| $n | sslscan $(sslscan --version 2>/dev/null | grep -o '[0-9]\.[0-9][0-9.]*' | head -1) | $t | suites $(same "$(sets_ecguard "$TMPD/eg.json" name)" "$(sets_sslscan "$TMPD/ss.xml")"); groups $(same "$(groups_ecguard "$TMPD/eg.json")" "$(groups_sslscan "$TMPD/ss.xml")") |"
	fi
	if command -v nmap >/dev/null; then
		nmap -Pn -n --script ssl-enum-ciphers -p "$port" 127.0.0.1 >"$TMPD/nmap.txt" 2>&1
		t=$(RUNS=3 median_ms nmap -Pn -n --script ssl-enum-ciphers -p "$port" 127.0.0.1)
		echo "| $n | nmap $(nmap --version | awk 'NR==1{print $3}') ssl-enum-ciphers | $t | $(same "$(sets_ecguard "$TMPD/eg.json" iana)" "$(sets_nmap "$TMPD/nmap.txt")") (IANA names) |"
	fi
	if [ -z "${SKIP_TESTSSL:-}" ] && command -v testssl >/dev/null; then
		rm -f "$TMPD/testssl.json"
		t=$(once_ms testssl --quiet --color 0 --warnings off --jsonfile "$TMPD/testssl.json" -p -E "127.0.0.1:$port")
		echo "| $n | testssl.sh -p -E (1 run) | $t | $(same "$(sets_ecguard "$TMPD/eg.json" name)" "$(sets_testssl "$TMPD/testssl.json")") |"
	fi
done
