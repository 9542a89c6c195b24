#!/bin/bash
# CLI tests: the "ops" probe tables (systemd_units, cron_jobs, apt_sources,
# time_sync, logrotate, audit_rules, auditd_conf, firewall_rules) on the weak,
# hardened and escape fixtures, against reviewed expected rows in
# tests/expected/FIXTURE/TABLE.json; then what the rows prove about
# confinement, the questions checks will ask of them, hostile trees, and the
# real machine (which must simply work).
. "$SRCDIR/tests/cli/lib.sh"

FX="$SRCDIR/tests/fixtures"
EXP="$SRCDIR/tests/expected"
TABLES="systemd_units cron_jobs apt_sources time_sync logrotate audit_rules auditd_conf firewall_rules"

order_of() {
	case $1 in
	systemd_units) echo "name" ;;
	cron_jobs) echo "file, line" ;;
	apt_sources) echo "file, line, uri, suite, options" ;;
	time_sync) echo "service, file, setting, value" ;;
	logrotate) echo "file, path, setting, value" ;;
	audit_rules) echo "file, line" ;;
	auditd_conf) echo "key" ;;
	# rowid keeps the rules of a chain in the order they apply
	firewall_rules) echo "source, \"table\", chain, rowid" ;;
	esac
}

# csv_one SQL ROOT: the single value of a one-cell result.
csv_one() {
	"$ECGUARD" query --root "$2" --format csv "$1" 2>/dev/null | tr -d '\r' | tail -1
}

# Every fixture and table, compared as parsed JSON (rows in order, every
# value with its type) with the reviewed expected file, in one python3 run.
pairs=()
for fx in weak hardened escape; do
	for t in $TABLES; do
		"$ECGUARD" query --root "$FX/$fx" --format json \
			"SELECT * FROM $t ORDER BY $(order_of "$t")" \
			>"$TMPD/$fx-$t.json" 2>"$TMPD/$fx-$t.err"
		is "$?" 0 "$fx: $t exits 0"
		pairs+=("$fx: $t rows as expected" "$TMPD/$fx-$t.json" "$EXP/$fx/$t.json")
	done
done
while IFS=$'\t' read -r status desc diag; do
	_report "$status" "$desc" "$(printf '%b' "$diag")"
done < <(python3 - "${pairs[@]}" <<'PY'
import json, sys
a = sys.argv[1:]
for desc, got_f, want_f in zip(a[0::3], a[1::3], a[2::3]):
    try:
        got = json.load(open(got_f))
        want = json.load(open(want_f))
    except Exception as e:
        print("fail\t%s\t%s" % (desc, str(e).replace("\t", " ")))
        continue
    if got == want:
        print("ok\t%s\t" % desc)
        continue
    d = "got %d rows, want %d" % (len(got), len(want))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            d += "\\nrow %d got:  %s\\nrow %d want: %s" % (
                i, json.dumps(g, ensure_ascii=False), i,
                json.dumps(w, ensure_ascii=False))
            break
    print("fail\t%s\t%s" % (desc, d))
PY
)

# The tables and their columns, as later checks rely on them.
run tables --format json
json_eq "$out" '{t["name"]: [c["name"] for c in t["columns"]] for t in j if t["name"] in "'"$TABLES"'".split()}' \
	'{"apt_sources": ["file", "line", "uri", "suite", "components", "options"], "audit_rules": ["file", "line", "rule"], "auditd_conf": ["key", "value"], "cron_jobs": ["file", "line", "user", "schedule", "command"], "firewall_rules": ["source", "table", "chain", "rule", "policy"], "logrotate": ["file", "path", "setting", "value"], "systemd_units": ["name", "path", "enabled", "state", "wanted_by"], "time_sync": ["service", "setting", "value", "file"]}' \
	"tables: the ops tables with their fixed columns"

# Escape: every link there leads out of the tree when followed naively,
# onto files under tests/fixtures/escape-outside/ops marked OUTSIDE; inside
# the root the same paths land on decoys marked inside.
all=$(cat "$TMPD"/escape-*.json)
not_contains "$all" "OUTSIDE" "escape: no row holds text from outside the root"
contains "$(cat "$TMPD/escape-cron_jobs.json")" "/inside/job-from-clamped-link" \
	"escape: cron.d/y -> ../../../escape-outside/... stops at the root"
json_eq "$(cat "$TMPD/escape-cron_jobs.json")" '[r["command"] for r in j if r["file"] == "/etc/cron.d/x"]' \
	'["/inside/etc-crontab-job"]' "escape: cron.d/x -> ../../../../etc/crontab reads the root's own crontab"
json_eq "$(cat "$TMPD/escape-systemd_units.json")" '[r["enabled"] for r in j if r["name"] == "evil.service"]' \
	'["disabled"]' "escape: the unit behind the link is the inside one (the outside one has no [Install])"
json_eq "$(cat "$TMPD/escape-time_sync.json")" '[r for r in j if r["setting"] == "installed"]' '[]' \
	"escape: usr/sbin/chronyd -> outside binary is not taken as installed"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM firewall_rules" >/dev/null 2>"$TMPD/w"
