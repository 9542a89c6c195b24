#!/bin/bash
# CLI tests: `ecguard history` and `ecguard diff`. A missing store, a link and
# bad options first; then two runs written with the sqlite3 shell into the
# schema the binary itself created (history on an empty file migrates it), so
# the exact table, JSON and exit codes can be checked; then, once `ecguard
# audit` exists, two real audits of a fixture host.
. "$SRCDIR/tests/cli/lib.sh"

S=$TMPD/store.db

run history --store "$S"
is "$rc" 2 "history on a missing store exits 2"
contains "$err" "no store at $S; \`ecguard audit\` creates it" "missing store: clear message"
check "history does not create a missing store" test ! -e "$S"
run diff --store "$S"
is "$rc" 2 "diff on a missing store exits 2"
contains "$err" "no store at $S" "diff: missing store message"

run history --help
is "$rc" 0 "history --help exits 0"
contains "$out" "Usage: ecguard history [--store FILE] [--limit N] [--format text|json]" "history --help usage"
run diff --help
is "$rc" 0 "diff --help exits 0"
contains "$out" "1  a new alarm at or above --fail-on" "diff --help documents exit 1"
contains "$out" "ecguard diff || alert" "diff --help shows the cron use"

run history --limit -1 --store "$S"
is "$rc" 2 "history --limit -1 exits 2"
run history --format xml --store "$S"
is "$rc" 2 "history --format xml exits 2"
run diff --fail-on severe --store "$S"
is "$rc" 2 "diff --fail-on severe exits 2"
contains "$err" "choose one of: critical, high, medium, low, info" "diff --fail-on lists severities"
run diff a b c --store "$S"
is "$rc" 2 "diff with three runs exits 2"

# A symbolic link is refused, even to a real store.
(umask 077 && : >"$TMPD/real.db")
ln -s "$TMPD/real.db" "$TMPD/link.db"
run history --store "$TMPD/link.db"
is "$rc" 2 "history refuses a symlinked store"
contains "$err" "is a symbolic link" "symlink: clear message"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "# sqlite3 shell missing (scripts/setup installs it): store tests skipped"
	done_testing
	exit $?
fi

# An empty file becomes an empty store.
(umask 077 && : >"$S")
run history --store "$S"
is "$rc" 0 "history on an empty store exits 0"
contains "$out" "No runs stored yet in $S" "empty store: says so"
is "$(sqlite3 "$S" 'PRAGMA journal_mode')" "wal" "the store is in WAL mode"
run history --store "$S" --format json
is "$out" "[]" "empty store: JSON is an empty array"

# Run A (older) and run B (newer). In B: the SSH alarm is fixed, the
# listing alarm stays (with a hostile reason), UID 0 (medium) and .env
# (low) are new, the TLS alarm is waived, and the sysctl check could not
# look (skip), so its alarm is not verified.
sqlite3 "$S" <<'SQL' || echo "not ok - sqlite3 failed"
INSERT INTO runs(seq, id, started_at, finished_at, host, score) VALUES
  (1, '20261125T090000Z-aaaa', '2026-11-25T09:00:00Z', '2026-11-25T09:00:01Z', 'web1', 61),
  (2, '20261126T090000Z-bbbb', '2026-11-26T09:00:00Z', NULL, 'web1', NULL);
INSERT INTO run_checks(run_seq, idx, check_id, severity, kind, title_en) VALUES
  (1, 0, 'ssh.root_login', 'high', 'technical', 'SSH root login'),
  (1, 1, 'web.dir_listing', 'medium', 'technical', NULL),
  (1, 2, 'web.tls_protocols', 'high', 'technical', NULL),
  (1, 3, 'sysctl.rp_filter', 'low', 'technical', NULL),
  (2, 0, 'ssh.root_login', 'high', 'technical', 'SSH root login'),
  (2, 1, 'web.dir_listing', 'medium', 'technical', NULL),
  (2, 2, 'web.tls_protocols', 'high', 'technical', NULL),
  (2, 3, 'sysctl.rp_filter', 'low', 'technical', NULL),
  (2, 4, 'accounts.uid0', 'medium', 'technical', NULL),
  (2, 5, 'web.secret_files', 'low', 'technical', NULL);
