#!/bin/bash
# CLI tests: the organisational checks (checks/org.yaml) end to end, with a
# fixed clock (ECGUARD_TODAY) and records written straight into the store's
# tables with the sqlite3 shell (the schema of store.h), so that every case
# sits exactly where it means to:
#   - checks/org.yaml is what tools/gen_org_checks.py generates today, and the
#     shipped checks reach 100 of 100 measures;
#   - the example single-server spec on the hardened host: cadences on both
#     sides of their boundary (due today passes, due yesterday alarms), a
#     1-month cadence that clamps at the month's end (SQLite's '+1 month'
#     would not), superseded and future records ignored, never recorded,
#     policy and partner reviews, a review record that renews a policy,
#     not applicable, the embedded default spec, and no store (skip);
#   - stored audit runs as periodic checks: the first run is info, the next
#     one sees it, a late one alarms;
#   - a site that did everything right (its own spec, records and host)
#     raises no organisational alarm and meets every measure only the
#     organisational checks reach.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/fixture-tree.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP the sqlite3 shell is not installed (scripts/setup installs it)"
	exit 0
fi

EX=$SRCDIR/examples/single-server-ec-cube.yaml

# audit TODAY ARGS...: the audit as JSON in $TMPD/a.json, exit code in $rc.
audit() {
	local today=$1
	shift
	ECGUARD_TODAY=$today "$ECGUARD" audit --format json "$@" >"$TMPD/a.json" 2>"$TMPD/a.err"
	rc=$?
}

# res CHECK [RESOURCE]: "status: reason" of each result of CHECK in the last
# audit (of RESOURCE only, when given), one a line.
res() {
	python3 - "$TMPD/a.json" "$1" "${2:-}" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print("\n".join(r["status"] + ": " + r["reason"] for r in j["results"]
                if r["check"] == sys.argv[2] and (not sys.argv[3] or r["resource"] == sys.argv[3])))
PY
}

# mstatus MEASURE: the measure's status in the last audit.
mstatus() {
	python3 -c 'import json, sys; print([m["status"] for m in json.load(open(sys.argv[1]))["measures"] if m["id"] == sys.argv[2]][0])' \
		"$TMPD/a.json" "$1"
}

# rec STORE KIND DATE MEASURE...: adds a record evidencing the measures.
rec() {
	local s=$1 kind=$2 date=$3 m sql
	shift 3
	sql="INSERT INTO records (kind, date, performed_by, summary, created_at)
	     VALUES ('$kind', '$date', 'Sato', 'recorded by the test', '2026-01-01T00:00:00Z');"
	for m in "$@"; do
		sql="$sql INSERT INTO record_measures (record_id, measure_id) SELECT max(id), '$m' FROM records;"
	done
	sqlite3 "$s" "BEGIN; $sql COMMIT;"
}

# --- the generated pack is the committed one; every measure is reached -------
gen=$(python3 "$SRCDIR/tools/gen_org_checks.py" --ecguard "$ECGUARD" \
	--check "$SRCDIR/checks/org.yaml" 2>&1)
is "$?|$gen" "0|" "checks/org.yaml is exactly what tools/gen_org_checks.py generates"
run checks
contains "$(printf '%s\n' "$out" | tail -1)" "they reach 100 of 100 measures." "ecguard checks: reach 100 of 100"
run checks --format json
json_eq "$out" 'len(j) >= 120 and all(len(c["measures"]) == 1 and c["kind"] == "attestation" for c in j if c["id"].startswith("org."))' \
	true "120+ checks; each org check attests one measure"

# --- the example spec, a store with records ----------------------------------
fixture_tree hardened "$TMPD/hard" && H=$FX_DIR
S=$TMPD/s.db
# The store is created by a first audit that selects one measure only (so
# its run evidences no periodic check); records go in with sqlite3.
audit 2026-06-01 --root "$H" --spec "$EX" --store "$S" --only T01.05
check "the store exists after the first audit" test -s "$S"
rec "$S" education 2025-06-01 T02.10
rec "$S" periodic-check 2026-01-31 T02.11
rec "$S" education 2026-05-20 T04.12
old=$(sqlite3 "$S" "SELECT max(id) FROM records")
sqlite3 "$S" "BEGIN;
	INSERT INTO records (kind, date, performed_by, summary, created_at, supersedes)
	VALUES ('education', '2025-01-10', 'Sato', 'date corrected', '2026-06-01T00:00:00Z', $old);
	INSERT INTO record_measures (record_id, measure_id) SELECT max(id), 'T04.12' FROM records;
	COMMIT;"
