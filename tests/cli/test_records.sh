#!/bin/bash
# CLI tests: `ecguard record`, `records`, `evidence verify` and `status` with
# a fixed clock (ECGUARD_TODAY=2026-06-15, horizon 2026-07-15). Records and
# the spec tests/data/records/site.yaml put every obligation on one side of
# its boundary: due yesterday is overdue, due today is due_soon, due on the
# horizon is due_soon, the day after it ok. Then a changed and a missing
# evidence file, an append-only correction that moves a due date, expired
# waivers and evidence, and the exit codes.
. "$SRCDIR/tests/cli/lib.sh"

export ECGUARD_TODAY=2026-06-15
S=$TMPD/store.db
SPEC=$SRCDIR/tests/data/records/site.yaml
cd "$TMPD" || exit 1

# --- usage errors: exit 2, nothing stored ------------------------------------
run record --help
is "$rc" 0 "record --help exits 0"
contains "$out" "Usage: ecguard record KIND [--store FILE] [--date YYYY-MM-DD]" "record --help usage"
run status --help
contains "$out" "due from today through today + --within (due today is due_soon)" "status --help documents the boundary"
run record lecture --store "$S"
is "$rc" 2 "unknown kind exits 2"
contains "$err" 'unknown record kind "lecture"' "unknown kind: message"
check "a refused record creates no store" test ! -e "$S"
run record education --store "$S"
is "$rc" 2 "education without --theme exits 2"
contains "$err" "measures of kind education exist in several themes; say which with --theme or --measure" "education needs --theme"
run record education --theme T03 --store "$S"
is "$rc" 2 "a theme without an education measure exits 2"
contains "$err" "theme T03 has no measure of kind education" "theme without the kind: message"
run record other --measure T99.01 --store "$S"
is "$rc" 2 "unknown measure exits 2"
run record audit --date 2026-06-16 --store "$S"
is "$rc" 2 "a date after today exits 2"
contains "$err" "the record's date 2026-06-16 is after today (2026-06-15)" "future date: message"
run record audit --date 2026-02-30 --store "$S"
is "$rc" 2 "an impossible date exits 2"
run record audit --evidence "$TMPD/nope.pdf" --store "$S"
is "$rc" 2 "a missing evidence file exits 2"
contains "$err" "evidence file $TMPD/nope.pdf" "missing evidence: names the file"

# --- records ------------------------------------------------------------------
printf 'minutes of the training\n' >minutes.txt
printf 'drill report\n' >drill.txt
printf 'attendance\n' >attendance.txt
run record education --store "$S" --date 2025-06-15 --theme T02 --by Sato \
	--summary "annual training" --evidence minutes.txt
is "$rc" 0 "education record added"
is "$out" "Record 1 added: education on 2025-06-15, evidencing T02.10, 1 evidence file(s) hashed." "record: confirmation names id, kind, date, measures"
run records --store "$S" --format json
json_eq "$out" 'j[0]["evidence"][0]["path"]' "$TMPD/minutes.txt" "a relative evidence path is stored absolute"
json_eq "$out" 'j[0]["evidence"][0]["sha256"]' "$(sha256sum minutes.txt | cut -d' ' -f1)" "evidence hash is the file's SHA-256"
json_eq "$out" 'j[0]["evidence"][0]["size"]' 24 "evidence size stored"
# The refused records above left nothing behind (one transaction each).
json_eq "$out" 'len(j)' 1 "refused records stored nothing"