INSERT INTO run_check_measures(run_seq, check_idx, pos, measure_id) VALUES
  (1, 0, 0, 'T02.07'), (1, 0, 1, 'T08.05'), (1, 1, 0, 'T09.04'),
  (2, 0, 0, 'T02.07'), (2, 0, 1, 'T08.05'), (2, 1, 0, 'T09.04'),
  (2, 4, 0, 'T02.07'), (2, 5, 0, 'T06.03');
INSERT INTO results(run_seq, pos, check_idx, resource, status, reason, waiver) VALUES
  (1, 0, 0, '/etc/ssh/sshd_config:32', 'alarm', 'PermitRootLogin yes', NULL),
  (1, 1, 1, '/etc/nginx/sites-enabled/shop:12', 'alarm', 'autoindex on', NULL),
  (1, 2, 2, '/etc/nginx/nginx.conf:40', 'alarm', 'TLSv1 enabled', NULL),
  (1, 3, 3, 'net.ipv4.conf.all.rp_filter', 'alarm', '0', NULL),
  (2, 0, 0, '/etc/ssh/sshd_config:32', 'ok', 'PermitRootLogin no', NULL),
  (2, 1, 1, '/etc/nginx/sites-enabled/shop:12', 'alarm',
     'autoindex on ' || char(27) || '[31mred' || char(10) || '<b>', NULL),
  (2, 2, 2, '/etc/nginx/nginx.conf:40', 'waived', 'TLSv1 enabled',
     'ops, until 2027-01-01: old clients'),
  (2, 3, 3, 'net.ipv4.conf.all.rp_filter', 'skip', '/proc/sys not readable', NULL),
  (2, 4, 4, 'toor', 'alarm', 'UID 0 besides root', NULL),
  (2, 5, 5, '/srv/shop/.env', 'alarm', '秘密のファイル', NULL);
SQL

run history --store "$S"
is "$rc" 0 "history exits 0"
is "$out" "Run                    Started               Host  Score  Critical  High  Medium  Low  Info  Waived
---------------------------------------------------------------------------------------------------
20261126T090000Z-bbbb  2026-11-26T09:00:00Z  web1  -      0         0     2       1    0     1
20261125T090000Z-aaaa  2026-11-25T09:00:00Z  web1  61     0         2     1       1    0     0" "history text: newest first, alarms by severity, waived apart"
run history --store "$S" --format json
json_eq "$out" '[r["id"] for r in j]' '["20261126T090000Z-bbbb", "20261125T090000Z-aaaa"]' "history JSON newest first"
json_eq "$out" 'sorted(j[0].keys())' '["alarms", "finished_at", "host", "id", "score", "started_at", "waived"]' "history JSON keys"
json_eq "$out" '[j[0]["score"], j[1]["score"]]' '[null, 61]' "history JSON: no score is null"
json_eq "$out" 'j[1]["alarms"]' '{"critical": 0, "high": 2, "medium": 1, "low": 1, "info": 0}' "history JSON alarm counts"
json_eq "$out" 'j[0]["waived"]' 1 "history JSON waived count"
run history --store "$S" --format json --limit 1
json_eq "$out" '[r["id"] for r in j]' '["20261126T090000Z-bbbb"]' "history --limit 1"

run diff --store "$S"
is "$rc" 0 "diff: new alarms below high exit 0"
contains "$out" "From: 20261125T090000Z-aaaa (2026-11-25T09:00:00Z, web1)" "diff text names run A"
contains "$out" "New alarms: 2
Severity  Check             Measure IDs  Resource        Reason
---------------------------------------------------------------------------
medium    accounts.uid0     T02.07       toor            UID 0 besides root
low       web.secret_files  T06.03       /srv/shop/.env  秘密のファイル" "diff text: new alarms by severity"
contains "$out" "Fixed: 1" "diff text: one fixed"
contains "$out" "Still open: 1" "diff text: one still open"
contains "$out" 'autoindex on \e[31mred\n<b>' "diff text: reason neutralised"
not_contains "$out" $'\e' "diff text: no raw escape"
contains "$out" "Waived: 1" "diff text: one waived"
contains "$out" "Not verified in the newer run: 1
Severity  Check             Measure IDs  Resource                     Now      Reason
-------------------------------------------------------------------------------------
low       sysctl.rp_filter               net.ipv4.conf.all.rp_filter  skipped  0" "diff text: a skip is not verified, not fixed"
contains "$out" "2 new, 1 fixed, 1 still open, 1 waived, 1 not verified" "diff text summary"