rec "$S" education 2026-07-01 T05.09
rec "$S" review 2026-03-15 T01.01
rec "$S" review 2026-05-01 T02.08

# Education of T02 every 12m (catalogue): held 2025-06-01, due 2026-06-01.
audit 2026-06-01 --root "$H" --spec "$EX" --store "$S"
is "$(res org.t02_10.education)" \
	"ok: last training 2025-06-01 by Sato, next due 2026-06-01" "education due today: ok"
audit 2026-06-02 --root "$H" --spec "$EX" --store "$S"
is "$(res org.t02_10.education)" \
	"alarm: overdue: last training 2025-06-01, the next was due 2026-06-01 (every 12m)" \
	"education due yesterday: alarm, overdue"
is "$(mstatus T06.09)" not_met "T06.09: no training ever and nothing else evidences it: not_met"
is "$(res org.t06_09.education)" "alarm: no training recorded for T06.09 (due every 12m)" "never recorded: alarm"
is "$(res org.t05_09.education)" "alarm: no training recorded for T05.09 (due every 12m)" \
	"a record dated after today does not count"
is "$(res org.t04_12.education)" \
	"alarm: overdue: last training 2025-01-10, the next was due 2026-01-10 (every 12m)" \
	"a superseded record does not count, its correction does"

# Periodic checks of T02 every 1m (cadences.themes.T02 of the example): a
# check on 2026-01-31 is next due 2026-02-28 (the month's last day), where
# SQLite's date('2026-01-31', '+1 month') says 2026-03-03.
audit 2026-02-28 --root "$H" --spec "$EX" --store "$S" --only T02
is "$(res org.t02_11.periodic_check)" \
	"ok: last periodic check 2026-01-31 by Sato, next due 2026-02-28" "1m after Jan 31 is Feb 28: ok that day"
audit 2026-03-01 --root "$H" --spec "$EX" --store "$S" --only T02
is "$(res org.t02_11.periodic_check)" \
	"alarm: overdue: last periodic check 2026-01-31, the next was due 2026-02-28 (every 1m)" \
	"and overdue on Mar 1 (not Mar 3)"
is "$(res org.t03_11.periodic_check)" "" "--only T02 runs no T03 check"

# Policies approved 2025-04-01, reviewed every 12m (T11: 6m).
audit 2026-04-01 --root "$H" --spec "$EX" --store "$S"
is "$(res org.t02_01.policy)" \
	"ok: policies/02-access.md version 1.3, approved by Yamada Taro on 2025-04-01; next review due 2026-04-01" \
	"policy review due today: ok"
is "$(res org.t11_01.policy)" \
	"alarm: review of https://intra.sakura-tea.example/security/incident-response overdue: it was due 2025-10-01 (approved 2025-04-01, reviewed every 6m)" \
	"policy with a 6m review, a year old: alarm"
audit 2026-04-02 --root "$H" --spec "$EX" --store "$S"
is "$(res org.t02_01.policy)" \
	"alarm: review of policies/02-access.md overdue: it was due 2026-04-01 (approved 2025-04-01, reviewed every 12m)" \
	"policy review due yesterday: alarm"
is "$(res org.t01_01.policy policies.T01)" \
	"ok: policies/01-security-policy.md version 2.1, approved by Yamada Taro on 2025-04-01, last reviewed 2026-03-15; next review due 2027-03-15" \
	"a review record renews the policy"
# Partners: payment-provider reviewed 2025-03-10, every 12m.
audit 2026-03-10 --root "$H" --spec "$EX" --store "$S" --only T05.08
is "$(res org.t05_08.outsourcing partners.payment-provider)" \
	"ok: payment-provider: agreement merchant agreement MA-2023-118; last reviewed 2025-03-10, next due 2026-03-10" \
	"partner review due today: ok"
