#!/bin/bash
# CLI tests: `ecguard soa`, the Statement of Applicability (docs/soa.md),
# with a fixed clock (ECGUARD_TODAY=2026-06-15) and the spec
# tests/data/soa/site.yaml: exact rows of a few measures in every format
# (md, html, csv, json) and both languages; a not-applicable measure with
# its reason, an owner, records newest first with their evidence, the next
# due date; the latest run's status; CSV cells that would be formulas
# neutralised; hostile spec strings escaped in HTML and Markdown; no store.
. "$SRCDIR/tests/cli/lib.sh"

export ECGUARD_TODAY=2026-06-15
S=$TMPD/store.db
SPEC=$SRCDIR/tests/data/soa/site.yaml
cd "$TMPD" || exit 1
mkdir -p root

# row FILE ID: the Markdown table row of measure ID.
row() { grep -F "| $2 |" "$1" | head -1; }

# --- usage --------------------------------------------------------------------
run soa --help
is "$rc" 0 "soa --help exits 0"
contains "$out" "Usage: ecguard soa [--store FILE] [--spec FILE] [--format md|html|csv|json]" "help: usage"
run soa --format pdf
is "$rc" 2 "an unknown format exits 2"
run soa extra
is "$rc" 2 "an argument exits 2"
printf 'schema: ecguard.spec/1\nsite:\n  name: x\nnot_applicable:\n  - measure: T99.01\n    reason: r\n' >bad.yaml
run soa --spec bad.yaml --store "$S"
is "$rc" 2 "a spec error exits 2"
contains "$err" "bad.yaml:5:" "a spec error names file:line:col"

# --- no store, the embedded default spec --------------------------------------
run soa --store "$TMPD/none.db" --format json
is "$rc" 0 "no store and the default spec: exit 0"
json_eq "$out" 'j["run"]' null "no store: no run"
json_eq "$out" 'j["summary"]' '{"measures": 100, "applicable": 100, "not_applicable": 0, "status": {"met": 0, "partial": 0, "not_met": 0, "not_assessed": 100, "not_applicable": 0}}' \
	"no store: 100 measures, every one not assessed"
json_eq "$out" 'sum(len(m["records"]) for t in j["themes"] for m in t["measures"])' 0 "no store: no records"
json_eq "$out" '[len(j["themes"]), j["spec"], j["schema"]]' '[11, "(embedded default)", "ecguard.soa/1"]' "11 themes, the embedded spec named"
check "soa does not create a store" test ! -e "$TMPD/none.db"
run soa --store "$TMPD/none.db"
contains "$out" "- **Audit run:** no audit run stored: every status is not assessed" "md: no run named in the header"

