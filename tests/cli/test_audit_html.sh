#!/bin/bash
# The HTML report in a real browser: Debian's chromium, headless. The page
# chromium builds (--dump-dom) must hold the radar of the 11 themes, the
# 100 measure rows, every alarm and the trend; a screenshot must show
# something (a blank page is a few KB); the page must fetch nothing, even
# when host files hold markup that names a URL on a loopback server this
# test runs (a control page proves the server would see a fetch).
# scripts/setup installs chromium and fonts-noto-cjk: a missing chromium
# is a failure here, not a skip.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/fixture-tree.sh"

if ! command -v chromium >/dev/null 2>&1; then
	_report fail "chromium is installed (scripts/setup installs it)"
	done_testing
	exit 1
fi

# chrome FILE.html OUT [extra flags]: the DOM on OUT, chromium's log on OUT.log
chrome() {
	local page=$1 outf=$2
	shift 2
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$(mktemp -d "$TMPD/profile.XXXXXX")" \
		--enable-logging=stderr --v=0 "$@" "file://$page" >"$outf" 2>"$outf.log"
}

fixture_tree weak || exit 1
W=$FX_DIR
S=$TMPD/store.db
"$ECGUARD" --lang en audit --root "$W" --store "$S" --format json >/dev/null
"$ECGUARD" --lang en audit --root "$W" --store "$S" --format json >"$TMPD/weak.json"
"$ECGUARD" --lang en report --store "$S" --format html --out "$TMPD/weak.html"
is "$?" 0 "report --format html of the second stored run"

chrome "$TMPD/weak.html" "$TMPD/dom.html" --dump-dom
is "$?" 0 "chromium renders the page"
cat >"$TMPD/dom.py" <<'PY'
import json, sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.sec = [], None
        self.score, self.grid, self.axes, self.trend = None, 0, 0, None
        self.mrows = self.themerows = self.articles = self.alarmrows = 0
        self.scripts = self.fetchers = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "section":
            self.sec = a.get("id")
        if tag == "polygon" and "score" in cls:
            self.score = a.get("points")
        if tag == "polygon" and "grid" in cls:
            self.grid += 1
        if tag == "line" and "axis" in cls and self.sec == "themes":
            self.axes += 1
        if tag == "polyline" and "trend" in cls:
            self.trend = a.get("points")
        if tag == "td" and "id" in cls and self.sec == "measures":
            self.mrows += 1
        if tag == "td" and "id" in cls and self.sec == "themes":
            self.themerows += 1
        if tag == "article" and "alarm" in cls and self.sec == "alarms":
            self.articles += 1
        if tag == "tr" and self.sec == "alarms":
            self.alarmrows += 1
        if tag == "script":
            self.scripts += 1
        if any(k in ("src", "href", "action", "formaction", "poster", "data") for k in a):
            self.fetchers += 1

p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
j = json.load(open(sys.argv[2], encoding="utf-8"))
alarms = [r for r in j["results"] if r["status"] == "alarm"]
checks = {r["check"] for r in alarms}
pts = [tuple(float(v) for v in xy.split(",")) for xy in (p.score or "").split()]
tr = (p.trend or "").split()
print(json.dumps({
    "radar_points": len(pts),
    "radar_inside": all(70 <= x <= 370 and 70 <= y <= 370 for x, y in pts),
    "grid_rings": p.grid, "axes": p.axes, "theme_rows": p.themerows,
    "measure_rows": p.mrows,
    "alarm_articles": p.articles == len(checks),
    # each article's table: a header row plus one row per alarm
    "alarm_rows": p.alarmrows == len(alarms) + len(checks),
    "trend_points": len(tr), "scripts": p.scripts, "fetching_attributes": p.fetchers,
}, sort_keys=True))
PY
DOM=$(python3 "$TMPD/dom.py" "$TMPD/dom.html" "$TMPD/weak.json" 2>&1)
json_eq "$DOM" '[j["radar_points"], j["radar_inside"], j["grid_rings"], j["axes"]]' '[11, true, 4, 11]' \
	"DOM: the radar polygon has 11 points inside the chart, on 4 rings and 11 axes"
json_eq "$DOM" 'j["theme_rows"]' 11 "DOM: a row per theme"
json_eq "$DOM" 'j["measure_rows"]' 100 "DOM: 100 measure rows"
json_eq "$DOM" '[j["alarm_articles"], j["alarm_rows"]]' '[true, true]' \
	"DOM: an article per alarming check, a row per alarm"
json_eq "$DOM" 'j["trend_points"]' 2 "DOM: the trend has a point per stored run"
json_eq "$DOM" '[j["scripts"], j["fetching_attributes"]]' '[0, 0]' "DOM: no script, no src/href"
contains "$(cat "$TMPD/dom.html")" "accounts.uid0_only_root" "DOM: the alarms are there (UID 0 check)"
contains "$(cat "$TMPD/dom.html")" "etc/passwd:toor" "DOM: ... with the resource"