audit 2026-03-11 --root "$H" --spec "$EX" --store "$S" --only T05.08
is "$(res org.t05_08.outsourcing partners.payment-provider)" \
	"alarm: payment-provider: review overdue: last reviewed 2025-03-10, it was due 2026-03-10 (every 12m)" \
	"partner review due yesterday: alarm"
# A procedure review (any record naming the measure), every policy_review.
audit 2026-06-01 --root "$H" --spec "$EX" --store "$S" --only T02.08
is "$(res org.t02_08.preparedness 'records: T02.08')" \
	"ok: last review of the procedures 2026-05-01 by Sato, next due 2027-05-01" "procedure review on record: ok"
is "$(res org.t02_08.preparedness owners.T02.contact)" \
	"ok: incident contact for T02: Sato Ichiro, sato@sakura-tea.example, deputy Suzuki Jiro" "incident contact from the owners"
# Declared not applicable: skipped with the reason, the measure not_applicable.
audit 2026-06-01 --root "$H" --spec "$EX" --store "$S"
is "$(res org.t10_05.physical_access)" \
	"skip: declared not applicable: the server is a VPS; physical access is the hosting partner's (see partners)" \
	"not applicable: skip with the declared reason"
is "$(mstatus T10.05)" not_applicable "T10.05 is not_applicable"
# The example specifies everything.
is "$(res org.t02_03.specification)" "ok: specified (flows): flows 6, zones 4" "specification: ok with what it holds"

# --- no store: the record checks skip, the spec checks still judge ----------
audit 2026-06-01 --root "$H" --spec "$EX" --no-store
is "$(res org.t02_10.education)" \
	"skip: no records store: run the audit with --store FILE to assess the records" "no store: education skipped"
is "$(res org.t02_11.periodic_check)" \
	"skip: no records store: run the audit with --store FILE to assess the records" "no store: periodic check skipped"
is "$(mstatus T02.11)" not_assessed "no store: T02.11 not assessed (never passed)"
is "$(res org.t02_01.policy | cut -d: -f1-2)" "alarm: review of policies/02-access.md overdue" \
	"no store: the policy is still judged from the spec"

# --- the embedded default spec: nothing is specified -------------------------
audit 2026-06-01 --root "$H" --no-store --only T02.03,T01.01,T01.02
is "$(res org.t02_03.specification | cut -c1-20)" "alarm: not specified" "default spec: not specified"
is "$(res org.t01_01.policy)" "alarm: no policy declared for T01 (policies.T01 in the spec)" "default spec: no policy"
is "$(res org.t01_02.responsibility)" "alarm: no owner named for T01 (owners.T01 in the spec)" "default spec: no owner"

# --- audit runs are periodic checks -------------------------------------------
S2=$TMPD/runs.db
audit "$(date -u +%F)" --root "$H" --spec "$EX" --store "$S2" --only T03
is "$(res org.t03_11.periodic_check)" \
	"info: no earlier periodic check on record: this audit run, once stored, is the first (then due every 1m)" \
	"first run: info, not an alarm"
D=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["started_at"][:10])' "$TMPD/a.json")
V=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["version"])' "$TMPD/a.json")
RID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["id"])' "$TMPD/a.json")
json_eq "$("$ECGUARD" records --store "$S2" --format json)" \
	'[(r["kind"], r["date"], r["measures"], r["by"], r["run_id"]) for r in j]' \
	"[[\"periodic-check\", \"$D\", [\"T03.11\"], \"ecguard $V\", \"$RID\"]]" \
	"the stored run is itself a periodic-check record of the theme it assessed"
DUE=$(ECGUARD_TODAY=$D "$ECGUARD" query --format csv "SELECT date_add_cadence('$D', '1m')" | tail -1 | tr -d '\r')
audit "$D" --root "$H" --spec "$EX" --store "$S2" --only T03
is "$(res org.t03_11.periodic_check)" \
	"ok: last periodic check $D by ecguard $V, next due $DUE" \
	"second run sees the first as its periodic check"
