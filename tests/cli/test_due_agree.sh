#!/bin/bash
# CLI test: `ecguard status` and the audit's attestation checks agree
# (docs/status.md, "One rule for status and the audit"). With a fixed clock
# (ECGUARD_TODAY=2026-06-15) a store gets records on both sides of every
# boundary - due today (on time), due yesterday (overdue), nothing on record
# (never), a superseded record's expired evidence - for the spec
# tests/data/due_agree/site.yaml. Then `status --format json` runs first (the
# audit judges the schedule up to itself, as status sees it just before) and
# `audit --format json` after it, and every overdue or never-done obligation
# must be an alarm of the audit on the same subject, and every alarm of the
# audit about a due date must be overdue or never in status. The one
# exception, by design: a periodic check never done is `info` in the audit,
# which is doing it right now.
# Then the HTML report of the same store: the "Due and overdue" section and
# the records behind each organisational measure, for `report RUN` as the
# store stood when the run ended and for `audit` from the live store.
. "$SRCDIR/tests/cli/lib.sh"

export ECGUARD_TODAY=2026-06-15
S=$TMPD/store.db
SPEC=$SRCDIR/tests/data/due_agree/site.yaml
mkdir -p "$TMPD/root"
cd "$TMPD" || exit 1

ecg() { "$ECGUARD" "$@" --store "$S" >/dev/null 2>"$TMPD/ecg.err" || echo "setup failed: $* $(cat "$TMPD/ecg.err")" >&2; }
printf 'drill report\n' >drill.txt
printf 'attendance\n' >attendance.txt
printf 'old minutes\n' >old.txt
ecg record education --date 2025-06-15 --theme T02            # due today
ecg record education --date 2025-06-14 --theme T05            # due yesterday
ecg record education --date 2026-01-10 --theme T04,T06 --evidence attendance.txt --evidence-expires 2026-06-15
ecg record audit --date 2025-06-14                            # T01.07 overdue
ecg record drill --date 2025-06-15 --evidence drill.txt --evidence-expires 2026-06-14
ecg record periodic-check --date 2026-03-15 --theme T02       # 3m: due today
ecg record periodic-check --date 2026-03-14 --theme T03       # 3m: overdue
ecg record media-disposal --date 2025-06-15 --theme T05
ecg record physical-access-review --date 2025-12-14 --theme T10   # 6m: overdue
ecg record review --date 2026-01-01 --theme T04               # policy without approved
ecg record review --date 2025-06-14 --theme T06               # policy without approved, overdue
ecg record other --date 2025-06-14 --scope tls-cert           # 12m: overdue
ecg record other --date 2025-12-15 --scope db-password        # 6m: due today
# An expired evidence file of a record that was corrected: counts nowhere.
ecg record other --date 2026-01-01 --measure T01.03 --evidence old.txt --evidence-expires 2026-01-31
old=$(sqlite3 "$S" "SELECT max(id) FROM records" 2>/dev/null || echo 14)
ecg record other --date 2026-01-02 --measure T01.03 --supersedes "$old"

run status --spec "$SPEC" --store "$S" --format json
is "$rc" 1 "status exits 1: overdue and never-done obligations"
printf '%s' "$out" >"$TMPD/status.json"
ECGUARD_TODAY=2026-06-15 "$ECGUARD" audit --root "$TMPD/root" --spec "$SPEC" --store "$S" \
	--format json --fail-on none >"$TMPD/audit.json" 2>"$TMPD/audit.err"
is "$?" 0 "the audit runs"
run catalog --format json
printf '%s' "$out" >"$TMPD/catalog.json"

# compare: prints one line per obligation or alarm with its verdict.
python3 - "$TMPD/status.json" "$TMPD/audit.json" "$TMPD/catalog.json" >"$TMPD/cmp.txt" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
au = json.load(open(sys.argv[2]))
cat = json.load(open(sys.argv[3]))
CAD_KIND = {"education": "education", "audit": "audit", "drill": "drill",
            "periodic_check": "periodic-check", "budget_review": "budget",
            "media_review": "media", "physical_access_review": "physical-access"}