ecg() { "$ECGUARD" "$@" >/dev/null 2>&1; }
ecg record education --store "$S" --date 2025-06-14 --theme T05
ecg record education --store "$S" --date 2026-05-15 --theme T04    # 1m: due today
ecg record education --store "$S" --date 2025-07-15 --theme T01    # due on the horizon
ecg record education --store "$S" --date 2025-07-16 --theme T06    # due the day after
ecg record audit --store "$S" --date 2025-06-14 --summary "external audit"  # 6: overdue
ecg record other --store "$S" --date 2025-06-14 --scope tls-cert --summary "certificate renewed"
ecg record other --store "$S" --date 2026-01-10 --scope db-password
ecg record drill --store "$S" --date 2026-03-01 --evidence drill.txt --evidence-expires 2026-06-14
ecg record budget --store "$S" --date 2026-03-01 --evidence attendance.txt --evidence-expires 2026-06-15
ecg record education --store "$S" --date 2025-01-10 --measure T02.10 --theme T02   # dedup, older
run records --store "$S" --kind education --format csv
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "id,date,kind,measures,by,summary,scope,supersedes,superseded_by,evidence,created_at" "csv header"
is "$(printf '%s\n' "$out" | grep -c education)" 6 "--kind education lists the six education records"
run records --store "$S" --measure T02.10 --format json
json_eq "$out" '[r["id"] for r in j]' "[11, 1]" "--measure T02.10 lists records 11 and 1, oldest date first"
json_eq "$out" 'j[0]["measures"]' '["T02.10"]' "a measure named twice is stored once"

# --- status: every boundary ---------------------------------------------------
st() { # obligation theme-or-subject -> state
	printf '%s' "$json" | python3 -c '
import json, sys
j = json.load(sys.stdin)
w, k = sys.argv[1], sys.argv[2]
for o in j["obligations"]:
    if o["obligation"] == w and k in (o["theme"], o["subject"]):
        print(o["state"], o["next_due"]); break
else:
    print("absent")' "$1" "$2"
}
run status --store "$S" --spec "$SPEC" --format json
is "$rc" 1 "status exits 1: something is overdue"
json=$out
is "$(st education T02)" "due_soon 2026-06-15" "education due today (12m) is due_soon"
is "$(st education T05)" "overdue 2026-06-14" "education due yesterday is overdue"
is "$(st education T04)" "due_soon 2026-06-15" "the spec's 1m cadence for T04 is used"
is "$(st education T01)" "due_soon 2026-07-15" "due on the horizon is due_soon"
is "$(st education T06)" "ok 2026-07-16" "due the day after the horizon is ok"
is "$(st education T10)" "absent" "a measure declared not applicable has no obligation"
is "$(st audit T01)" "overdue 2026-06-14" "audit due yesterday is overdue"
is "$(st drill T11)" "ok 2027-03-01" "drill recorded this year is ok"
is "$(st periodic_check T02)" "never None" "periodic check never done is never"
is "$(st policy_review https://policy.example.test/t02)" "due_soon 2026-06-15" "policy approved a year ago today is due_soon"
is "$(st policy_review https://policy.example.test/t03)" "overdue 2026-06-14" "policy approved a year and a day ago is overdue"
is "$(st partner_review hostco)" "due_soon 2026-07-15" "partner review due on the horizon is due_soon"
is "$(st partner_review payco)" "ok 2026-07-16" "partner review due after the horizon is ok"
is "$(st rotation tls-cert)" "overdue 2026-06-14" "certificate rotated a year and a day ago is overdue"
is "$(st rotation db-password)" "due_soon 2026-07-10" "password rotated on 2026-01-10 every 6m is due_soon"
is "$(st waiver T02.07)" "overdue 2026-06-14" "a waiver that expired yesterday is overdue"
is "$(st waiver T03.02)" "due_soon 2026-06-15" "a waiver expiring today is due_soon"
is "$(st evidence "$TMPD/drill.txt")" "overdue 2026-06-14" "evidence expired yesterday is overdue"
is "$(st evidence "$TMPD/attendance.txt")" "due_soon 2026-06-15" "evidence expiring today is due_soon"
json_eq "$json" 'j["horizon"]' "2026-07-15" "horizon is today + 30d"