LATE=$(ECGUARD_TODAY=$D "$ECGUARD" query --format csv "SELECT date('$DUE', '+1 day')" | tail -1 | tr -d '\r')
audit "$LATE" --root "$H" --spec "$EX" --store "$S2" --only T03
is "$(res org.t03_11.periodic_check | cut -d: -f1-2)" "alarm: overdue" "a run after the due date: alarm"
# A run that selected only T03.08 does not count as the periodic check of T03.
S3=$TMPD/one.db
audit "$D" --root "$H" --spec "$EX" --store "$S3" --only T03.08
audit "$D" --root "$H" --spec "$EX" --store "$S3" --only T03
is "$(res org.t03_11.periodic_check | cut -d: -f1)" info "a run of one measure is no periodic check"
is "$("$ECGUARD" records --store "$S3" --kind periodic-check --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')" 1 \
	"... and is stored as no periodic-check record (only the T03 run is)"

# --- a site that did everything right -----------------------------------------
fixture_tree hardened "$TMPD/complete" && C=$FX_DIR
mkdir -p "$C/var/log/nginx" "$C/var/lib/aide"
: >"$C/var/log/auth.log"
: >"$C/var/log/nginx/access.log"
printf 'AIDE baseline\n' >"$C/var/lib/aide/aide.db"
printf '30 3 * * 0 root /usr/bin/clamscan -ri --quiet /var/www /home\n' >"$C/etc/cron.d/clamscan"
cat >"$TMPD/complete.yaml" <<'EOF'
schema: ecguard.spec/1
site:
  name: Complete Shop
  operator: Complete K.K.
  endpoints:
    - {name: storefront, url: "https://shop.complete.example/"}
zones:
  - {name: server, networks: [192.0.2.0/28]}
  - {name: office, networks: [198.51.100.0/28]}
flows:
  - {from: internet, to: server, service: https, protocol: tcp, port: 443, purpose: customers, logged: true}
  - {from: office, to: server, service: ssh, protocol: tcp, port: 22, purpose: administration, logged: true}
servers:
  - name: shop1
    role: all-in-one
    zone: server
    services:
      - {name: ssh, port: 22, process: sshd, exposure: public, allowed_from: [office], log: /var/log/auth.log}
      - {name: https, port: 443, process: nginx, exposure: public, log: /var/log/nginx/access.log}
    access: {users: [admin], admins: [admin], from: [office]}
    monitoring:
      logs: [/var/log/auth.log, /var/log/nginx/access.log]
      log_retention: 12m
      file_integrity: true
      alert_to: ops@complete.example
    vulnerability:
      patch_within: 7d
      auto_updates: true
      scan_every: 1m
      sources: [JVN, Debian security advisories]
secrets:
  - {name: tls-key, kind: private-key, location: /etc/ssl/private/shop.key, server: shop1, owner: Admin, readers: [root], rotation: 12m}
user_data:
  - {name: customers, kind: personal, location: "mysql:shop.customers", server: shop1, owner: Admin, encryption_at_rest: true, retention: 5y}
  - {name: cards, kind: card, store_allowed: false}
communications:
  - {name: customer-https, from: internet, to: shop1, protocol: https, min_tls: TLSv1.2, mutual_auth: false, non_repudiation: logged}
authentication:
  - {scene: customer-login, factors: [password], lockout_threshold: 10, password: {min_length: 10, complexity: true}, allowed_from: [internet]}
  - {scene: ssh, factors: [key], lockout_threshold: 0, allowed_from: [office], servers: [shop1]}
owners:
  T01: &boss {name: Boss, role: CEO, contact: boss@complete.example, deputy: Vice}
  T02: &ops {name: Admin, role: operations, contact: admin@complete.example, deputy: Boss}
  T03: *ops
  T04: *ops
  T05: *ops
  T06: *boss
  T07: *ops
  T08: *ops
  T09: *ops
  T10: *ops
  T11: *boss