run diff --store "$S" --fail-on medium
is "$rc" 1 "diff --fail-on medium exits 1 on a new medium alarm"
run diff --store "$S" --fail-on low --format json
is "$rc" 1 "diff --fail-on low exits 1"
run diff --store "$S" --fail-on critical
is "$rc" 0 "diff --fail-on critical exits 0"
# Reversed, RUN_B's alarms are "new": ssh.root_login (high) comes back.
run diff --store "$S" latest previous
is "$rc" 1 "diff latest previous: a new high alarm exits 1"

run diff --store "$S" --format json
is "$rc" 0 "diff JSON exits 0"
json_eq "$out" 'sorted(j.keys())' '["fixed", "from", "new", "open", "to", "unverified", "waived"]' "diff JSON keys"
json_eq "$out" '[j["from"], j["to"]]' '["20261125T090000Z-aaaa", "20261126T090000Z-bbbb"]' "diff JSON from/to"
json_eq "$out" '[(i["check"], i["severity"], i["resource"]) for i in j["new"]]' '[["accounts.uid0", "medium", "toor"], ["web.secret_files", "low", "/srv/shop/.env"]]' "diff JSON new"
json_eq "$out" 'sorted(j["new"][0].keys())' '["check", "measures", "reason", "resource", "severity"]' "diff JSON item keys"
json_eq "$out" 'j["fixed"]' '[{"check": "ssh.root_login", "severity": "high", "measures": ["T02.07", "T08.05"], "resource": "/etc/ssh/sshd_config:32", "reason": "PermitRootLogin yes"}]' "diff JSON fixed item"
json_eq "$out" 'j["open"][0]["reason"]' $'autoindex on \e[31mred\n<b>' "diff JSON open: newer reason, kept exact"
contains "$out" '"autoindex on \u001b[31mred\n<b>"' "diff JSON: control characters escaped"
json_eq "$out" '[(i["check"], i["waiver"]) for i in j["waived"]]' '[["web.tls_protocols", "ops, until 2027-01-01: old clients"]]' "diff JSON waived with waiver"
json_eq "$out" '[(i["check"], i["now_status"], i["now_reason"]) for i in j["unverified"]]' '[["sysctl.rp_filter", "skip", "/proc/sys not readable"]]' "diff JSON unverified says why"

run diff --store "$S" 20261125 20261126
is "$rc" 0 "diff by id prefixes exits 0"
contains "$out" "2 new, 1 fixed" "diff by prefixes: same result"
run diff --store "$S" 2026112
is "$rc" 2 "diff: an ambiguous prefix exits 2"
contains "$err" "ambiguous" "diff: ambiguous prefix message"
run diff --store "$S" nosuchrun
is "$rc" 2 "diff: unknown run exits 2"
contains "$err" "holds no run \"nosuchrun\"" "diff: unknown run message"
run diff --store "$S" latest latest
is "$rc" 2 "diff: the same run twice exits 2"

# A store from a newer ecguard is refused.
cp "$S" "$TMPD/newer.db"
sqlite3 "$TMPD/newer.db" 'PRAGMA user_version=999'
run history --store "$TMPD/newer.db"
is "$rc" 2 "history: a newer schema exits 2"
contains "$err" "schema version 999, newer than this ecguard knows" "newer schema: clear message"

# With the audit: two real runs of a fixture host.
if "$ECGUARD" audit --help >/dev/null 2>&1; then
	A=$TMPD/audit/ecguard.db
	mkdir -p "$TMPD/audit"
	for i in 1 2; do
		"$ECGUARD" audit --root "$SRCDIR/tests/fixtures/weak" --store "$A" \
			--format json >/dev/null 2>"$TMPD/audit.err"
		check "audit $i stored its run (exit 0 or 1)" test $? -le 1
	done
	is "$(stat -c %a "$A")" 600 "the audit's store is 0600"
	run history --store "$A" --format json
	json_eq "$out" 'len(j)' 2 "history lists both audits"
	run diff --store "$A" --format json
	is "$rc" 0 "diff of two identical audits exits 0"
	# The first stored run is itself a periodic check, so the second run's
	# periodic-check checks may pass where the first one's alarmed; nothing
	# else may differ.
	json_eq "$out" '[len(j["new"]), len([x for x in j["fixed"] if not x["check"].endswith(".periodic_check")])]' '[0, 0]' "identical audits: nothing new or fixed but the periodic checks the first run evidences"
else
	echo "# ecguard audit not available yet: audit-based store tests skipped"
fi

done_testing