kind_of = {m["id"]: m["kind"] for t in cat["themes"] for m in t["measures"]}

def measure_of(theme, kind):
    return [m for m, k in kind_of.items() if m[:3] == theme and
            (k == kind or (kind == "policy" and k == "config-policy"))][0]

def resource(o):
    """(resource, check id suffix) of the audit row judging obligation o."""
    w, t, s = o["obligation"], o["theme"], o["subject"]
    if w == "policy_review":
        return "policies." + t, None
    if w in CAD_KIND:
        return "records: " + measure_of(t, CAD_KIND[w]), None
    if w == "partner_review":
        return "partners." + s, ".outsourcing"
    if w == "rotation":
        return "secrets." + s + ".rotation", None
    if w == "waiver":
        return "waivers." + s, None
    if w == "evidence":
        return "evidence: " + s, None
    raise SystemExit("unknown obligation " + w)

rows = {}
for r in au["results"]:
    rows.setdefault(r["resource"], []).append(r)

def statuses(res, suffix):
    return sorted({r["status"] for r in rows.get(res, [])
                   if suffix is None or r["check"].endswith(suffix)})

late = set()
for o in st["obligations"]:
    res, suf = resource(o)
    got = statuses(res, suf)
    if o["state"] in ("overdue", "never"):
        late.add(res)
        if o["obligation"] == "periodic_check" and o["state"] == "never":
            verdict = "ok-info" if got == ["info"] else "MISMATCH %s" % got
        else:
            verdict = "ok-alarm" if got == ["alarm"] else "MISMATCH %s" % got
    elif got == ["ok"]:
        verdict = "ok-pass"
    elif o["obligation"] == "policy_review" and got == ["alarm"] and all(
            " is incomplete: " in r["reason"] for r in rows[res]):
        # On time by its dates; the alarm is about the declaration (no
        # approval date), which status does not judge.
        verdict = "ok-pass-incomplete"
    else:
        verdict = "MISMATCH %s" % got
    print("%s|%s|%s|%s" % (o["state"], o["obligation"], res, verdict))

# The other way: every alarm about a due date is overdue or never in status.
CAD_MEASURE_KINDS = set(CAD_KIND.values())
for r in au["results"]:
    if r["status"] != "alarm":
        continue
    res = r["resource"]
    due = (res.startswith("records: ") and kind_of.get(res[9:]) in CAD_MEASURE_KINDS) \
        or res.startswith(("secrets.", "waivers.", "evidence: ")) and not res.endswith("secrets") \
        or (res.startswith("policies.") and " overdue" in r["reason"]) \
        or (res.startswith("partners.") and r["check"].endswith(".outsourcing")
            and ("overdue" in r["reason"] or "never reviewed" in r["reason"]))
    if res.startswith("secrets.") and not res.endswith(".rotation"):
        due = False
    if due:
        print("alarm|%s|%s|%s" % (r["check"], res, "ok-late" if res in late else "MISMATCH not late in status"))
PY
is "$(grep -c MISMATCH "$TMPD/cmp.txt")" 0 "status and the audit agree on every obligation"
[ "$(grep -c MISMATCH "$TMPD/cmp.txt")" = 0 ] || sed 's/^/# /' "$TMPD/cmp.txt" | grep MISMATCH
# Both directions were compared, not vacuously: the 36 obligations of
# status, and 17 alarms about dates: the 24 late obligations but the 8
# periodic checks never done (info) and the never-approved T07 policy (its
# alarm is about the incomplete declaration), with the two late partners
# counted once per outsourcing measure (T05.08, T06.08).
is "$(grep -c -v '^alarm|' "$TMPD/cmp.txt")" 36 "every obligation of status was compared"
is "$(grep -c '^alarm|' "$TMPD/cmp.txt")" 17 "every alarm about a date was compared"

