#!/bin/bash
# CLI tests: a site's own check pack (--checks DIR): how every kind of query
# outcome becomes a result, and how a broken pack is reported.
. "$SRCDIR/tests/cli/lib.sh"

mkdir -p "$TMPD/packs" "$TMPD/root/etc"
printf 'root:x:0:0:root:/root:/bin/bash\nshop:x:1000:1000:Shop,,,:/home/shop:/bin/bash\n' >"$TMPD/root/etc/passwd"
check() { # id query
	cat <<EOT
  - id: $1
    measures: [T09.05]
    severity: high
    kind: technical
    title_ja: テスト
    title_en: test
    rationale_ja: テスト
    rationale_en: test
    remediation_ja: テスト
    remediation_en: test
    query: "$2"
EOT
}
{
	echo "schema: ecguard.checks/1"
	echo "checks:"
	check site.rows "SELECT 'etc/passwd:' || name, CASE WHEN uid = 0 THEN 'ok' ELSE 'alarm' END, 'uid ' || uid FROM users"
	check site.none "SELECT name, 'ok', '' FROM users WHERE 0"
	check site.sqlerror "SELECT nosuchcolumn, 'ok', '' FROM users"
	check site.writes "DELETE FROM users"
	check site.two "SELECT 'a', 'ok', ''; SELECT 'b', 'ok', ''"
	check site.comment "SELECT 'a', 'ok', 'fine' -- a trailing comment"
	check site.badstatus "SELECT 'a', 'passed', ''"
	check site.columns "SELECT 'a', 'ok'"
} >"$TMPD/packs/site.yaml"

run checks --checks "$TMPD/packs" --format json
is "$rc" 0 "checks --checks loads a valid pack"
json_eq "$out" '[c["id"] for c in j if c["id"].startswith("site.")]' '["site.rows", "site.none", "site.sqlerror", "site.writes", "site.two", "site.comment", "site.badstatus", "site.columns"]' "the pack's checks are listed after the shipped ones"

run audit --root "$TMPD/root" --no-store --checks "$TMPD/packs" --only T09.05 --format json --fail-on none
is "$rc" 0 "--fail-on none exits 0 despite alarms"
r() { printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(" ".join(sorted(x["status"] + ":" + x["resource"] for x in j["results"] if x["check"] == sys.argv[1])))' "$1"; }
is "$(r site.rows)" "alarm:etc/passwd:shop ok:etc/passwd:root" "one result per row, passing rows kept as evidence"
is "$(r site.none)" "skip:site.none" "no row at all is a skip, never a pass"
is "$(r site.sqlerror)" "error:site.sqlerror" "an SQL error is an error result"
is "$(r site.writes)" "error:site.writes" "a query that writes is refused"
is "$(r site.two)" "error:site.two" "two statements are refused"
is "$(r site.comment)" "ok:a" "a trailing comment is fine"
is "$(r site.badstatus)" "error:a" "an unknown status is an error"
is "$(r site.columns)" "error:site.columns" "two columns instead of three is an error"
json_eq "$out" '[x["reason"] for x in j["results"] if x["check"] == "site.sqlerror"][0].startswith("no such column")' true "the SQL error message is kept as the reason"

run audit --root "$TMPD/root" --no-store --checks "$TMPD/packs" --only T09.05
is "$rc" 1 "an alarm of severity high fails with the default --fail-on high"

# A broken pack: every problem with file:line:column, exit 2.
cat >"$TMPD/packs/z-broken.yaml" <<'EOT'
schema: ecguard.checks/1
checks:
  - id: site.rows
    measures: [T99.01]
    severity: severe
    kind: technical
    titel_ja: x
EOT
run checks --checks "$TMPD/packs"
is "$rc" 2 "a broken pack exits 2"
contains "$err" "z-broken.yaml:3:9: error: check id \"site.rows\" is already defined at $TMPD/packs/site.yaml:3" "duplicate id with both places"
contains "$err" "z-broken.yaml:4:16: error: unknown measure \"T99.01\"" "unknown measure with position"
contains "$err" "z-broken.yaml:5:15: error: severity must be critical, high, medium, low or info" "bad severity with position"
contains "$err" 'unknown key "titel_ja"; did you mean "title_ja"?' "misspelt key with a suggestion"
run audit --no-store --checks "$TMPD/packs" --root "$TMPD/root"
is "$rc" 2 "audit with a broken pack exits 2"
run audit --no-store --checks "$TMPD/nonexistent" --root "$TMPD/root"
is "$rc" 2 "audit with a missing checks folder exits 2"
done_testing
