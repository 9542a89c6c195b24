#!/bin/bash
# CLI tests: the "accounts" tables (users, groups, shadow, sshd_config,
# login_defs, sudoers, pam, authorized_keys) on the three fixture hosts.
# Every table of every fixture is compared with an exact expected file,
# tests/expected/FIXTURE/TABLE.json; the escape tree must show nothing of
# what its symlinks point at outside the root (every such file says
# OUTSIDE), and password hashes or key material must never be printed.
. "$SRCDIR/tests/cli/lib.sh"

# The query of each table: a total order, so the expected files are exact.
# pam keeps each service's stack order (rows are emitted in stack order).
declare -A SQL=(
	[users]="SELECT * FROM users ORDER BY name, uid"
	[groups]="SELECT * FROM groups ORDER BY name, gid"
	[shadow]="SELECT * FROM shadow ORDER BY name"
	[sshd_config]="SELECT * FROM sshd_config ORDER BY keyword, file, line, value"
	[login_defs]="SELECT * FROM login_defs ORDER BY key"
	[sudoers]="SELECT * FROM sudoers ORDER BY file, line, principal, nopasswd, commands"
	[pam]="SELECT * FROM pam ORDER BY service, rowid"
	[authorized_keys]="SELECT * FROM authorized_keys ORDER BY user, type, comment"
)
TABLES="users groups shadow sshd_config login_defs sudoers pam authorized_keys"

# same_json GOT_FILE WANT_FILE DESC: equal once parsed (values, types, order).
same_json() {
	local diag
	if diag=$(python3 - "$1" "$2" <<'EOF'
import json, sys
got = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[2]))
if got == want:
    sys.exit(0)
print("rows: got %d, want %d" % (len(got), len(want)))
for i in range(max(len(got), len(want))):
    g = got[i] if i < len(got) else None
    w = want[i] if i < len(want) else None
    if g != w:
        print("first difference at row %d:" % i)
        print("got:  " + json.dumps(g, ensure_ascii=False))
        print("want: " + json.dumps(w, ensure_ascii=False))
        break
sys.exit(1)
EOF
	); then
		_report ok "$3"
	else
		_report fail "$3" "$diag"
	fi
}

for fx in weak hardened escape; do
	root="$SRCDIR/tests/fixtures/$fx"
	for t in $TABLES; do
		"$ECGUARD" query --root "$root" --format json "${SQL[$t]}" \
			>"$TMPD/$fx-$t.json" 2>"$TMPD/$fx-$t.err"
		is "$?" 0 "$fx: query of $t exits 0"
		same_json "$TMPD/$fx-$t.json" "$SRCDIR/tests/expected/$fx/$t.json" \
			"$fx: $t rows are the expected ones"
	done
done

# Secrets stay in the parsers: no hash, salt or key blob is ever printed.
for fx in weak hardened; do
	is "$(grep -c '\$' "$TMPD/$fx-shadow.json")" 0 "$fx: shadow prints no hash"
	is "$(grep -c 'AAAA' "$TMPD/$fx-authorized_keys.json")" 0 \
		"$fx: authorized_keys prints no key material"
done

# The escape tree: nothing from outside the root, whatever the links say.
is "$(cat "$TMPD"/escape-*.json "$TMPD"/escape-*.err | grep -c OUTSIDE)" 0 \
	"escape: no row and no message comes from a file outside the root"
"$ECGUARD" query --warnings --root "$SRCDIR/tests/fixtures/escape" \
	"SELECT (SELECT count(*) FROM shadow), (SELECT count(*) FROM groups), (SELECT count(*) FROM login_defs)" \
	>"$TMPD/o" 2>"$TMPD/e"
is "$(cat "$TMPD/o" | tail -1 | tr -s ' ')" "0 0 0" \
	"escape: shadow, group and login.defs linked to the host's files give no rows"
contains "$(cat "$TMPD/e")" "/etc/shadow: cannot read: /etc/shadow: Too many levels of symbolic links" \
	"escape: the shadow link is reported, not followed out of the root"
"$ECGUARD" query --warnings --root "$SRCDIR/tests/fixtures/escape" \
	"SELECT count(*) FROM sudoers" >"$TMPD/o" 2>"$TMPD/e"
contains "$(cat "$TMPD/e")" "/etc/sudoers:3: include cycle: the file is already being read; skipped" \
	"escape: an include climbing out of the root lands on the root's own file"

# Warnings name the file and line of a malformed entry.
mkdir -p "$TMPD/bad/etc/ssh"
printf 'ok:x:1:1::/:/bin/sh\nbroken:x:one:1::/:/bin/sh\n' >"$TMPD/bad/etc/passwd"
printf 'Port 22\nBanner "unterminated\n' >"$TMPD/bad/etc/ssh/sshd_config"
"$ECGUARD" query --warnings --root "$TMPD/bad" --format csv \
	"SELECT name FROM users" >"$TMPD/o" 2>"$TMPD/e"
is "$(tr -d '\r' <"$TMPD/o")" "name
ok" "a passwd line with a bad uid is skipped"
contains "$(cat "$TMPD/e")" "/etc/passwd:2: uid or gid is not a number" \
	"the skipped passwd line is reported with its line"
"$ECGUARD" query --warnings --root "$TMPD/bad" --format csv \
	"SELECT value, line FROM sshd_config WHERE keyword = 'port'" >"$TMPD/o" 2>"$TMPD/e"
is "$(tr -d '\r' <"$TMPD/o")" "value,line
22,1" "sshd_config rows of a file with a broken line"
contains "$(cat "$TMPD/e")" "/etc/ssh/sshd_config:2: unterminated quote" \
	"the broken sshd_config line is reported with its line"

# The tables and their fixed columns, as checks rely on them.
run tables --format json
is "$rc" 0 "tables --format json exits 0"
json_eq "$out" 'sorted([t["name"], [c["name"] for c in t["columns"]]] for t in j if t["name"] in ("users","groups","shadow","sshd_config","login_defs","sudoers","pam","authorized_keys"))' \
	'[["authorized_keys", ["user", "type", "bits", "options", "comment"]], ["groups", ["name", "gid", "members"]], ["login_defs", ["key", "value"]], ["pam", ["service", "type", "control", "module", "args"]], ["shadow", ["name", "password_status", "hash_algorithm", "last_change", "min_days", "max_days", "warn_days", "inactive_days", "expire"]], ["sshd_config", ["keyword", "value", "file", "line"]], ["sudoers", ["file", "line", "principal", "hosts", "runas", "commands", "nopasswd"]], ["users", ["name", "uid", "gid", "gecos", "home", "shell"]]]' \
	"tables: the accounts tables with their fixed columns"

done_testing