line() { awk -F'|' -v r="$1" '$3 == r && $1 != "alarm" { print $1 " " $4; exit }' "$TMPD/cmp.txt"; }
# Each boundary, spelled out (state in status -> verdict in the audit).
is "$(line 'records: T02.10')" "due_soon ok-pass" "education due today: due_soon, ok"
is "$(line 'records: T05.09')" "overdue ok-alarm" "education due yesterday: overdue, alarm"
is "$(line 'records: T01.06')" "never ok-alarm" "education never held: never, alarm"
is "$(line 'records: T01.07')" "overdue ok-alarm" "audit overdue: alarm"
is "$(line 'records: T03.11')" "overdue ok-alarm" "periodic check overdue: alarm"
is "$(line 'records: T02.11')" "due_soon ok-pass" "periodic check due today: ok"
is "$(line 'records: T04.13')" "never ok-info" "periodic check never: info (this run is the first)"
is "$(line 'records: T10.05')" "overdue ok-alarm" "physical access review overdue: alarm"
is "$(line 'policies.T02')" "due_soon ok-pass" "policy approved a year ago today: ok"
is "$(line 'policies.T03')" "overdue ok-alarm" "policy approved a year and a day ago: alarm"
is "$(line 'policies.T04')" "ok ok-pass-incomplete" "policy without approved date, reviewed on record: ok by its dates"
is "$(line 'policies.T06')" "overdue ok-alarm" "policy without approved date, review record a year and a day old: overdue, alarm"
is "$(line 'policies.T07')" "never ok-alarm" "policy neither approved nor reviewed: never, alarm"
is "$(line 'partners.mailco')" "never ok-alarm" "partner never reviewed: never, alarm"
is "$(line 'partners.hostco')" "overdue ok-alarm" "partner review overdue: alarm"
is "$(line 'secrets.tls-cert.rotation')" "overdue ok-alarm" "rotation overdue: alarm"
is "$(line 'secrets.db-password.rotation')" "due_soon ok-pass" "rotation due today: ok"
is "$(line 'secrets.api-token.rotation')" "never ok-alarm" "rotation never recorded: never, alarm"
is "$(line 'waivers.T02.07')" "overdue ok-alarm" "waiver expired yesterday: alarm"
is "$(line 'waivers.T03.02')" "due_soon ok-pass" "waiver expiring today: ok"
is "$(line "evidence: $TMPD/drill.txt")" "overdue ok-alarm" "evidence expired yesterday: alarm"
is "$(line "evidence: $TMPD/attendance.txt")" "due_soon ok-pass" "evidence expiring today: ok"
is "$(grep -c -F "evidence: $TMPD/old.txt" "$TMPD/cmp.txt")" 0 "expired evidence of a superseded record: in neither"

# The reasons a person reads.
res() {
	python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["resource"] == sys.argv[2]:
        print(r["status"] + ": " + r["reason"])' "$TMPD/audit.json" "$1" | head -1
}
is "$(res policies.T04)" "alarm: policy https://policy.example.test/t04 is incomplete: the policy of T04 lacks approved" \
	"policy reviewed on record but without approved date: judged on the review (not an error), incomplete"
is "$(res policies.T06)" \
	"alarm: review of https://policy.example.test/t06 overdue: it was due 2026-06-14 (no approval date, last reviewed 2025-06-14, reviewed every 12m)" \
	"the review record stands in for the missing approval date"
is "$(res secrets.tls-cert.rotation)" \
	"alarm: tls-cert: rotation overdue: last rotated 2025-06-14, the next was due 2026-06-14 (every 12m)" \
	"rotation reason"
is "$(res waivers.T02.07)" \
	"alarm: the waiver of T02.07 approved by Board expired on 2026-06-14: fix what it covers, or decide again and set a new expires in the spec" \
	"waiver reason"