# A screenshot with something on it, in English and in Japanese.
chrome "$TMPD/weak.html" "$TMPD/shot.out" --hide-scrollbars --window-size=1280,2400 \
	--screenshot="$TMPD/weak.png"
is "$(head -c 8 "$TMPD/weak.png" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a "screenshot: a PNG"
check "screenshot: more than 20 KB (not a blank page)" test "$(stat -c %s "$TMPD/weak.png")" -gt 20480
"$ECGUARD" --lang ja report --store "$S" --format html --out "$TMPD/weak-ja.html"
chrome "$TMPD/weak-ja.html" "$TMPD/shot-ja.out" --hide-scrollbars --window-size=1280,2400 \
	--screenshot="$TMPD/weak-ja.png"
check "Japanese screenshot: more than 20 KB" test "$(stat -c %s "$TMPD/weak-ja.png")" -gt 20480
check "a Japanese font is installed (fonts-noto-cjk), so the page is not tofu" \
	test -n "$(fc-list :lang=ja 2>/dev/null)"
[ -n "${EG_KEEP_SCREENSHOTS:-}" ] && cp "$TMPD"/weak*.png "$EG_KEEP_SCREENSHOTS"/

# Nothing is fetched. A loopback HTTP server logs every request; the
# control page (an <img> with no CSP) must reach it, the reports must not,
# even with that <img> in host files.
cat >"$TMPD/srv.py" <<'PY'
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(sys.argv[1], "a") as f:
            f.write(self.path + "\n")
        self.send_response(404)
        self.end_headers()
    def log_message(self, *a):
        pass
s = socketserver.TCPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
: >"$TMPD/hits"
python3 "$TMPD/srv.py" "$TMPD/hits" >"$TMPD/port" &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$TMPD"' EXIT
for _ in $(seq 50); do [ -s "$TMPD/port" ] && break; sleep 0.1; done
PORT=$(cat "$TMPD/port")
printf '<!DOCTYPE html><html><body><img src="http://127.0.0.1:%s/control.png"></body></html>\n' \
	"$PORT" >"$TMPD/control.html"
chrome "$TMPD/control.html" "$TMPD/control.out" --dump-dom
is "$(cat "$TMPD/hits")" "/control.png" "control: an unprotected <img> reaches the loopback server"

fixture_tree hardened "$TMPD/hostile" && B=$FX_DIR
# Host names and sshd values hold no spaces: "/" separates the attributes;
# a path cannot hold "//", and browsers read "http:/host" as "http://host".
IMG="<img/src=\"http://127.0.0.1:$PORT/host.png\"><link/rel=\"stylesheet\"/href=\"//127.0.0.1:$PORT/x.css\">"
printf 'h%s\n' "$IMG" >"$B/etc/hostname"
printf 'PermitRootLogin %s\n' "${IMG//host.png/ssh.png}" >"$B/etc/ssh/sshd_config.d/00-evil.conf"
printf 'evil<script>alert(1)</script>:x:0:0::/root:/bin/bash\n' >>"$B/etc/passwd"
mkdir -p "$B/var/www/shop/public/<img src=\"http:/127.0.0.1:$PORT"
printf 'x' >"$B/var/www/shop/public/<img src=\"http:/127.0.0.1:$PORT/file.png\">.sql"
"$ECGUARD" --lang en audit --root "$B" --no-store --fail-on none --format html --out "$TMPD/evil.html"
is "$?" 0 "hostile host: html report written"
is "$(grep -c '&lt;img' "$TMPD/evil.html")" 4 \
	"hostile host: the <img> strings reach the page as text (title, host, sshd value, file name)"
: >"$TMPD/hits"
chrome "$TMPD/evil.html" "$TMPD/evil-dom.html" --dump-dom
is "$(cat "$TMPD/hits")" "" "hostile report: the loopback server saw no request"
is "$(grep -c 'Content Security Policy' "$TMPD/evil-dom.html.log")" 0 \
	"hostile report: nothing even tried to load (no CSP violation logged)"
is "$(grep -c 'net::ERR' "$TMPD/dom.html.log" "$TMPD/evil-dom.html.log" | awk -F: '{s += $2} END {print s}')" 0 \
	"chromium logged no network error for either report"
is "$(grep -ciE '<(script|img|link)[ >]' "$TMPD/evil-dom.html")" 0 \
	"hostile report: no script, img or link element in the DOM"
contains "$(cat "$TMPD/evil-dom.html")" "evil&lt;script&gt;alert(1)&lt;/script&gt;" \
	"hostile report: the markup is text"

kill "$SRV" 2>/dev/null
done_testing
