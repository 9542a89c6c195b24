#!/bin/bash
# CLI tests: the "web" probe tables (file, file_hash, nginx_config,
# apache_config, php_ini, certificates, docroot_files, ssl_files) through
# `ecguard query` on the weak, hardened and escape fixtures, against
# reviewed expected rows in tests/expected/FIXTURE/TABLE.json; then what the
# escape rows prove about confinement, and modes, owners and special files
# on trees built here.
#
# git keeps no file modes (only the x bit) and no ".git" folder, so the
# fixtures are copied and prepared first: every directory 0755 and file 0644,
# then the modes and files listed in prepare() (the expected files assume
# them). mtime, uid, gid, owner and group depend on the checkout and are not
# compared on fixtures; the trees built at the end check them exactly.
# EG_REGEN=1 rewrites the expected files from the current output (review
# every row before committing them).
. "$SRCDIR/tests/cli/lib.sh"

EXP="$SRCDIR/tests/expected"
FX="$TMPD/fx"
mkdir -p "$FX"
for d in weak hardened escape escape-outside; do
	cp -a "$SRCDIR/tests/fixtures/$d" "$FX/$d"
done

prepare() {
	find "$FX" -type d -exec chmod 0755 {} +
	find "$FX" -type f -exec chmod 0644 {} +
	# weak: a world-writable upload folder with a world-writable script,
	# a repository left in the docroot, a readable private key.
	mkdir -p "$FX/weak/var/www/shop/.git"
	printf 'ref: refs/heads/main\n' >"$FX/weak/var/www/shop/.git/HEAD"
	chmod 0777 "$FX/weak/var/www/shop/uploads"
	chmod 0666 "$FX/weak/var/www/shop/uploads/shell.php"
	# hardened: keys readable by their owner only, a private folder.
	chmod 0710 "$FX/hardened/etc/ssl/private"
	chmod 0600 "$FX/hardened/etc/letsencrypt/archive/shop.example.jp/privkey1.pem"
	chmod 0640 "$FX/hardened/etc/ssl/private/intranet.key"
}
prepare

# The SELECT of each table: everything that does not depend on the checkout,
# in a stable order. Directory sizes depend on the file system.
query_of() {
	local sz="CASE WHEN type = 'directory' THEN NULL ELSE size END AS size"
	local fcols="path, type, mode, $sz, symlink_target"
	case $1 in
	file)
		echo "SELECT $fcols FROM file WHERE path GLOB '/etc/nginx/**'
		      UNION ALL SELECT $fcols FROM file WHERE path GLOB '/etc/ssl/**'
		      UNION ALL SELECT $fcols FROM file WHERE path GLOB '/var/www/**'
		      UNION ALL SELECT $fcols FROM file WHERE path IN
		        ('/srv/site', 'etc/apache2', '/no/such/file', '/')
		      ORDER BY path" ;;
	file_hash)
		echo "SELECT path, sha256 FROM file_hash WHERE path GLOB '/etc/nginx/**'
		        AND path <> '/etc/nginx/conf.d/passwd.conf'
		      UNION ALL SELECT path, sha256 FROM file_hash WHERE path GLOB '/etc/apache2/**'
		      UNION ALL SELECT path, sha256 FROM file_hash WHERE path GLOB '/etc/php/**'
		      UNION ALL SELECT path, sha256 FROM file_hash WHERE path GLOB '/var/www/**'
		      ORDER BY path" ;;
	nginx_config | apache_config)
		echo "SELECT file, line, context, directive, args FROM $1
		      ORDER BY file, line, directive, args" ;;
	php_ini) echo "SELECT file, key, value FROM php_ini ORDER BY file, key, value" ;;
	certificates) echo "SELECT * FROM certificates ORDER BY path, subject" ;;
	docroot_files)
		echo "SELECT docroot, path, type, mode, $sz FROM docroot_files
		      ORDER BY path" ;;
	ssl_files) echo "SELECT path, kind, mode, encrypted FROM ssl_files ORDER BY path" ;;
	esac
}

# same_json GOT_FILE WANT_FILE DESC: equal as parsed JSON (rows in order,
# every value with its type); on a difference, the first differing row.
same_json() {
	local diag
	if diag=$(python3 - "$1" "$2" <<'PY' 2>&1
import json, sys
got = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[2]))
if got == want:
    sys.exit(0)
print("got %d rows, want %d" % (len(got), len(want)))
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        print("row %d got:  %s" % (i, json.dumps(g, ensure_ascii=False)))
        print("row %d want: %s" % (i, json.dumps(w, ensure_ascii=False)))
        break