# --within moves the horizon; the clock moves states.
run status --store "$S" --spec "$SPEC" --format json --within 1d
json=$out
is "$(st education T01)" "ok 2026-07-15" "--within 1d: due in a month is ok"
ECGUARD_TODAY=2026-06-16 run status --store "$S" --spec "$SPEC" --format json
json=$out
is "$(st education T02)" "overdue 2026-06-15" "the day after the due date it is overdue"
run status --store "$S" --spec "$SPEC" --within soon
is "$rc" 2 "--within soon exits 2"

# --- append-only correction ---------------------------------------------------
run record audit --store "$S" --date 2025-06-16 --supersedes 6 --summary "date corrected"
is "$rc" 0 "a record superseding the audit is added"
run record audit --store "$S" --date 2025-06-17 --supersedes 6
is "$rc" 2 "a record is superseded only once"
contains "$err" "record 6 is already superseded by record 12; supersede that one instead" "second supersede: message"
run record audit --store "$S" --supersedes 999
is "$rc" 2 "superseding no record exits 2"
run status --store "$S" --spec "$SPEC" --format json
json=$out
is "$(st audit T01)" "due_soon 2026-06-16" "the correction's date counts, the superseded record does not"
run records --store "$S" --kind audit
contains "$out" "superseded by 12" "records shows the superseded record"
contains "$out" "corrects 6" "records shows the correction"
check "the store refuses UPDATE of a record" bash -c "! sqlite3 '$S' \"UPDATE records SET date = '2026-01-01' WHERE id = 6\""
check "the store refuses DELETE of evidence" bash -c "! sqlite3 '$S' 'DELETE FROM evidence'"

# --- stored audit runs are periodic checks ----------------------------------
sqlite3 "$S" "INSERT INTO runs(seq, id, started_at) VALUES (1, 'r1', '2026-03-16T01:00:00Z');
INSERT INTO measure_status VALUES (1, 0, 'T02.11', 'not_assessed', NULL, 0,0,0,0,0,0);
INSERT INTO measure_status VALUES (1, 1, 'T02.07', 'met', NULL, 1,0,0,0,0,0);
INSERT INTO measure_status VALUES (1, 2, 'T03.11', 'not_assessed', NULL, 0,0,0,0,0,0);
INSERT INTO measure_status VALUES (1, 3, 'T03.07', 'not_assessed', NULL, 0,0,0,0,0,0);"
run status --store "$S" --spec "$SPEC" --format json
json=$out
is "$(st periodic_check T02)" "due_soon 2026-06-16" "an audit run that assessed T02 is its periodic check"
is "$(st periodic_check T03)" "never None" "a run that assessed nothing of T03 is not"

# --- evidence verify ---------------------------------------------------------
run evidence verify --store "$S"
is "$rc" 0 "evidence verify: all as recorded exits 0"
contains "$out" "3 evidence files: 3 ok, 0 changed, 0 missing, 0 unreadable." "verify: summary"
printf 'tampered\n' >>minutes.txt
rm drill.txt
run evidence verify --store "$S" --format json
is "$rc" 1 "a changed or missing evidence file exits 1"
json_eq "$out" '[e["state"] for e in j["evidence"]]' '["changed", "missing", "ok"]' "verify: changed, missing, ok"
json_eq "$out" 'j["counts"]' '{"ok": 1, "changed": 1, "missing": 1, "unreadable": 0}' "verify: counts"
run evidence check --store "$S"
is "$rc" 2 "evidence without verify exits 2"

# --- no store: nothing overdue, everything never done ---------------------------
run status --store "$TMPD/none.db" --format json
is "$rc" 1 "status with no store and the default spec exits 1 (never done is as late as overdue)"
json_eq "$out" 'j["counts"]["overdue"]' 0 "no store: nothing overdue"
check "status does not create a store" test ! -e "$TMPD/none.db"
run records --store "$TMPD/none.db"
is "$rc" 2 "records on a missing store exits 2"

done_testing
