#!/bin/bash
# CLI tests: the "system" probe tables (listening_ports, processes,
# deb_packages, sysctl, os_release, kernel_modules, modprobe_rules, mounts)
# on the weak, hardened and escape fixtures, against reviewed expected rows
# in tests/expected/FIXTURE/TABLE.json; then what the rows prove about
# confinement, the sysctl arguments, the sysctl.d order, and hostile trees.
. "$SRCDIR/tests/cli/lib.sh"

FX="$SRCDIR/tests/fixtures"
EXP="$SRCDIR/tests/expected"

order_of() {
	case $1 in
	listening_ports) echo "protocol, port, address, inode" ;;
	processes) echo "pid" ;;
	deb_packages) echo "name, arch, version" ;;
	sysctl) echo "name" ;;
	os_release) echo "id" ;;
	kernel_modules) echo "name" ;;
	modprobe_rules) echo "file, line" ;;
	mounts) echo "mountpoint, device" ;;
	esac
}

# Every fixture and table: the rows, compared as parsed JSON (rows in order,
# every value with its type) with the reviewed expected file. One python3
# run compares them all (it is slow to start); on a difference it names the
# first differing row.
TABLES="listening_ports processes deb_packages sysctl os_release kernel_modules modprobe_rules mounts"
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

# Escape: nothing outside the root was read. Every link there leads out of
# the tree when followed naively, onto files marked OUTSIDE or host files.
all=$(cat "$TMPD"/escape-*.json)
not_contains "$all" "OUTSIDE" "escape: no row holds text from outside the root"
not_contains "$all" "outside_mod" "escape: modprobe rule and module from outside not read"
not_contains "$all" "6661" "escape: udp socket of the outside file not listed"
not_contains "$all" "6662" "escape: udp6 socket of the outside file not listed"
json_eq "$(cat "$TMPD/escape-deb_packages.json")" 'len(j)' 0 \
	"escape: the host's dpkg status (a link to it) is not read"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM deb_packages" >/dev/null 2>"$TMPD/w"
contains "$(cat "$TMPD/w")" "/var/lib/dpkg/status: Too many levels of symbolic links" \
	"escape: the dpkg status link loops inside the root, with a warning"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM listening_ports" >/dev/null 2>"$TMPD/w"
contains "$(cat "$TMPD/w")" "/proc/net/tcp: Too many levels of symbolic links" \
	"escape: /proc/net/tcp -> /proc/net/tcp loops inside the root"
run query --root "$FX/escape" --format csv "SELECT count(*) FROM sysctl WHERE name GLOB 'fs.*'"
is "$(printf '%s' "$out" | tr -d '\r' | tail -1)" 0 "escape: a proc/sys folder link (fs -> /etc) is not walked by a GLOB"
run query --root "$FX/escape" --format csv "SELECT count(*) FROM sysctl WHERE name IN ('fs.os-release', 'fs.sysctl/d.10-outside/conf')"
is "$(printf '%s' "$out" | tr -d '\r' | tail -1)" 0 "escape: nor entered by a name ="

# sysctl: name as an argument reads one key; IN and GLOB work; a name that
# is not normalised matches nothing.
run query --root "$FX/weak" --format json "SELECT * FROM sysctl WHERE name = 'net.ipv4.ip_forward'"
json_eq "$out" 'j' '[{"name": "net.ipv4.ip_forward", "value": "1", "configured_value": "1"}]' \
	"sysctl: name = reads one key with its configured value"
run query --root "$FX/weak" --format json "SELECT name, value, configured_value FROM sysctl WHERE name = 'kernel.pid_max'"
json_eq "$out" 'j' '[{"name": "kernel.pid_max", "value": null, "configured_value": "4194304"}]' \
	"sysctl: name = of a key only configured gives value NULL"
run query --root "$FX/weak" --format json "SELECT name FROM sysctl WHERE name IN ('kernel.ostype', 'net.ipv4.conf.eth0/100.rp_filter', 'no.such.key', 'kernel..ostype') ORDER BY name"
json_eq "$out" '[r["name"] for r in j]' '["kernel.ostype", "net.ipv4.conf.eth0/100.rp_filter"]' \
	"sysctl: name IN reads each key; dotted interface names use '/'"
run query --root "$FX/hardened" --format json "SELECT name, configured_value FROM sysctl WHERE name GLOB 'net.ipv4.conf.*.rp_filter' ORDER BY name"
json_eq "$out" '[[r["name"], r["configured_value"]] for r in j]' \
	'[["net.ipv4.conf.all.rp_filter", "1"], ["net.ipv4.conf.default.rp_filter", "1"], ["net.ipv4.conf.eth0.rp_filter", "1"], ["net.ipv4.conf.lo.rp_filter", null]]' \
	"sysctl: GLOB; a sysctl.d glob applies to every key but the excluded lo"