else:
    extra = got[len(want):] or want[len(got):]
    print("first extra row: %s" % json.dumps(extra[0], ensure_ascii=False))
sys.exit(1)
PY
	); then _report ok "$3"; else _report fail "$3" "$diag"; fi
}

TABLES="file file_hash nginx_config apache_config php_ini certificates docroot_files ssl_files"
for fx in weak hardened escape; do
	for t in $TABLES; do
		"$ECGUARD" query --root "$FX/$fx" --format json "$(query_of "$t")" \
			>"$TMPD/$fx-$t.json" 2>"$TMPD/$fx-$t.err"
		rc=$?
		is "$rc" 0 "$fx: $t exits 0"
		if [ "${EG_REGEN:-}" = 1 ]; then
			mkdir -p "$EXP/$fx"
			cp "$TMPD/$fx-$t.json" "$EXP/$fx/$t.json"
		fi
		same_json "$TMPD/$fx-$t.json" "$EXP/$fx/$t.json" "$fx: $t rows as expected"
	done
done

# ---- escape: nothing outside the root was read ----------------------------
# Every link in the escape tree leads out of it when followed naively: onto
# tests/fixtures/escape-outside (text marked OUTSIDE) or onto host files.
all=$(cat "$TMPD"/escape-*.json)
not_contains "$all" "OUTSIDE" "escape: no row holds text from outside the root"
contains "$(cat "$TMPD/escape-nginx_config.json")" '"args": "inside_the_root"' \
	"escape: the nginx include link was read inside the root"
contains "$(cat "$TMPD/escape-php_ini.json")" '"value": "inside_the_root"' \
	"escape: the php.ini link was read inside the root"
contains "$(cat "$TMPD/escape-certificates.json")" 'CN=inside.escape.test' \
	"escape: the certificate link was read inside the root"
inside=$(sha256sum "$FX/escape/escape-outside/secret.conf" | cut -d' ' -f1)
json_eq "$(cat "$TMPD/escape-file_hash.json")" \
	'[r["sha256"] for r in j if r["path"] == "/etc/nginx/conf.d/up.conf"][0]' \
	"$inside" "escape: file_hash follows a link inside the root only"
# passwd.conf -> /etc/passwd names the root's own /etc/passwd (itself a
# link of the accounts tests that leaves the tree when followed naively):
# the same digest as the root's /etc/passwd, not the host's nor the naive one.
run query --root "$FX/escape" --format json \
	"SELECT path, sha256 FROM file_hash WHERE path IN ('/etc/nginx/conf.d/passwd.conf', '/etc/passwd')"
host=$(sha256sum /etc/passwd | cut -d' ' -f1)
naive=$(sha256sum "$FX/escape/etc/passwd" | cut -d' ' -f1)
json_eq "$out" "len(j) == 2 and j[0]['sha256'] == j[1]['sha256'] and j[0]['sha256'] not in ('$host', '$naive')" \
	true "escape: an absolute link to /etc/passwd is the root's /etc/passwd"
json_eq "$(cat "$TMPD/escape-docroot_files.json")" \
	'[r["path"] for r in j if r["docroot"] == "/srv/site"]' \
	'["/srv/site/index.html"]' "escape: a web root linked outside is walked inside"
json_eq "$(cat "$TMPD/escape-docroot_files.json")" \
	'[(r["path"], r["type"]) for r in j if r["docroot"] == "/var/www"]' \
	'[["/var/www/html", "symlink"], ["/var/www/index.html", "file"], ["/var/www/loop", "symlink"]]' \
	"escape: links to / and to itself under a web root are listed, not walked"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM nginx_config" \
	>/dev/null 2>"$TMPD/w"
contains "$(cat "$TMPD/w")" "/etc/nginx/nginx.conf:7: include cycle: /etc/nginx/nginx.conf is already being read; not read again" \
	"escape: a self-include is stopped with a warning"
"$ECGUARD" query --warnings --root "$FX/escape" "SELECT * FROM ssl_files" \
	>/dev/null 2>"$TMPD/w"
contains "$(cat "$TMPD/w")" "/etc/ssl/private/key.pem: a link to a file that does not exist" \
	"escape: a key link to the host's snakeoil key finds nothing in the root"