w=$(cat "$TMPD/w")
contains "$w" "/etc/nftables.d/10-loop.nft: include cycle" "escape: an nft include back to nftables.conf is a cycle, warned"
contains "$w" "/etc/nftables.d/30-self.nft: cannot read" "escape: a self-link include loops inside the root, warned"
contains "$w" "/etc/iptables/rules.v4: cannot read" "escape: rules.v4 -> /etc/iptables/rules.v4 loops, warned, no fallback"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM logrotate" >/dev/null 2>"$TMPD/w"
contains "$(cat "$TMPD/w")" "/etc/logrotate.d/loop: include cycle" "escape: logrotate.d/loop -> logrotate.conf is a cycle, warned"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM systemd_units" >/dev/null 2>"$TMPD/w"
contains "$(cat "$TMPD/w")" "/etc/systemd/system/gone.service: not a readable unit file" "escape: a dangling unit link is warned about"

# The questions checks will ask.
is "$(csv_one "SELECT count(*) FROM time_sync WHERE setting = 'installed'" "$FX/weak")" 0 \
	"weak: no time synchronisation installed at all"
is "$(csv_one "SELECT group_concat(service, ' ') FROM (SELECT service FROM time_sync WHERE setting = 'installed' ORDER BY service)" "$FX/hardened")" \
	"chrony systemd-timesyncd" "hardened: chrony installed (timesyncd too, but masked)"
is "$(csv_one "SELECT count(*) FROM time_sync WHERE service = 'chrony' AND setting IN ('server', 'pool')" "$FX/hardened")" 4 \
	"hardened: chrony servers and pools, from chrony.conf and sources.d"
run query --root "$FX/hardened" --format json "SELECT setting, value FROM time_sync WHERE service = 'systemd-timesyncd' AND setting <> 'installed' ORDER BY rowid"
json_eq "$out" '[r["setting"] + "=" + r["value"] for r in j]' \
	'["NTP=ntp.nict.jp", "FallbackNTP=0.debian.pool.ntp.org 1.debian.pool.ntp.org", "RootDistanceMaxSec=5", "NTP=", "NTP=ntp1.internal.example.jp"]' \
	"timesyncd: main file, then drop-ins by name (etc hides usr/lib, /dev/null masks), in the order read"
not_contains "$(cat "$TMPD"/hardened-*.json "$TMPD"/weak-*.json)" "never" \
	"hidden, masked, ignored-by-name and disabled sources are not read"
q="SELECT count(*) FROM firewall_rules WHERE source = 'nftables' AND (rule IS NOT NULL OR policy <> 'accept')"
is "$(csv_one "$q" "$FX/weak")" 0 "weak: nftables loaded but filters nothing (accept policies, no rules)"
is "$(csv_one "$q" "$FX/hardened")" 7 "hardened: nftables filters (drop policies and rules; output accepts)"
run query --root "$FX/hardened" --format json "SELECT rule FROM firewall_rules WHERE chain = 'input'"
json_eq "$out" '[r["rule"] for r in j][:3]' \
	'["ct state established,related accept", "ct state invalid drop", "iif \"lo\" accept"]' \
	"firewall_rules: the rules of a chain come in the order they apply"
is "$(csv_one "SELECT count(*) FROM apt_sources WHERE options LIKE '%trusted=yes%' OR uri LIKE 'http:%'" "$FX/weak")" 4 \
	"weak: an unsigned trusted=yes source and http mirrors"
is "$(csv_one "SELECT count(*) FROM apt_sources WHERE options NOT LIKE '%signed-by=%'" "$FX/hardened")" 0 \
	"hardened: every source names its key (options is '' not NULL, so NOT LIKE sees all)"
is "$(csv_one "SELECT group_concat(command, ';') FROM (SELECT command FROM cron_jobs WHERE command LIKE '%/tmp/%' ORDER BY command)" "$FX/weak")" \
	"/tmp/.cache/run.sh;/tmp/cleanup.sh >/dev/null 2>&1" "weak: cron jobs run scripts from /tmp"
is "$(csv_one "SELECT count(*) FROM audit_rules" "$FX/weak")|$(csv_one "SELECT count(*) FROM auditd_conf" "$FX/weak")" "0|0" \
	"weak: no auditd"
is "$(csv_one "SELECT enabled FROM systemd_units WHERE name = 'auditd.service'" "$FX/weak")" masked \
	"weak: auditd.service masked"
is "$(csv_one "SELECT max(CAST(value AS INTEGER)) FROM logrotate WHERE setting = 'rotate'" "$FX/weak")" 4 \
	"weak: logrotate keeps at most 4 rotations (4 days)"
is "$(csv_one "SELECT min(CAST(value AS INTEGER)) FROM logrotate WHERE setting = 'rotate'" "$FX/hardened")" 52 \
	"hardened: logrotate keeps 52 weeks everywhere"
