#!/bin/bash
# Integration tests of `ecguard audit` on the fixture hosts, prepared by
# fixture-tree.sh (real modes, and owners when run as root):
#   - the weak host raises exactly the technical alarms reviewed in
#     tests/expected/audit-weak-alarms.txt, the hardened host none at all,
#     and every check that alarms on weak gives a verdict on hardened;
#   - exit codes: --fail-on thresholds, 2 for every bad input;
#   - every format written with --out and parsed, and consistent with JSON;
#   - hostile strings from host files (HTML, quotes, ANSI and C1 escapes,
#     newlines, `|`) neutralised in every format;
#   - --only restricts the run to themes and measures;
#   - the store: 0600, history, diff after fixing files, report.
# EG_REGEN=1 rewrites the expected alarm list from the current output
# (without its review notes: review and annotate every line before
# committing it).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/fixture-tree.sh"

EXPECTED=$SRCDIR/tests/expected/audit-weak-alarms.txt
# The checks whose verdict depends on who owns a file (uid = 0 is part of
# their condition). Without root the copies belong to the runner, so these
# are left out of the comparisons (and said so with a TAP SKIP).
OWNER_CHECKS="accounts.shadow_permissions accounts.passwd_permissions crypto.private_key_permissions"
if [ "$FIXTURE_OWNERS" = 1 ]; then EXCLUDE=""; else EXCLUDE=$OWNER_CHECKS; fi
NOT_ROOT="not root: the fixture copies cannot be owned by root, so owner-dependent checks ($OWNER_CHECKS) are left out (CI runs as root)"


# tool.py: small JSON/XML helpers shared by the cases below.
cat >"$TMPD/tool.py" <<'PY'
import json, re, sys

def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f)

def alarms(j, technical=False, exclude=()):
    return sorted({(r["check"], r["resource"]) for r in j["results"]
                   if r["status"] == "alarm"
                   and (not technical or r["kind"] == "technical")
                   and r["check"] not in exclude})