is "$(res "evidence: $TMPD/drill.txt")" \
	"alarm: evidence of record 5 (drill 2025-06-15) expired on 2026-06-14: renew it and record it again with --evidence and --evidence-expires" \
	"evidence reason"

# After the audit is stored, its run is the periodic check of the themes it
# assessed: status no longer says never for them (as of the run's date: the
# run is stamped with the real clock, not ECGUARD_TODAY).
rday=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["started_at"][:10])' "$TMPD/audit.json")
ECGUARD_TODAY=$rday run status --spec "$SPEC" --store "$S" --format json
json_eq "$out" '[o["state"] for o in j["obligations"] if o["obligation"] == "periodic_check" and o["theme"] == "T04"]' \
	'["ok"]' "the stored audit run is the periodic check status counts"

# --- the HTML report: what is due, and the records behind each measure -------
# `report RUN --format html` shows them as the store stood when the run
# ended, for the run's date; `audit --format html` from the live store.
RID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["id"])' "$TMPD/audit.json")
ecg record education --date 2026-06-15 --theme T02 --summary "after the run"
ECGUARD_TODAY=$rday run report "$RID" --store "$S" --format html
is "$rc" 0 "report RUN --format html"
H=$out
contains "$H" "<section id=\"due\">
<h2>Due and overdue</h2>
<p>As of $rday: " "report html: the due section, as of the run's date"
contains "$H" '<tr><td class="due-overdue">overdue</td><td>rotation</td><td class="id">-</td><td>12m</td><td class="id">2025-06-14</td><td class="id">2026-06-14</td><td><code>tls-cert</code></td></tr>' \
	"report html: an overdue rotation listed with last done and due date"
contains "$H" '<tr><td class="due-never">never</td><td>rotation</td><td class="id">-</td><td>3m</td><td class="id">-</td><td class="id">-</td><td><code>api-token</code></td></tr>' \
	"report html: a rotation never done listed"
contains "$H" '<tr class="records"><td></td><td colspan="4"><strong>Records:</strong><ul>
<li>2025-06-15 drill [1 evidence file]</li>
</ul></td></tr>' "report html: the drill record behind T11.07, with its evidence count"
contains "$H" '<strong>Records:</strong><ul>
<li>2026-01-02 other</li>
</ul>' "report html: T01.03 shows the correction, not the superseded record"
contains "$H" '<strong>Records:</strong><ul>
<li>2025-06-15 education</li>
</ul>' "report html: T02.10's records as of the run: not the one entered after it"
not_contains "$H" "after the run" "report html: a record entered after the run is not shown"
contains "$H" '<strong>Records:</strong> none</td></tr>' "report html: an organisational measure without records says none"
ECGUARD_TODAY=2026-06-15 "$ECGUARD" audit --root "$TMPD/root" --spec "$SPEC" --store "$S" \
	--format html --fail-on none >"$TMPD/audit.html" 2>/dev/null
H=$(cat "$TMPD/audit.html")
contains "$H" '<li>2026-06-15 education: after the run</li>
<li>2025-06-15 education</li>' "audit html: the live store's records behind T02.10, newest first"
contains "$H" "<p>As of 2026-06-15: 10 overdue, " "audit html: the due section as of the audit's day"
contains "$H" '<tr><td class="due-overdue">overdue</td><td>waiver</td><td class="id">-</td><td>-</td><td class="id">2026-01-01</td><td class="id">2026-06-14</td><td><code>T02.07</code></td></tr>' \
	"audit html: the expired waiver is listed"
run audit --root "$TMPD/root" --spec "$SPEC" --no-store --format html --fail-on none
not_contains "$out" 'id="due"' "audit html without a store: no due section"

# No store: nothing on record, so never; the record-based checks skip.
run status --spec "$SPEC" --store "$TMPD/none.db" --format json
is "$rc" 1 "status without a store exits 1: obligations never done"
json_eq "$out" 'j["counts"]["overdue"]' 3 "without a store only the spec's own dates can be overdue"

done_testing