is "$(csv_one "SELECT state FROM systemd_units WHERE name = 'nginx.service'" "$FX/weak")" running \
	"weak (live cgroup tree): nginx.service running"
is "$(csv_one "SELECT count(*) FROM systemd_units WHERE state IS NOT NULL" "$FX/hardened")" 0 \
	"hardened (no cgroup tree): state unknown for every unit"

# Hostile trees: FIFOs, loops, NULs, huge lines, deep and cyclic includes;
# every table answers (rows or warnings), never a crash or a hang.
H="$TMPD/hostile"
mkdir -p "$H/etc/cron.d" "$H/etc/apt/sources.list.d" "$H/etc/systemd/system/multi-user.target.wants" \
	"$H/etc/logrotate.d" "$H/etc/audit/rules.d" "$H/etc/chrony" "$H/etc/iptables" "$H/etc/nftables.d"
mkfifo "$H/etc/crontab" "$H/etc/apt/sources.list.d/fifo.list" "$H/etc/audit/auditd.conf"
{ printf '* * * * * root /ok\n'; head -c 100000 /dev/zero | tr '\0' 'x'; printf '\n1 2 3 4 5 root a\0b\n\xff\xfe\n'; } >"$H/etc/cron.d/junk"
ln -s b.service "$H/etc/systemd/system/a.service"
ln -s a.service "$H/etc/systemd/system/b.service"
mkdir "$H/etc/systemd/system/dir.service"
ln -s ../../../../../etc/passwd "$H/etc/systemd/system/multi-user.target.wants/esc.service"
printf 'include /etc/logrotate.d\n' >"$H/etc/logrotate.conf"
for i in $(seq 1 30); do printf 'include /etc/lr/%d\n' $((i + 1)) >"$H/etc/lr-$i"; done
mkdir -p "$H/etc/lr"
for i in $(seq 1 31); do printf 'include /etc/lr/%d\n/var/log/%d {\n rotate 1\n}\n' $((i + 1)) "$i" >"$H/etc/lr/$i"; done
printf 'include /etc/lr/1\n' >"$H/etc/logrotate.d/deep"
printf 'include "/etc/*.conf"\ninclude "/etc/nftables.d/*.nft"\ntable ip t { chain c { accept } }\n' >"$H/etc/nftables.conf"
python3 -c 'import sys; sys.stdout.write("table ip t {\n" + "".join("chain c%d { drop }\n" % i for i in range(5000)) + "}\n")' >"$H/etc/nftables.d/big.nft"
printf 'confdir /etc/chrony /etc/chrony\ninclude /etc/chrony/chrony.conf\n' >"$H/etc/chrony/chrony.conf"
printf '*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\n' >"$H/etc/iptables/rules.v4"
for t in $TABLES; do
	timeout 20 "$ECGUARD" query --warnings --root "$H" --format json "SELECT * FROM $t" >"$TMPD/h-$t.json" 2>"$TMPD/h-$t.err"
	is "$?" 0 "hostile tree: $t exits 0"
done
json_eq "$(cat "$TMPD/h-cron_jobs.json")" '[r["command"] for r in j]' '["/ok"]' \
	"hostile tree: cron junk skipped line by line, the good job kept"
contains "$(cat "$TMPD/h-cron_jobs.err")" "/etc/crontab: cannot read" "hostile tree: a FIFO crontab is refused with a warning"
contains "$(cat "$TMPD/h-cron_jobs.err")" "line longer than" "hostile tree: an overlong cron line is warned about"
json_eq "$(cat "$TMPD/h-systemd_units.json")" 'j' '[]' "hostile tree: link loops and a folder named like a unit give no rows"
contains "$(cat "$TMPD/h-logrotate.err")" "includes nested more than 16 deep" "hostile tree: a deep logrotate include chain stops at the limit"
# logrotate.conf, logrotate.d/deep and lr/1..15 (17 files, depth 0..16):
# two rows each but the first two, which only include.
json_eq "$(cat "$TMPD/h-logrotate.json")" 'len(j)' 32 "hostile tree: logrotate reads the nested files it may, no more"
contains "$(cat "$TMPD/h-firewall_rules.err")" "more than 4096 chains" "hostile tree: nft chains capped"
contains "$(cat "$TMPD/h-firewall_rules.err")" "table filter without COMMIT" "hostile tree: an uncommitted iptables table is left out, warned"
json_eq "$(cat "$TMPD/h-firewall_rules.json")" '[r["source"] for r in j if r["source"] != "nftables"]' '[]' \
	"hostile tree: no iptables rows from the uncommitted table"
contains "$(cat "$TMPD/h-time_sync.err")" "include cycle" "hostile tree: chrony including itself is a cycle"

# The real machine: every table answers on / (the facts differ per host).
for t in $TABLES; do
	timeout 20 "$ECGUARD" query --format json "SELECT count(*) AS n FROM $t" >"$TMPD/host.json" 2>"$TMPD/host.err"
	is "$?" 0 "this host: $t exits 0"
done
done_testing