# --- a store with records and a run ---------------------------------------------
printf 'minutes\n' >minutes.txt
"$ECGUARD" record education --theme T02 --date 2025-05-01 --by Ito --evidence minutes.txt --store "$S" >/dev/null
"$ECGUARD" record education --theme T02 --date 2026-01-10 --by Sato --summary "annual training" --store "$S" >/dev/null
"$ECGUARD" record education --theme T02 --date 2026-02-01 --summary "wrong date" --store "$S" >/dev/null
"$ECGUARD" record education --theme T02 --date 2026-02-02 --summary "corrected" --supersedes 3 --store "$S" >/dev/null
"$ECGUARD" audit --root root --spec "$SPEC" --store "$S" --only T02 --format json --fail-on none >audit.json 2>/dev/null
RUN=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["run"]; print(r["id"] + " " + r["started_at"])' audit.json)
RID=${RUN% *}
RSTART=${RUN#* }

"$ECGUARD" soa --spec "$SPEC" --store "$S" >en.md
is "$?" 0 "md: exit 0"
contains "$(cat en.md)" "# Statement of Applicability: Soa &lt;Shop&gt; &amp; Co" "md: title with the site name escaped"
contains "$(cat en.md)" "- **Audit run:** $RID \\(started $RSTART\\)" "md: the run and its date in the header"
contains "$(cat en.md)" "**Owner:** Sato \\(operations\\), sato@shop.example; deputy Suzuki" "md: the theme's owner"
is "$(row en.md T02.10)" \
	"| T02.10 | Educate those involved about unauthorized-access countermeasures | yes | Checks: org.t02\\_10.education<br>Records: 2026-02-02 education: corrected<br>2026-01-10 education, by Sato: annual training<br>2025-05-01 education, by Ito \\[1 evidence file\\] | met | 2027-02-02 \\(on schedule\\) |" \
	"md: T02.10 row: records newest first (superseded left out), status of the run, next due"
is "$(row en.md T02.01)" \
	"| T02.01 | Establish an unauthorized-access countermeasure policy | yes | Spec: specified: policies/02-access.md<br>Checks: org.t02\\_01.policy<br>Records: none | met | 2026-06-15 \\(due soon\\) |" \
	"md: T02.01 row: the spec's policy, due today"
is "$(row en.md T10.05)" \
	"| T10.05 | Manage physical access to the site systems properly | no: &lt;script&gt;alert\\(1\\)&lt;/script&gt; no server room of our own \\(approved by Board\\) | Checks: org.t10\\_05.physical\\_access<br>Records: none | not applicable | - |" \
	"md: T10.05 not applicable with its reason, escaped"
is "$(row en.md T03.11)" \
	"| T03.11 | Periodically check the state of security-hole countermeasures | yes | Checks: org.t03\\_11.periodic\\_check<br>Records: none | not assessed | never done |" \
	"md: a measure the run did not select is not assessed; a periodic check never done"
is "$(row en.md T05.08)" \
	"| T05.08 | Guide and supervise contractors on protecting security-management information | yes | Spec: hostco<br>Checks: org.t05\\_08.outsourcing<br>Records: none | not assessed | 2027-01-01 \\(on schedule\\) |" \
	"md: outsourcing: the partners and the next partner review"
contains "$(cat en.md)" "**Owner:** =cmd\\|' /C calc'\\!A0, +81-3-0000; deputy @deputy" "md: owner text escaped"

# Japanese: titles from the catalogue, labels from the message catalogue.
# (Only labels ja.po has had since before `soa` are asserted word for word
# here; tests/cli/test_po.sh keeps every message translated.)
"$ECGUARD" --lang ja soa --spec "$SPEC" --store "$S" >ja.md
contains "$(row ja.md T10.05)" \
	"| T10.05 | サイトシステムへの物理アクセスに対する適切な管理の実施 | いいえ: &lt;script&gt;alert\\(1\\)&lt;/script&gt; no server room of our own（承認者 Board） |" \
	"md ja: T10.05 title in Japanese, does not apply, with its reason and approver"
contains "$(row ja.md T10.05)" "| 対象外 | - |" "md ja: T10.05 status not applicable in Japanese"
contains "$(cat ja.md)" "。状況: 達成 " "md ja: the summary line is punctuated in Japanese"
not_contains "$(cat ja.md)" ", 一部達成" "md ja: no English comma in the summary"
contains "$(row ja.md T02.10)" "| 関係者に対する不正アクセス対策についての教育の実施 | はい | " "md ja: T02.10 title in Japanese, applies"
contains "$(row ja.md T02.10)" "2026-01-10 education" "md ja: T02.10 records"
contains "$(row ja.md T02.10)" "| 達成 | 2027-02-02 " "md ja: T02.10 met, next due"
contains "$(cat ja.md)" "## T02 不正アクセス対策" "md ja: theme heading in Japanese"

# --- csv ------------------------------------------------------------------------
run soa --spec "$SPEC" --store "$S" --format csv
is "$rc" 0 "csv: exit 0"
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" \
	"theme,measure,title,kind,applies,not_applicable_reason,owner,owner_contact,spec_state,spec_items,checks,records,status,run,next_due,due_state" \
	"csv: header"
is "$(printf '%s\n' "$out" | grep -c '^T')" 100 "csv: one row per measure"
is "$(printf '%s\n' "$out" | grep '^T02,T02.10,' | tr -d '\r')" \
	"T02,T02.10,Educate those involved about unauthorized-access countermeasures,education,yes,,Sato,sato@shop.example,,,org.t02_10.education,\"2026-02-02 education: corrected; 2026-01-10 education, by Sato: annual training; 2025-05-01 education, by Ito [1 evidence file]\",met,$RID,2027-02-02,ok" \
	"csv: T02.10 row"
is "$(printf '%s\n' "$out" | grep '^T10,T10.02,' | tr -d '\r')" \
	"T10,T10.02,Establish responsibility for achieving secure system operation,responsibility,yes,,\"'=cmd|' /C calc'!A0\",\"'+81-3-0000\",specified,,org.t10_02.responsibility,,not_assessed,$RID,," \
	"csv: an owner that looks like a formula is neutralised"
is "$(printf '%s\n' "$out" | grep '^T10,T10.05,' | tr -d '\r')" \
	"T10,T10.05,Manage physical access to the site systems properly,physical-access,no,<script>alert(1)</script> no server room of our own,\"'=cmd|' /C calc'!A0\",\"'+81-3-0000\",,,org.t10_05.physical_access,,not_applicable,$RID,," \
	"csv: the not-applicable reason"
ECGUARD_TODAY=2026-06-15 "$ECGUARD" --lang ja soa --spec "$SPEC" --store "$S" --format csv >ja.csv
is "$(grep '^T02,T02.01,' ja.csv | cut -d, -f1-5)" "T02,T02.01,不正アクセス対策ポリシーの確立,policy,yes" "csv ja: titles in Japanese, codes in English"

# --- json -----------------------------------------------------------------------
run soa --spec "$SPEC" --store "$S" --format json
is "$rc" 0 "json: exit 0"
json_eq "$out" 'j["run"]["id"]' "$RID" "json: the run"
json_eq "$out" '[m for t in j["themes"] for m in t["measures"] if m["id"] == "T02.10"][0]["records"]' \
	'[{"id": 4, "kind": "education", "date": "2026-02-02", "by": null, "summary": "corrected", "evidence": 0}, {"id": 2, "kind": "education", "date": "2026-01-10", "by": "Sato", "summary": "annual training", "evidence": 0}, {"id": 1, "kind": "education", "date": "2025-05-01", "by": "Ito", "summary": null, "evidence": 1}]' \
	"json: T02.10 records newest first, the superseded one left out"
json_eq "$out" '[m for t in j["themes"] for m in t["measures"] if m["id"] == "T02.10"][0]["due"]' \
	'{"next_due": "2027-02-02", "state": "ok", "obligations": 1}' "json: T02.10 due"
json_eq "$out" '[m for t in j["themes"] for m in t["measures"] if m["id"] == "T10.05"][0]["not_applicable"]["reason"]' \
	"<script>alert(1)</script> no server room of our own" "json: the not-applicable reason as written"
json_eq "$out" '[(m["applies"], m["status"]) for t in j["themes"] for m in t["measures"] if m["id"] == "T10.05"][0]' \
	'[false, "not_applicable"]' "json: T10.05 does not apply"
json_eq "$out" '[t["owner"] for t in j["themes"] if t["id"] == "T02"][0]' \
	'{"name": "Sato", "role": "operations", "contact": "sato@shop.example", "deputy": "Suzuki"}' "json: the owner"
json_eq "$out" '[m["spec"] for t in j["themes"] for m in t["measures"] if m["id"] == "T02.01"][0]' \
	'{"state": "specified", "reason": null, "items": ["policies/02-access.md"]}' "json: the spec's statement"
run checks --format json
WANT=$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.dumps(sorted(c["id"] for c in json.load(sys.stdin) if "T02.07" in c["measures"])))')
run soa --spec "$SPEC" --store "$S" --format json
json_eq "$out" 'sorted([m for t in j["themes"] for m in t["measures"] if m["id"] == "T02.07"][0]["checks"])' "$WANT" \
	"json: the checks of T02.07 are exactly the compiled-in checks mapped to it"

