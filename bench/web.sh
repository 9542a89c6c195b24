#!/bin/bash
# bench/web.sh: `ecguard web` side by side with what an operator would
# otherwise run against the same loopback nginx site (a leaky shop: .git,
# .env, a SQL dump, phpinfo, a listing under /uploads/, a version banner,
# a cookie without flags, no security headers):
#   - wapiti 3 with its exposure modules (backup, htaccess, http_headers,
#     cookieflags, csp, methods; crawl depth 1): wall time and what it found;
#   - whatweb -a 1: wall time (banners only);
#   - the payment-page check: `ecguard web --baseline` then a compare run,
#     against the naive alternative (curl the page and sha256sum it), which
#     cannot tell an inline <script> change from a product list change and
#     never sees an altered checkout.js.
# Only 127.0.0.1 is contacted. Prints a Markdown table on stdout.
#
# Usage: bench/web.sh [BUILD_DIR]   (default: build)
#   RUNS=N   runs per fast tool (default 7)
set -u
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRCDIR/build}
ECGUARD=$BUILD/ecguard
RUNS=${RUNS:-7}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/eg-bench-web.XXXXXX")
. "$SRCDIR/tests/cli/tls_servers.sh"
trap 'tls_stop_nginx; rm -rf "$TMPD"' EXIT

for t in wapiti whatweb; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "bench/web.sh: $t is not installed (apt-get install $t)" >&2; exit 2; }
done

S=$TMPD/site
mkdir -p "$S/.git" "$S/uploads" "$S/js"
chmod 755 "$TMPD"
printf 'ref: refs/heads/main\n' >"$S/.git/HEAD"
printf '[core]\n\trepositoryformatversion = 0\n' >"$S/.git/config"
printf 'APP_ENV=prod\nAPP_KEY=base64:xxxx\nDB_PASSWORD=secret\n' >"$S/.env"
printf -- '-- MySQL dump 10.13\nCREATE TABLE `dtb_customer` (`id` int);\n' >"$S/backup.sql"
printf '<html><body><h1>PHP Version 8.2.7</h1><table></table></body></html>\n' >"$S/phpinfo.php"
printf 'a' >"$S/uploads/a.jpg"
printf '<html><body><a href="/pay.html">pay</a></body></html>\n' >"$S/index.html"
printf 'console.log("checkout");\n' >"$S/js/checkout.js"
cat >"$S/pay.html" <<'HTML'
<html><head><script src="/js/checkout.js"></script><script>window.cart = 3;</script></head>
<body><form action="/confirm" method="post"><input autocomplete="cc-number" name="card_no"></form></body></html>
HTML
chmod -R a+rX "$S"
tls_start_http_nginx "$S" "server_tokens on;
		add_header Set-Cookie \"PHPSESSID=abc123; Path=/\";
		location /uploads/ { autoindex on; }" || { echo "nginx does not start" >&2; exit 1; }
PORT=$HTTP_PORT
URL=http://127.0.0.1:$PORT/

. "$SRCDIR/bench/timing.sh"
rss_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}

"$ECGUARD" web --no-page --format json "$URL" >"$TMPD/eg.json" 2>/dev/null
eg_ms=$(median_ms "$ECGUARD" web --no-page "$URL")
eg_rss=$(rss_kb "$ECGUARD" web --no-page "$URL")
eg_found=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(", ".join(sorted(set(f["id"].replace("web.", "") for f in j["findings"]))))' "$TMPD/eg.json")

WAP=(wapiti -u "$URL" --scope folder -d 1 --flush-session
	-m backup,htaccess,http_headers,cookieflags,csp,methods
	-f json -o "$TMPD/wapiti.json" --no-bugreport)
wap_ms=$(once_ms "${WAP[@]}")
wap_rss=$(rss_kb "${WAP[@]}")
wap_found=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
out = set()
for cat, items in list(j.get("vulnerabilities", {}).items()) + list(j.get("anomalies", {}).items()):
    for it in items:
        out.add("%s: %s" % (cat, (it.get("info") or "")[:60].replace("|", "/")))
print("; ".join(sorted(out)) or "nothing")' "$TMPD/wapiti.json" 2>/dev/null || echo "(no report)")

ww_ms=$(median_ms whatweb --no-errors -a 1 "$URL")

# The payment page: baseline, then an unchanged compare, then an altered
# checkout.js (which the naive page hash cannot see).
STORE=$TMPD/s.db
"$ECGUARD" web --baseline --store "$STORE" "${URL}pay.html" >/dev/null 2>&1
pg_ms=$(median_ms "$ECGUARD" web --store "$STORE" "${URL}pay.html")
naive() { curl -s "${URL}pay.html" | sha256sum; }
naive_before=$(naive)
nv_ms=$(median_ms bash -c "curl -s ${URL}pay.html | sha256sum")
printf 'fetch(1);\n' >>"$S/js/checkout.js"
"$ECGUARD" web --store "$STORE" --format json "${URL}pay.html" >"$TMPD/pg.json" 2>/dev/null
pg_found=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(", ".join(sorted(set(f["id"] for f in j["page"]["findings"]))))' "$TMPD/pg.json")
naive_after=$(naive)
if [ "$naive_before" = "$naive_after" ]; then naive_seen="nothing (the page bytes did not change)"; else naive_seen="a change"; fi

cat <<EOF
| job | tool | time (ms) | peak RSS (kB) | what it reported |
|---|---|---:|---:|---|
| exposure scan of the leaky site | \`ecguard web --no-page\` | $eg_ms (median of $RUNS) | $eg_rss | $eg_found |
| same | wapiti 3 (backup, htaccess, http_headers, cookieflags, csp, methods; depth 1) | $wap_ms (one run) | $wap_rss | $wap_found |
| banners only | \`whatweb -a 1\` | $ww_ms (median of $RUNS) | | |
| payment page compared with its baseline | \`ecguard web\` | $pg_ms (median of $RUNS) | | after checkout.js was altered: $pg_found |
| same, naive | \`curl \| sha256sum\` | $nv_ms (median of $RUNS) | | after checkout.js was altered: $naive_seen |
EOF