run query --root "$FX/hardened" --format csv "SELECT count(*) FROM sysctl WHERE name GLOB 'net.ipv4.conf.[ae]*.rp_filter'"
is "$(printf '%s' "$out" | tr -d '\r' | tail -1)" 2 "sysctl: GLOB with a bracket class"

# sysctl.d order: etc/sysctl.conf stands in for 99-sysctl.conf when that
# link is missing, later files win, etc masks and overrides usr/lib.
R="$TMPD/order"
mkdir -p "$R/etc/sysctl.d" "$R/usr/lib/sysctl.d" "$R/run/sysctl.d" "$R/proc/sys/kernel"
printf 'a.one = conf\na.two = conf\n' >"$R/etc/sysctl.conf"
printf 'a.one = usr10\na.three = usr10\na.four = usr10\n' >"$R/usr/lib/sysctl.d/10-x.conf"
printf 'a.three = etc10\n' >"$R/etc/sysctl.d/10-x.conf"
printf 'a.two = run98\na.five = run98\n' >"$R/run/sysctl.d/98-y.conf"
printf 'a.two = usr99z\n' >"$R/usr/lib/sysctl.d/99-z.conf"
printf 'a.six = masked\n' >"$R/usr/lib/sysctl.d/20-m.conf"
ln -s /dev/null "$R/etc/sysctl.d/20-m.conf"
printf 'Linux\n' >"$R/proc/sys/kernel/ostype"
run query --root "$R" --format json "SELECT name, configured_value FROM sysctl WHERE configured_value IS NOT NULL ORDER BY name"
json_eq "$out" '[[r["name"], r["configured_value"]] for r in j]' \
	'[["a.five", "run98"], ["a.one", "conf"], ["a.three", "etc10"], ["a.two", "usr99z"]]' \
	"sysctl.d: file-name order across folders, etc over usr/lib, /dev/null masks, sysctl.conf at 99-sysctl.conf"

# Hostile trees: huge, NUL-filled and binary files give rows or warnings,
# never a crash or a hang.
H="$TMPD/hostile"
mkdir -p "$H/proc/net" "$H/proc/7/fd" "$H/var/lib/dpkg" "$H/etc/modprobe.d" "$H/proc/sys/a" "$H/etc/sysctl.d"
# Binary junk, a NUL, a line of 300 kB, then one good socket line.
{ printf '\x01\xff\x00 0: 0100007F:0016 zz\n'; head -c 300000 /dev/zero | tr '\0' 'A'; printf '\n   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 4242 1\n'; } >"$H/proc/net/tcp"
python3 -c 'import sys; sys.stdout.write("Package: p\n" + "X" * 200000 + "\nVersion: 1\n\nPackage: q\x00r\nStatus: install ok installed\n")' >"$H/var/lib/dpkg/status"
yes $'\xc3\x28 \x00 - Live' | head -c 100000 >"$H/proc/modules"
printf 'blacklist \xff\xfe\ninstall x \\\n' >"$H/etc/modprobe.d/bad.conf"
printf 'x\033[31m\n' >"$H/proc/7/comm"
printf 'a\0b\0' >"$H/proc/7/cmdline"
mkfifo "$H/proc/7/status"
mkfifo "$H/etc/os-release"
printf 'v1\n' >"$H/proc/sys/a/b"
ln -s . "$H/proc/sys/a/loop"
printf 'a.b = \xc3\x28\n' >"$H/etc/sysctl.d/x.conf"
for t in $TABLES; do
	timeout 20 "$ECGUARD" query --root "$H" --format json "SELECT * FROM $t" >"$TMPD/h.json" 2>"$TMPD/h.err"
	rc=$?
	is "$rc" 0 "hostile tree: $t exits 0"
done
run query --root "$H" --format json "SELECT address, port, inode FROM listening_ports"
json_eq "$out" 'j' '[{"address": "127.0.0.1", "port": 3306, "inode": 4242}]' \
	"hostile tree: junk and an overlong line skipped, the good socket listed"
run query --root "$H" --format json "SELECT * FROM deb_packages ORDER BY name"
json_eq "$out" 'j' '[{"name": "p", "version": "1", "status": null, "arch": null, "source": "p"}, {"name": "q", "version": null, "status": "installed", "arch": null, "source": "q"}]' \
	"hostile tree: dpkg overlong line skipped, NUL cuts the name"
run query --root "$H" --format json "SELECT * FROM processes"
json_eq "$out" 'j' '[{"pid": 7, "name": "x\u001b[31m", "cmdline": "a b", "uid": null, "exe": null}]' \
	"hostile tree: a FIFO status is not read (uid NULL), comm kept as data"
run query --root "$H" --format json "SELECT * FROM sysctl"
json_eq "$out" 'j' '[{"name": "a.b", "value": "v1", "configured_value": "�("}]' \
	"hostile tree: a proc/sys link loop is not followed; invalid UTF-8 shown replaced"
run query --root "$H" --format json "SELECT * FROM os_release"
is "$out" "[]" "hostile tree: a FIFO os-release is refused"
done_testing