def expected(p, exclude=()):
    out = set()
    for line in open(p, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        c, _, res = line.partition(" ")
        if c not in exclude:
            out.add((c, res))
    return sorted(out)

def setdiff(got, want):
    """ok, or the lines missing and unexpected."""
    g, w = set(got), set(want)
    if g == w:
        return "ok"
    d = ["missing: %s %s" % p for p in sorted(w - g)]
    d += ["unexpected: %s %s" % p for p in sorted(g - w)]
    return "\n".join(d)

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "cmp":        # cmp AUDIT.json EXPECTED.txt "EXCLUDED CHECKS"
    ex = tuple(args[2].split())
    print(setdiff(alarms(load(args[0]), True, ex), expected(args[1], ex)))
elif cmd == "none":     # none AUDIT.json "EXCLUDED CHECKS": technical alarms, if any
    a = alarms(load(args[0]), True, tuple(args[1].split()))
    print("ok" if not a else "\n".join("%s %s" % p for p in a))
elif cmd == "regen":    # regen AUDIT.json OUT.txt
    with open(args[1], "w", encoding="utf-8") as f:
        f.writelines("%s %s\n" % p for p in alarms(load(args[0]), True))
    print("ok")
elif cmd == "verdicts": # verdicts HARDENED.json EXPECTED.txt "EXCLUDED": checks without an ok row
    j = load(args[0])
    ok = {r["check"] for r in j["results"] if r["status"] == "ok"}
    miss = sorted({c for c, _ in expected(args[1], tuple(args[2].split()))} - ok)
    print("ok" if not miss else "no ok verdict: " + " ".join(miss))
elif cmd == "sarif":    # sarif FILE AUDIT.json
    s, j = load(args[0]), load(args[1])
    run = s["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    errs = []
    if s.get("version") != "2.1.0": errs.append("version %r" % s.get("version"))
    if "sarif-2.1.0" not in s.get("$schema", ""): errs.append("$schema")
    if run["tool"]["driver"]["name"] != "ecguard": errs.append("driver name")
    if len(ids) != len(set(ids)): errs.append("duplicate rule ids")
    for r in rules:
        if not r.get("help", {}).get("text"): errs.append("rule %s: no help text" % r["id"])
        tags = r.get("properties", {}).get("tags", [])
        if not any(re.fullmatch(r"T\d\d\.\d\d", t) for t in tags):
            errs.append("rule %s: no measure ID among tags %r" % (r["id"], tags))
    pairs = set()
    for res in run["results"]:
        if ids[res["ruleIndex"]] != res["ruleId"]: errs.append("ruleIndex of %s" % res["ruleId"])
        pairs.add((res["ruleId"], res["properties"]["resource"]))
    d = setdiff(sorted(pairs), alarms(j))
    if d != "ok": errs.append(d)
    print("ok" if not errs else "\n".join(errs))
elif cmd == "junit":    # junit FILE AUDIT.json
    import xml.etree.ElementTree as ET
    root, j = ET.parse(args[0]).getroot(), load(args[1])
    errs = []
    suites = root.findall("testsuite")
    if root.tag != "testsuites": errs.append("root element %s" % root.tag)
    names = [s.get("name", "")[:3] for s in suites]
    if names != ["T%02d" % i for i in range(1, 12)]: errs.append("suites %r" % names)
    n = sum(len(s.findall("testcase")) for s in suites)
    if int(root.get("tests", -1)) != n: errs.append("tests=%s, %d testcases" % (root.get("tests"), n))
    fails = {(tc.get("classname"), tc.get("name")) for s in suites
             for tc in s.findall("testcase") if tc.find("failure") is not None}
    d = setdiff(sorted(fails), alarms(j))
    if d != "ok": errs.append(d)
    print("ok" if not errs else "\n".join(errs))
elif cmd == "md":       # md FILE AUDIT.json: rows of the alarms table, cells of each
    text = open(args[0], encoding="utf-8").read()
    j = load(args[1])
    sec = text.split("\n## ")
    al = [s for s in sec if s.startswith("Alarms")]
    errs = []
    if not text.startswith("# "): errs.append("no title")
    if len(al) != 1:
        errs.append("%d alarm sections" % len(al))
    else:
        rows = [l for l in al[0].splitlines() if l.startswith("|")]
        body = rows[2:]
        want = sum(1 for r in j["results"] if r["status"] == "alarm")
        if len(body) != want: errs.append("%d alarm rows, %d alarms" % (len(body), want))
        for l in rows:
            cells = len(re.findall(r"(?<!\\)\|", l)) - 1
            if cells != 5: errs.append("%d cells: %s" % (cells, l))
    print("ok" if not errs else "\n".join(errs))
elif cmd == "only":     # only AUDIT.json FULL.json IDS: the run holds exactly what IDS select
    j, full, ids = load(args[0]), load(args[1]), args[2].split(",")
    sel = lambda m: any(m == i or m.startswith(i + ".") for i in ids)
    errs = []
    th = sorted({i[:3] for i in ids})
    if [t["id"] for t in j["themes"]] != th: errs.append("themes %r" % [t["id"] for t in j["themes"]])
    want_m = sorted(m["id"] for m in full["measures"] if sel(m["id"]))
    if sorted(m["id"] for m in j["measures"]) != want_m: errs.append("measures differ")
    got_c = sorted({r["check"] for r in j["results"]})
    want_c = sorted({r["check"] for r in full["results"] if any(sel(m) for m in r["measures"])})
    if got_c != want_c: errs.append("checks %r, want %r" % (got_c, want_c))
    print("ok" if not errs else "\n".join(errs))
PY
tool() { python3 "$TMPD/tool.py" "$@" 2>&1; }

fixture_tree weak || {
	echo "not ok 1 - cannot prepare the weak fixture"
	exit 1
}
W=$FX_DIR
fixture_tree hardened || {
	echo "not ok 1 - cannot prepare the hardened fixture"
	exit 1
}
H=$FX_DIR

# --- the weak host: exactly the reviewed alarms ---------------------------
"$ECGUARD" --lang en audit --root "$W" --no-store --format json --fail-on none \
	>"$TMPD/weak.json" 2>"$TMPD/weak.err"
is "$?" 0 "weak, --fail-on none: exit 0"
is "$(cat "$TMPD/weak.err")" "" "weak: nothing on stderr"
json_eq "$(cat "$TMPD/weak.json")" '[j["summary"]["fail_on"], j["summary"]["fail_on_alarms"]]' '["none", 0]' \
	"weak, --fail-on none: the summary shows no threshold and nothing failing"
if [ "${EG_REGEN:-}" = 1 ]; then
	tool regen "$TMPD/weak.json" "$EXPECTED"
	echo "# EG_REGEN=1: rewrote $EXPECTED; review and annotate every line"
fi
is "$(tool cmp "$TMPD/weak.json" "$EXPECTED" "$EXCLUDE")" ok \
	"weak: the technical alarms are exactly tests/expected/audit-weak-alarms.txt"
if [ -n "$EXCLUDE" ]; then
	skip_case "weak: owner-dependent alarms as expected" "$NOT_ROOT"
fi
W_JSON=$(cat "$TMPD/weak.json")
json_eq "$W_JSON" 'j["summary"]["status"]["error"]' 0 \
	"weak: every check ran (a query error would be an error result)"
json_eq "$W_JSON" '[r["check"] for r in j["results"] if r["status"] == "alarm" and not r["reason"].strip()]' \
	'[]' "weak: every alarm says why"
json_eq "$W_JSON" 'sorted({r["check"] for r in j["results"] if r["status"] == "skip" and r["kind"] == "technical"})' \
	'["malware.freshclam_enabled", "malware.signatures_fresh", "page.baseline", "page.card_form_target", "page.integrity", "page.script_sources", "sysctl.ipv4_icmp_echo_ignore_broadcasts", "sysctl.ipv4_log_martians", "sysctl.kernel_kptr_restrict", "tls.certificate_chain", "tls.certificate_hostname", "tls.certificate_trusted", "tls.certificate_validity", "tls.cipher_strength", "tls.endpoint_reachable", "tls.ipa_recommended", "tls.key_exchange", "tls.protocol_features", "tls.protocol_versions", "tls.spec_min_version", "web.admin_screens", "web.cors", "web.directory_listing", "web.endpoint_reachable", "web.exposed_files", "web.https_only", "web.information_leaks", "web.security_headers", "web.security_txt", "web.session_cookies"]' \
	"weak: technical checks with nothing to look at are skipped, never passed (the tls.*, web.* endpoint and page.* checks: the default spec has no endpoint)"
json_eq "$W_JSON" '[j["summary"]["results"] == len(j["results"]), j["summary"]["status"]["alarm"] == sum(r["status"] == "alarm" for r in j["results"])]' \
	'[true, true]' "weak: the JSON summary counts the results"
json_eq "$W_JSON" '[j["schema"], sorted(j.keys()), sorted(j["run"].keys())]' \
	'["ecguard.audit/1", ["measures", "results", "run", "schema", "summary", "themes"], ["finished_at", "host", "id", "root", "spec", "started_at", "version"]]' \
	"weak: JSON schema and keys"
json_eq "$W_JSON" '[j["run"]["host"], j["run"]["root"].endswith("/fx/weak")]' \
	'["shop-legacy", true]' "weak: the run names the host (etc/hostname) and the root"

# --- the hardened host: no technical alarm, and verdicts, not skips ------
"$ECGUARD" --lang en audit --root "$H" --no-store --format json --fail-on none \
	>"$TMPD/hard.json" 2>"$TMPD/hard.err"
is "$?" 0 "hardened, --fail-on none: exit 0"
is "$(tool none "$TMPD/hard.json" "$EXCLUDE")" ok "hardened: no technical alarm"
if [ -n "$EXCLUDE" ]; then
	skip_case "hardened: no owner-dependent alarm" "$NOT_ROOT"
fi
json_eq "$(cat "$TMPD/hard.json")" 'j["summary"]["status"]["error"]' 0 "hardened: every check ran"
is "$(tool verdicts "$TMPD/hard.json" "$EXPECTED" "$EXCLUDE")" ok \
	"hardened: every check that alarms on weak has an ok verdict here (not a skip)"

# --- owners: a key or shadow owned by someone else is an alarm ----------
if [ "$FIXTURE_OWNERS" = 1 ]; then
	fixture_tree hardened "$TMPD/owners" && O=$FX_DIR
	chown 1000:1000 "$O/etc/shadow" "$O/etc/ssl/private/intranet.key"
	"$ECGUARD" audit --root "$O" --no-store --format json --fail-on none >"$TMPD/own.json"
	is "$(tool none "$TMPD/own.json" "")" "accounts.shadow_permissions /etc/shadow
crypto.private_key_permissions /etc/ssl/private/intranet.key" \
		"hardened with shadow and a key owned by admin: exactly those two alarms"
else
	skip_case "owner-dependent alarms on a re-owned copy" "$NOT_ROOT"
fi

# --- exit codes ---------------------------------------------------------
run audit --root "$W" --no-store --format json
is "$rc" 1 "weak, default --fail-on (high): exit 1"
run audit --root "$W" --no-store --format json --fail-on high
is "$rc" 1 "weak, --fail-on high: exit 1"
run audit --root "$W" --no-store --format json --fail-on critical
is "$rc" 1 "weak, --fail-on critical: exit 1"
# One low alarm (X11 forwarding) on the hardened host, in the one measure
# it belongs to: the threshold decides.
fixture_tree hardened "$TMPD/x11" && X=$FX_DIR
printf 'X11Forwarding yes\n' >"$X/etc/ssh/sshd_config.d/00-x11.conf"
run audit --root "$X" --no-store --format json --only T09.05 --fail-on low
is "$rc" 1 "one low alarm, --fail-on low: exit 1"
json_eq "$out" '[(r["check"], r["resource"]) for r in j["results"] if r["status"] == "alarm"]' \
	'[["ssh.x11_forwarding", "/etc/ssh/sshd_config.d/00-x11.conf:1"]]' "the low alarm is the X11 one, with file and line"
run audit --root "$X" --no-store --format json --only T09.05 --fail-on info
is "$rc" 1 "one low alarm, --fail-on info: exit 1"
run audit --root "$X" --no-store --format json --only T09.05 --fail-on medium
is "$rc" 0 "one low alarm, --fail-on medium: exit 0"
run audit --root "$X" --no-store --format json --only T09.05
is "$rc" 0 "one low alarm, default --fail-on high: exit 0"

# Bad input: exit 2, a message that names what is wrong, no report.
printf 'schema: ecguard.spec/1\nsite: [unclosed\n' >"$TMPD/bad-spec.yaml"
mkdir -p "$TMPD/badchecks"
printf 'schema: ecguard.checks/1\nchecks:\n  - id: site.x\n    measures: [T99.99]\n' >"$TMPD/badchecks/site.yaml"
bad() { # desc stderr-needle args...
	local desc=$1 needle=$2
	shift 2
	run --lang en audit --no-store "$@"
	is "$rc" 2 "$desc: exit 2"
	contains "$err" "$needle" "$desc: says what is wrong"
	is "$out" "" "$desc: no report"
}
bad "--spec missing" "$TMPD/nospec.yaml: error: cannot open the spec" --root "$H" --spec "$TMPD/nospec.yaml"
bad "--spec malformed" "$TMPD/bad-spec.yaml:3:1: error: YAML syntax" --root "$H" --spec "$TMPD/bad-spec.yaml"
bad "--checks missing" "$TMPD/nochecks: error: cannot open the checks folder" --root "$H" --checks "$TMPD/nochecks"
bad "--checks with a bad pack" "$TMPD/badchecks/site.yaml:4:16: error: unknown measure \"T99.99\"" --root "$H" --checks "$TMPD/badchecks"
bad "--only T99" '--only: no theme or measure "T99"' --root "$H" --only T99
bad "--only T02,nope" '--only: no theme or measure "nope"' --root "$H" --only T02,nope
bad "--format xml" 'unknown format "xml"; choose one of: text, json, sarif, junit, md, html' --root "$H" --format xml
bad "--root missing" "--root: cannot open audit root $TMPD/noroot" --root "$TMPD/noroot"
bad "--fail-on severe" '--fail-on must be critical, high, medium, low, info or none, not "severe"' --root "$H" --fail-on severe
run --lang en audit --root "$H" --no-store --store "$TMPD/s.db"
is "$rc" 2 "--store with --no-store: exit 2"
check "--store with --no-store creates no store" test ! -e "$TMPD/s.db"

# --- every format, written with --out and parsed -------------------------
for f in text json sarif junit md html; do
	run --lang en audit --root "$W" --no-store --fail-on none --format "$f" --out "$TMPD/weak-out.$f"
	is "$rc:$out" "0:" "--format $f --out: exit 0, nothing on standard output"
	check "--format $f --out: the file is not empty" test -s "$TMPD/weak-out.$f"
done
is "$(tool cmp "$TMPD/weak-out.json" "$EXPECTED" "$EXCLUDE")" ok "json --out: the expected alarms"
is "$(tool sarif "$TMPD/weak-out.sarif" "$TMPD/weak-out.json")" ok \
	"sarif: version 2.1.0, rules with help and measure tags, one result per alarm"
is "$(tool junit "$TMPD/weak-out.junit" "$TMPD/weak-out.json")" ok \
	"junit: parses (xml.etree), a suite per theme, a failure per alarm"
is "$(tool md "$TMPD/weak-out.md" "$TMPD/weak-out.json")" ok \
	"md: a title and one 5-cell table row per alarm"
is "$(head -1 "$TMPD/weak-out.html")" "<!DOCTYPE html>" "html: a document"
contains "$(cat "$TMPD/weak-out.html")" "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"" \
	"html: the CSP forbids every fetch"
# URLs in the text are data (apt sources, remediation); no attribute,
# url() or @import may name anything to fetch.
is "$(grep -aoiE '[a-z:-]+="[a-z]+:[^"]*"|url\(|@import' "$TMPD/weak-out.html" | sort -u)" \
	'xmlns="http://www.w3.org/2000/svg"' "html: no attribute names a URL but the SVG namespace"
contains "$(cat "$TMPD/weak-out.text")" "Overall score: " "text --out: the report"
is "$(grep -c $'\e' "$TMPD/weak-out.text")" 0 "text --out: no colour escapes in a file"
run --lang ja audit --root "$W" --no-store --fail-on none --format html
contains "$out" '<html lang="ja">' "html --lang ja: a Japanese page"
contains "$out" "不正アクセス対策" "html --lang ja: theme titles in Japanese"

# --- hostile strings in host files -----------------------------------------
# A name, a gecos, sshd values, a host name and a file name under the
# document root holding markup, quotes, ANSI and C1 escapes, a carriage
# return, a newline and table pipes. The file name holds the `/` of
# </script> by living in a folder named "<script>alert(1)<".
fixture_tree hardened "$TMPD/hostile" && B=$FX_DIR
EVIL=$(printf '<script>alert(1)</script>"x=\x27y\x27\e[31m|z')
# sshd itself rejects unbalanced quotes, so its values hold none
ESSH=$(printf '<script>alert(1)</script>\e[31m|z')
printf 'ev%sil:x:0:0:%s gecos:/root:/bin/bash\n' "$EVIL" "$EVIL" >>"$B/etc/passwd"
printf 'Ciphers aes128-cbc,%s\nPermitRootLogin %s\n' "$ESSH" "$ESSH" >"$B/etc/ssh/sshd_config.d/00-evil.conf"
printf 'h%s\n' "$EVIL" >"$B/etc/hostname"
mkdir "$B/var/www/shop/public/<script>alert(1)<"
FNAME=$(printf 'script>\e[31m|\xc2\x9bc1\rcr\nnl.sql')
printf 'x' >"$B/var/www/shop/public/<script>alert(1)</$FNAME"
# a dump named in Shift_JIS (顧客データ), as a Japanese shop's staff would
printf 'x' >"$B/var/www/shop/public/$(printf '\x8c\xda\x8b\x71\x83\x66\x81\x5b\x83\x5e')-dump.sql"
for f in text json sarif junit md html; do
	"$ECGUARD" --lang en audit --root "$B" --no-store --fail-on none --format "$f" \
		--out "$TMPD/evil.$f" 2>"$TMPD/evil.err"
	is "$?" 0 "hostile host, --format $f: exit 0"
done
cat >"$TMPD/evil.py" <<'PY'
import json, sys
d, evil, essh, fname, exclude = sys.argv[1:6]
j = json.load(open(d + "/evil.json", encoding="utf-8"))
got = sorted((r["check"], r["resource"], r["reason"]) for r in j["results"]
             if r["status"] == "alarm" and r["kind"] == "technical"
             and r["check"] not in exclude.split())
want = sorted([
    ("accounts.uid0_only_root", "etc/passwd:ev" + evil + "il", "account ev" + evil + "il has UID 0"),
    ("ssh.permit_root_login", "/etc/ssh/sshd_config.d/00-evil.conf:2", "PermitRootLogin " + essh),
    ("ssh.weak_ciphers", "/etc/ssh/sshd_config.d/00-evil.conf:1", "ciphers aes128-cbc," + essh),
    ("web.docroot_secrets", "/var/www/shop/public/<script>alert(1)</" + fname,
     "sensitive file under the document root /var/www/shop/public"),
])
# The Shift_JIS name is not UTF-8: JSON carries it with U+FFFD for the
# bytes it cannot hold; the alarm must be there all the same.
sjis = [g for g in got if g[1].endswith("-dump.sql")]
got = [g for g in got if not g[1].endswith("-dump.sql")]
if len(sjis) != 1 or sjis[0][0] != "web.docroot_secrets" or "\ufffd" not in sjis[0][1]:
    print("Shift_JIS dump: %r" % sjis)
print("ok" if got == want and j["run"]["host"] == "h" + evil else
      "got %r host %r" % (got, j["run"]["host"]))
PY
is "$(python3 "$TMPD/evil.py" "$TMPD" "$EVIL" "$ESSH" "$FNAME" "$EXCLUDE" 2>&1)" ok \
	"hostile json: valid, the alarms (a Shift_JIS-named dump too) and the host carry the exact bytes"
is "$(python3 -c 'import json,sys; json.load(open(sys.argv[1])); print("ok")' "$TMPD/evil.sarif" 2>&1)" ok \
	"hostile sarif: valid JSON"
is "$(python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
n = [tc.get("name") for tc in r.iter("testcase") if "alert(1)" in tc.get("name")]
h = {s.get("hostname") for s in r.iter("testsuite")}
print("ok" if len(n) >= 2 and all("<script>" in x for x in n) and len(h) == 1 and "alert(1)" in h.pop() else (n, h))
' "$TMPD/evil.junit" 2>&1)" ok "hostile junit: well-formed XML, the strings kept as text"
for f in text junit md html; do
	is "$(LC_ALL=C grep -c $'\e\|\r\|\xc2\x9b' "$TMPD/evil.$f")" 0 \
		"hostile $f: no raw ESC, CR or C1 CSI"
done
# JSON is data: it escapes ESC and CR (\u001b, \r) and keeps C1 as text
for f in json sarif; do
	is "$(LC_ALL=C grep -c $'\e\|\r' "$TMPD/evil.$f")" 0 "hostile $f: no raw ESC or CR"
done
# Text: every control shown as a visible escape, each string on its line.
T=$(cat "$TMPD/evil.text")
for line in \
	'  Host:      h<script>alert(1)</script>"x='"'y'"'\e[31m|z' \
	'    - etc/passwd:ev<script>alert(1)</script>"x='"'y'"'\e[31m|zil: account ev<script>alert(1)</script>"x='"'y'"'\e[31m|zil has UID 0' \
	'    - /var/www/shop/public/<script>alert(1)</script>\e[31m|\u{009B}c1\rcr\nnl.sql: sensitive file under the document root /var/www/shop/public' \
	'    - /etc/ssh/sshd_config.d/00-evil.conf:2: PermitRootLogin <script>alert(1)</script>\e[31m|z' \
	'    - /etc/ssh/sshd_config.d/00-evil.conf:1: ciphers aes128-cbc,<script>alert(1)</script>\e[31m|z'; do
	is "$(grep -cxF -- "$line" "$TMPD/evil.text")" 1 "hostile text: the line ${line:0:40}... shown as one visible line"
done
HT=$(cat "$TMPD/evil.html")
is "$(grep -ci '<script' "$TMPD/evil.html")" 0 "hostile html: no <script> tag"
is "$(grep -c '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMPD/evil.html")" 6 \
	"hostile html: every string escaped (title, host, four alarm rows)"
contains "$HT" '<title>ecguard audit report: h&lt;script&gt;alert(1)&lt;/script&gt;&quot;x=&#39;y&#39;' \
	"hostile html: quotes escaped too"
is "$(tool md "$TMPD/evil.md" "$TMPD/evil.json")" ok "hostile md: every alarm row keeps its 5 cells"
is "$(grep -c '<script' "$TMPD/evil.md")" 0 "hostile md: no raw markup"

# --- --only ----------------------------------------------------------------
for ids in T02 T05.03 T02,T05.03 T11; do
	"$ECGUARD" audit --root "$W" --no-store --format json --fail-on none --only "$ids" >"$TMPD/only.json"
	is "$(tool only "$TMPD/only.json" "$TMPD/weak.json" "$ids")" ok \
		"--only $ids: exactly its themes, measures and checks"
done

# --- the store ---------------------------------------------------------------
fixture_tree weak "$TMPD/sw" && SW=$FX_DIR
mkdir "$TMPD/st"
S=$TMPD/st/ecguard.db
(umask 000 && "$ECGUARD" audit --root "$SW" --store "$S" --format json >"$TMPD/r1.json")
is "$?" 1 "stored audit of weak: exit 1"
is "$(stat -c %a "$S")" 600 "the store is created 0600 (even with umask 000)"
"$ECGUARD" audit --root "$SW" --store "$S" --format json >"$TMPD/r2.json"
run history --store "$S" --format json
is "$rc" 0 "history exits 0"
json_eq "$out" '[r["id"] for r in j]' \
	"$(python3 -c 'import json,sys; print(json.dumps([json.load(open(f))["run"]["id"] for f in sys.argv[1:]]))' "$TMPD/r2.json" "$TMPD/r1.json")" \
	"history lists both runs, newest first"
json_eq "$out" 'j[0]["score"]' "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["score"])' "$TMPD/r2.json")" \
	"history has the run's score"
run diff --store "$S" --format json
json_eq "$out" '[len(j["new"]), len(j["fixed"])]' '[0, 0]' "diff of two identical runs: nothing new or fixed"
# Fix two files and run again: exactly those alarms are fixed.
sed -i 's/^PermitEmptyPasswords yes/PermitEmptyPasswords no/' "$SW/etc/ssh/sshd_config"
rm "$SW/var/www/shop/.env"
"$ECGUARD" audit --root "$SW" --store "$S" --format json >"$TMPD/r3.json"
run diff --store "$S" --format json
is "$rc" 0 "diff after fixes: exit 0"
json_eq "$out" '[[r["check"], r["resource"]] for r in j["fixed"]]' \
	'[["ssh.permit_empty_passwords", "/etc/ssh/sshd_config:16"], ["web.docroot_secrets", "/var/www/shop/.env"]]' \
	"diff: the two fixed alarms"
json_eq "$out" 'j["new"]' '[]' "diff: nothing new"
is "$(printf '%s' "$out" | python3 -c '
import json, sys
d, r2 = json.load(sys.stdin), json.load(open(sys.argv[1]))
pair = lambda r: (r["check"], r["resource"])
was = {pair(r) for r in r2["results"] if r["status"] == "alarm"}
print("ok" if {pair(r) for r in d["open"]} == was - {pair(r) for r in d["fixed"]}
      and len(d["open"]) == len(was) - 2 else "open differs")' "$TMPD/r2.json" 2>&1)" ok \
	"diff: every other alarm still open"
run --lang en diff --store "$S"
contains "$out" "Fixed: 2" "diff text: Fixed: 2"
# A new UID 0 account: diff exits 1 (critical at or above high).
printf 'backdoor:x:0:0::/root:/bin/sh\n' >>"$SW/etc/passwd"
"$ECGUARD" audit --root "$SW" --store "$S" --format json >"$TMPD/r4.json"
run diff --store "$S" --format json
is "$rc" 1 "diff with a new critical alarm: exit 1"
json_eq "$out" '[[r["check"], r["resource"]] for r in j["new"]]' \
	'[["accounts.uid0_only_root", "etc/passwd:backdoor"]]' "diff: the new alarm"
# report: a stored run rendered again is the same document.
"$ECGUARD" audit --root "$SW" --store "$S" --format json >"$TMPD/r5.json"
run_id() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["id"])' "$1"; }
run report --store "$S" --format json
is "$out" "$(cat "$TMPD/r5.json")" "report (latest) --format json: the audit's own JSON, byte for byte"
run report previous --store "$S" --format json
json_eq "$out" 'j["run"]["id"]' "$(run_id "$TMPD/r4.json")" "report previous: the run before the latest"
R1=$(run_id "$TMPD/r1.json")
run report "${R1%?}" --store "$S" --format json
json_eq "$out" 'j["run"]["id"]' "$R1" "report with a unique prefix of a run id"
run report 2 --store "$S"
is "$rc" 2 "report with a prefix shared by several runs: exit 2"
run report nosuchrun --store "$S"
is "$rc" 2 "report of an unknown run: exit 2"
run report --store "$S" --format html
contains "$out" '<polyline class="trend"' "report html: the trend over the stored runs"

done_testing