# ---- required arguments and GLOB ------------------------------------------
run query --root "$FX/weak" "SELECT * FROM file"
is "$rc" 2 "file without a path constraint is a usage error"
contains "$err" "file needs path = or path GLOB" "the error says what to add"
run query --root "$FX/weak" --format json \
	"SELECT path FROM file WHERE path GLOB '/etc/ssl/private/*.key' ORDER BY path"
json_eq "$out" '[r["path"] for r in j]' \
	'["/etc/ssl/private/old-encrypted.key", "/etc/ssl/private/shop.key"]' \
	"GLOB expands one path component"
run query --root "$FX/weak" --format json \
	"SELECT path FROM file WHERE path GLOB '/var/www/*/.*' ORDER BY path"
json_eq "$out" '[r["path"] for r in j]' \
	'["/var/www/shop/.env", "/var/www/shop/.git"]' "GLOB wildcards match dot files (as SQLite's GLOB)"
run query --root "$FX/weak" --format json \
	"SELECT f.path, f.mode FROM docroot_files d JOIN file f ON f.path = d.path WHERE d.path LIKE '%.php' ORDER BY 1"
json_eq "$out" '[(r["path"], r["mode"]) for r in j]' \
	'[["/var/www/shop/index.php", "0644"], ["/var/www/shop/phpinfo.php", "0644"], ["/var/www/shop/uploads/shell.php", "0666"]]' \
	"file joins on docroot_files paths"
run query --root "$FX/hardened" --format json \
	"SELECT path, subject FROM certificates WHERE path = '/etc/letsencrypt/live/shop.example.jp/chain.pem'"
json_eq "$out" '[(r["path"], r["subject"]) for r in j]' \
	'[["/etc/letsencrypt/live/shop.example.jp/chain.pem", "CN=ecguard Test CA,O=ecguard tests,C=JP"]]' \
	"certificates WHERE path = reads exactly that file"
run query --root "$FX/weak" --format json \
	"SELECT count(*) AS n FROM certificates WHERE path GLOB '/usr/share/ca-certificates/**'"
json_eq "$out" 'j[0]["n"]' 1 "certificates WHERE path GLOB reads the trust store on request"

# ---- modes, owners and special files on a tree built here ------------------
T="$TMPD/modes"
mkdir -p "$T/etc/ssl/private" "$T/var/www/site/upload" "$T/var/www/site/cache"
printf 'tester:x:%s:%s::/home/tester:/bin/sh\n' "$(id -u)" "$(id -g)" >"$T/etc/passwd"
printf 'testers:x:%s:\n' "$(id -g)" >"$T/etc/group"
printf '<html></html>\n' >"$T/var/www/site/index.html"
printf '<?php\n' >"$T/var/www/site/upload/x.php"
printf '#!/bin/sh\n' >"$T/var/www/site/tool"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIE\n' >"$T/etc/ssl/private/open.key"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIE\n' >"$T/etc/ssl/private/good.key"
printf -- '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n' >"$T/etc/ssl/private/enc.key"
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n' >"$T/etc/ssl/private/cert.pem"
printf 'not pem\n' >"$T/etc/ssl/private/notes.txt"
printf -- '-----BEGIN EC PRIVATE KEY-----\nMHcC\n' >"$T/etc/ssl/private/.old.key"
mkfifo "$T/etc/ssl/private/fifo.key"
ln -s open.key "$T/etc/ssl/private/link.key"
chmod 0755 "$T/var/www/site" "$T/var/www/site/cache"
chmod 0644 "$T/var/www/site/index.html" "$T/etc/ssl/private/cert.pem" "$T/etc/ssl/private/notes.txt"
chmod 0777 "$T/var/www/site/upload"
chmod 0666 "$T/var/www/site/upload/x.php"
chmod 4755 "$T/var/www/site/tool"
chmod 1777 "$T/var/www/site/cache"
chmod 0700 "$T/etc/ssl/private"
chmod 0644 "$T/etc/ssl/private/open.key" "$T/etc/ssl/private/.old.key"
chmod 0600 "$T/etc/ssl/private/good.key" "$T/etc/ssl/private/fifo.key"
chmod 0640 "$T/etc/ssl/private/enc.key"

run query --root "$T" --format json \
	"SELECT path, type, mode, owner, \"group\", symlink_target FROM file
	 WHERE path IN ('/var/www/site/tool', '/var/www/site/cache',
	  '/var/www/site/upload', '/etc/ssl/private/fifo.key',
	  '/etc/ssl/private/link.key', '/etc/ssl/private') ORDER BY path"
