#!/bin/bash
# CLI tests: `ecguard catalog` in text and JSON, both languages.
. "$SRCDIR/tests/cli/lib.sh"

run catalog --format json
is "$rc" 0 "catalog --format json exits 0"
json_eq "$out" 'len(j["themes"])' 11 "JSON has 11 themes"
json_eq "$out" 'sum(len(t["measures"]) for t in j["themes"])' 100 "JSON has 100 measures"
json_eq "$out" '[len(t["measures"]) for t in j["themes"]]' '[7, 11, 11, 13, 10, 10, 7, 8, 8, 7, 8]' "measures per theme as in the guideline"
json_eq "$out" 'sorted(j["themes"][0].keys())' '["id", "layer", "measures", "section", "title_en", "title_ja"]' "theme keys"
json_eq "$out" 'sorted(k for k in j["themes"][1]["measures"][0].keys() if k not in ("cadence", "note"))' '["description_en", "description_ja", "id", "kind", "section", "title_en", "title_ja"]' "measure keys"
json_eq "$out" '[m["title_ja"] for m in j["themes"][1]["measures"] if m["id"] == "T02.05"][0]' "個々のサービスに対するアクセス制御・監視要件の適切な指定" "T02.05 title verbatim"
json_eq "$out" '[m["section"] for t in j["themes"] for m in t["measures"] if m["id"] == "T11.08"][0]' "1.12(8)" "T11.08 section"
json_eq "$out" '[r["via"] for r in j["relations"] if r["from"] == "T02" and r["to"] == "T01"][0]' '["T02.01", "T02.02"]' "relation T02->T01 via policy and responsibility"
json_eq "$out" 'all(set(r.keys()) == {"from", "to", "via"} for r in j["relations"])' true "relation keys"

run catalog
is "$rc" 0 "catalog exits 0"
contains "$out" "11 themes, 100 measures" "text summary line"
contains "$out" "T02  1.3      threat      11        Unauthorized-access countermeasures" "theme row aligned"

run --lang ja catalog
contains "$out" "サイト運営におけるセキュリティマネジメントの確立" "--lang ja gives Japanese titles"
contains "$out" "テーマ" "--lang ja gives Japanese headings"
LANG=ja_JP.UTF-8 LC_ALL= LC_MESSAGES= "$ECGUARD" catalog >"$TMPD/o" 2>&1
contains "$(cat "$TMPD/o")" "不正アクセス対策" "LANG=ja_JP.UTF-8 gives Japanese (locale not generated)"
LC_ALL=ja_JP.UTF-8 "$ECGUARD" --lang en catalog >"$TMPD/o" 2>&1
contains "$(cat "$TMPD/o")" "Unauthorized-access countermeasures" "--lang en overrides a Japanese locale"
LC_ALL=C LANG=ja_JP.UTF-8 "$ECGUARD" catalog >"$TMPD/o" 2>&1
contains "$(cat "$TMPD/o")" "Unauthorized-access countermeasures" "LC_ALL wins over LANG"

run catalog T02
is "$rc" 0 "catalog T02 exits 0"
is "$(printf '%s\n' "$out" | grep -c '^T02\.')" 11 "catalog T02 lists its 11 measures"
contains "$out" "T02.11" "catalog T02 lists T02.11"
run catalog T02.05
contains "$out" "Title (ja):    個々のサービスに対するアクセス制御・監視要件の適切な指定" "measure detail shows ja title"
contains "$out" "Kind:          specification" "measure detail shows kind"
run catalog T02.05 --format json
json_eq "$out" '[m["id"] for t in j["themes"] for m in t["measures"]]' '["T02.05"]' "JSON for one measure holds only it"
run catalog --matrix
contains "$out" "T02 -> T01  via T02.01, T02.02" "matrix lists relations with measures"
is "$(printf '%s\n' "$out" | grep -c '^T[0-9][0-9]  ')" 11 "matrix has 11 rows"

run catalog T99
is "$rc" 2 "unknown ID exits 2"
contains "$err" 'no theme or measure "T99"' "unknown ID message"
run catalog --format xml
is "$rc" 2 "unknown format exits 2"
contains "$err" "choose one of: text, json" "unknown format lists choices"
run catalog --bogus
is "$rc" 2 "unknown option exits 2"
run catalog T02 --matrix
is "$rc" 2 "--matrix with an ID exits 2"
run catalog --help
is "$rc" 0 "catalog --help exits 0"
contains "$out" "Usage: ecguard catalog" "catalog --help shows usage"
done_testing