# --- html -----------------------------------------------------------------------
run soa --spec "$SPEC" --store "$S" --format html --out soa.html
is "$rc" 0 "html: exit 0"
H=$(cat soa.html)
contains "$H" "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">" "html: CSP"
contains "$H" "<title>Statement of Applicability: Soa &lt;Shop&gt; &amp; Co</title>" "html: title escaped"
not_contains "$H" "<script>" "html: no script element from the spec"
contains "$H" "<td class=\"na\">no: &lt;script&gt;alert(1)&lt;/script&gt; no server room of our own (approved by Board)</td>" "html: NA reason escaped"
contains "$H" "<tr id=\"m-T02.10\"><td class=\"id\">T02.10</td><td>Educate those involved about unauthorized-access countermeasures</td><td>yes</td><td class=\"met\">Checks: org.t02_10.education
Records: 2026-02-02 education: corrected
2026-01-10 education, by Sato: annual training
2025-05-01 education, by Ito [1 evidence file]</td><td><span class=\"st st-met\">met</span></td><td class=\"due-ok\">2027-02-02 (on schedule)</td></tr>" \
	"html: T02.10 row"
contains "$H" "@media print" "html: printable"
not_contains "$H" "http://" "html: nothing to fetch"
run --lang ja soa --spec "$SPEC" --store "$S" --format html
contains "$out" '<html lang="ja">' "html ja: lang"
contains "$out" "<th>次回期限</th>" "html ja: headings in Japanese"

done_testing