json_eq "$out" '[list(r.values()) for r in j]' \
	'[["/etc/ssl/private", "directory", "0700", "tester", "testers", null], ["/etc/ssl/private/fifo.key", "fifo", "0600", "tester", "testers", null], ["/etc/ssl/private/link.key", "symlink", "0777", "tester", "testers", "open.key"], ["/var/www/site/cache", "directory", "1777", "tester", "testers", null], ["/var/www/site/tool", "file", "4755", "tester", "testers", null], ["/var/www/site/upload", "directory", "0777", "tester", "testers", null]]' \
	"file: types, setuid/sticky modes, owner and group names from the root's passwd/group"
run query --root "$T" --format json "SELECT uid, gid, size, mtime FROM file WHERE path = '/var/www/site/index.html'"
json_eq "$out" '[j[0]["uid"], j[0]["gid"], j[0]["size"], j[0]["mtime"]]' \
	"[$(id -u), $(id -g), 14, $(stat -c %Y "$T/var/www/site/index.html")]" \
	"file: uid, gid, size and mtime"
run query --root "$T" --format json \
	"SELECT path, type, mode FROM docroot_files ORDER BY path"
json_eq "$out" '[list(r.values()) for r in j]' \
	'[["/var/www/site", "directory", "0755"], ["/var/www/site/cache", "directory", "1777"], ["/var/www/site/index.html", "file", "0644"], ["/var/www/site/tool", "file", "4755"], ["/var/www/site/upload", "directory", "0777"], ["/var/www/site/upload/x.php", "file", "0666"]]' \
	"docroot_files: /var/www walked with modes (world-writable entries visible)"
run query --root "$T" --format json \
	"SELECT path, kind, mode, owner, encrypted FROM ssl_files ORDER BY path"
json_eq "$out" '[list(r.values()) for r in j]' \
	'[["/etc/ssl/private/.old.key", "private_key", "0644", "tester", 0], ["/etc/ssl/private/cert.pem", "certificate", "0644", "tester", null], ["/etc/ssl/private/enc.key", "private_key", "0640", "tester", 1], ["/etc/ssl/private/good.key", "private_key", "0600", "tester", 0], ["/etc/ssl/private/link.key", "private_key", "0644", "tester", 0], ["/etc/ssl/private/notes.txt", "other", "0644", "tester", null], ["/etc/ssl/private/open.key", "private_key", "0644", "tester", 0]]' \
	"ssl_files: kinds (dot files too), modes of what links name, a FIFO skipped without blocking"
not_contains "$out" "MIIE" "ssl_files: no key material in the output"

# Owners unknown to the audited system are NULL, not the running host's.
printf 'someone:x:%s:0::/:/bin/sh\n' "$(( $(id -u) + 1 ))" >"$T/etc/passwd"
: >"$T/etc/group"
run query --root "$T" --format json "SELECT owner, \"group\" FROM file WHERE path = '/var/www/site/tool'"
json_eq "$out" 'list(j[0].values())' '[null, null]' "file: owner and group NULL when the root has no such ids"

# A file over the hashing limit (sparse: no disk used) gets a NULL hash and
# a warning; a FIFO gets no row and does not block.
truncate -s 1073741825 "$T/var/www/site/big.iso"
run query --warnings --root "$T" --format json \
	"SELECT path, sha256 FROM file_hash WHERE path IN ('/var/www/site/big.iso', '/etc/ssl/private/fifo.key', '/var/www/site/index.html') ORDER BY path"
json_eq "$out" '[list(r.values()) for r in j]' \
	"[[\"/var/www/site/big.iso\", null], [\"/var/www/site/index.html\", \"$(sha256sum "$T/var/www/site/index.html" | cut -d' ' -f1)\"]]" \
	"file_hash: NULL over the limit, none for a FIFO, the digest otherwise"
contains "$err" "/var/www/site/big.iso: larger than 1073741824 bytes, not hashed" \
	"file_hash: the skipped file is a warning"
rm -f "$T/var/www/site/big.iso"

# A docroot deeper than the walk limit: listed up to it, with a warning.
deep="$T/var/www/site/d"
for i in $(seq 1 70); do deep="$deep/d"; done
mkdir -p "$deep"
run query --warnings --root "$T" --format json \
	"SELECT count(*) AS n FROM docroot_files WHERE path LIKE '/var/www/site/d%'"
json_eq "$out" 'j[0]["n"]' 64 "docroot_files: the walk stops at its depth limit"
contains "$err" "deeper than 64 levels; not descended" "docroot_files: the depth limit is a warning"

done_testing