policies:
  T01: {document: p/01.md, version: "1", approver: Boss, approved: 2026-01-10}
  T02: {document: p/02.md, version: "1", approver: Boss, approved: 2026-01-10}
  T03: {document: p/03.md, version: "1", approver: Boss, approved: 2026-01-10}
  T04: {document: p/04.md, version: "1", approver: Boss, approved: 2026-01-10}
  T05: {document: p/05.md, version: "1", approver: Boss, approved: 2026-01-10}
  T06: {document: p/06.md, version: "1", approver: Boss, approved: 2026-01-10}
  T07: {document: p/07.md, version: "1", approver: Boss, approved: 2026-01-10}
  T08: {document: p/08.md, version: "1", approver: Boss, approved: 2026-01-10}
  T09: {document: p/09.md, version: "1", approver: Boss, approved: 2026-01-10}
  T10: {document: p/10.md, version: "1", approver: Boss, approved: 2026-01-10}
  T11: {document: p/11.md, version: "1", approver: Boss, approved: 2026-01-10}
partners:
  - {name: hosting, handles: [the server], agreement: contract 1, contact: noc@host.example, last_review: 2026-02-01}
  - {name: psp, handles: [card payments], agreement: merchant agreement 2, contact: support@psp.example, last_review: 2026-02-01}
EOF
SC=$TMPD/complete.db
audit 2026-11-26 --root "$C" --spec "$TMPD/complete.yaml" --store "$SC" --only T01.05
rec "$SC" education 2026-04-01 T01.06 T02.10 T04.12 T05.09 T06.09 T10.06
rec "$SC" audit 2026-03-01 T01.07
rec "$SC" drill 2026-05-01 T11.07
rec "$SC" budget 2026-02-01 T01.05
rec "$SC" media-disposal 2026-06-01 T05.07 T06.07
rec "$SC" physical-access-review 2026-09-01 T10.05
rec "$SC" periodic-check 2026-11-20 T02.11 T03.11 T04.13 T05.10 T06.10 T07.07 T08.08 T09.08 T10.07 T11.08
rec "$SC" review 2026-11-01 T02.08 T02.09 T03.09 T03.10 T04.08 T04.10 T04.11 T05.05 T05.06 \
	T06.05 T06.06 T07.05 T07.06 T08.06 T08.07 T09.06 T10.03 T10.04 T11.03 T11.04 T11.06
rec "$SC" other 2026-11-15 T03.06
# The key's rotation (every 12m) on record: a record whose scope is its name.
sqlite3 "$SC" "INSERT INTO records (kind, date, performed_by, summary, scope, created_at)
	VALUES ('other', '2026-06-01', 'Admin', 'TLS key renewed', 'tls-key', '2026-06-01T00:00:00Z');"
audit 2026-11-26 --root "$C" --spec "$TMPD/complete.yaml" --store "$SC"
A_JSON=$(cat "$TMPD/a.json")
json_eq "$A_JSON" '[(r["check"], r["resource"], r["reason"]) for r in j["results"] if r["check"].startswith("org.") and r["status"] not in ("ok", "info")]' \
	'[]' "a site that did everything right: no organisational alarm, error or skip"
json_eq "$A_JSON" 'len({r["check"] for r in j["results"] if r["check"].startswith("org.")})' 86 \
	"every organisational check ran"
run checks --format json
ORG_ONLY=$(printf '%s' "$out" | python3 -c '
import json, sys
reach = {}
for c in json.load(sys.stdin):
    for m in c["measures"]:
        reach.setdefault(m, set()).add(c["id"].startswith("org."))
print(" ".join(sorted(m for m, k in reach.items() if k == {True})))')
json_eq "$A_JSON" "sorted(m['id'] for m in j['measures'] if m['id'] in '$ORG_ONLY'.split() and m['status'] != 'met')" \
	'[]' "a site that did everything right meets every measure only the organisational checks reach"
# One step off, and the right check says so: the physical access review
# (every 6m) of 2026-09-01 is due 2027-03-01.
audit 2027-03-02 --root "$C" --spec "$TMPD/complete.yaml" --store "$SC" --only T10.05
is "$(res org.t10_05.physical_access)" \
	"alarm: overdue: last physical access review 2026-09-01, the next was due 2027-03-01 (every 6m)" \
	"the complete site, later: the 6-month physical access review is overdue"

done_testing
