#!/bin/bash
# CLI tests: `ecguard web` against real nginx sites on loopback (a leaky
# one: .git, .env, a dump, a phpinfo page, a listing, no headers, a cookie
# without flags, a version banner, no HTTP->HTTPS redirect; and a good one:
# every header, a redirect, security.txt, and a "not found" page answered
# with 200 for every path, which must give no path finding), and against
# peers of tests/cli/http_peer.py (TRACE and CORS, and hostile ones: endless
# headers, a slow drip, a redirect loop, a gzip bomb, a huge length, a
# malformed status line), each of which must end in a clean finding or
# error. Only 127.0.0.1 is ever contacted: the site names (*.test) are
# mapped there with --resolve.
. "$SRCDIR/tests/cli/lib.sh"

if [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1; then
	echo "1..0 # SKIP nginx (Debian's nginx-light) or openssl not installed"
	exit 0
fi

. "$SRCDIR/tests/cli/tls_servers.sh"
PEERS=""
cleanup() {
	tls_stop_nginx
	for p in $PEERS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT

start_peer() { # MODE: starts http_peer.py, sets $peer_port
	python3 "$SRCDIR/tests/cli/http_peer.py" "$1" "$TMPD/port.$1" &
	PEERS="$PEERS $!"
	local i
	for i in $(seq 1 600); do
		[ -s "$TMPD/port.$1" ] && break
		sleep 0.05
	done
	peer_port=$(cat "$TMPD/port.$1")
}

# Sorted "id=severity" of the findings in the JSON in $1.
ids() {
	printf '%s' "$1" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(" ".join(sorted(set(f["id"] + "=" + f["severity"] for f in j["findings"]))))'
}

# The document roots.
SECRET=s3cr3t-Value-That-Must-Not-Leak
make_sites() {
	local l=$TMPD/leaky g=$TMPD/good
	mkdir -p "$l/.git" "$l/uploads" "$l/admin" "$g/admin" "$g/manage" "$g/.well-known"
	# nginx's workers may run as another user (nobody, when the tests run
	# as root): the roots must be readable by anyone
	chmod 755 "$TMPD"
	printf 'ref: refs/heads/main\n' >"$l/.git/HEAD"
	printf '[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = https://deploy:%s@git.example/shop.git\n' "$SECRET" >"$l/.git/config"
	printf 'APP_ENV=prod\nAPP_KEY=%s\nDB_PASSWORD=%s\nDATABASE_URL=mysql://u:%s@db/shop\n' "$SECRET" "$SECRET" "$SECRET" >"$l/.env"
	printf -- '-- MySQL dump 10.13\nCREATE TABLE `dtb_customer` (`password` varchar(255));\nINSERT INTO dtb_customer VALUES ("%s");\n' "$SECRET" >"$l/backup.sql"
	printf '<html><body><h1>PHP Version 8.2.7</h1><table><tr><td>System</td></tr></table></body></html>\n' >"$l/phpinfo.php"
	printf 'a' >"$l/uploads/a.jpg"
	printf '<html><body>shop</body></html>\n' >"$l/index.html"
	printf '<html><body><h1>Dashboard</h1><a href="/admin/orders">orders</a></body></html>\n' >"$l/admin/index.html"
	printf '<html><body>good shop</body></html>\n' >"$g/index.html"
	printf '<html><body><h1>Page not found</h1><form action="/search"><input name="q"></form><p>Need to setup or install something? Contact us.</p></body></html>\n' >"$g/notfound.html"
	printf '<html><body><form method="post"><input name="login_id"><input type="password" name="password"></form></body></html>\n' >"$g/manage/index.html"
	printf 'Contact: mailto:security@good.test\nExpires: 2099-12-31T23:59:59Z\n' >"$g/.well-known/security.txt"
	chmod -R a+rX "$l" "$g"
}

start_sites() {
	local d=$TMPD/nginx p=$TMPD/pki try
	mkdir -p "$d/tmp" || return 1
	for try in 1 2 3; do
		read -r LH LS GH GS <<<"$(tls_free_port 4)"
		cat >"$d/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 512; }
http {
	access_log off;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	# leaky: same files over http and https, no redirect, no headers
	server {
		listen 127.0.0.1:$LH;
		listen 127.0.0.1:$LS ssl;
		ssl_certificate $p/good.pem;
		ssl_certificate_key $p/good.key;
		server_tokens on;
		root $TMPD/leaky;
		add_header Set-Cookie "PHPSESSID=abc123; Path=/";
		location /uploads/ { autoindex on; }
	}
	# good: every header, a redirect from http, 200 "not found" pages
	server {
		listen 127.0.0.1:$GH;
		return 301 https://good.test:$GS\$request_uri;
	}
	server {
		listen 127.0.0.1:$GS ssl;
		ssl_certificate $p/good.pem;
		ssl_certificate_key $p/good.key;
		server_tokens off;
		root $TMPD/good;
		add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
		add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
		add_header X-Content-Type-Options nosniff always;
		add_header Referrer-Policy strict-origin-when-cross-origin always;
		add_header Permissions-Policy "camera=(), geolocation=(), payment=(self)" always;
		add_header Set-Cookie "ECSESSID=xyz; Path=/; Secure; HttpOnly; SameSite=Lax" always;
		location /admin/ { return 403; }
		location / { try_files \$uri \$uri/index.html /notfound.html; }
	}
}
CONF
		/usr/sbin/nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
			>"$d/stdout" 2>&1 &
		NGINX_PID=$!
		local i
		for i in $(seq 1 100); do
			if python3 - "$LH" "$LS" "$GH" "$GS" <<'PY' 2>/dev/null; then
import socket, sys
for p in sys.argv[1:]:
    socket.create_connection(("127.0.0.1", int(p)), timeout=0.2).close()
PY
				return 0
			fi
			kill -0 "$NGINX_PID" 2>/dev/null || break
			sleep 0.05
		done
		tls_stop_nginx
	done
	cat "$d/error.log" >&2
	return 1
}

# --- usage ---------------------------------------------------------------
run web --help
is "$rc" 0 "--help exits 0"
contains "$out" "Usage: ecguard web URL..." "--help shows the usage"
run --lang ja web --help
contains "$out" "ecguard web URL..." "Japanese --help keeps the synopsis"
run web
is "$rc" 2 "no URL is a usage error"
run web ftp://x.test/
is "$rc" 2 "an ftp URL is refused"
contains "$err" "only http and https" "the refusal says which schemes work"
run web --resolve nonsense http://x.test/
is "$rc" 2 "a bad --resolve is a usage error"
run web --resolve x.test:80:not-an-ip http://x.test/
is "$rc" 2 "--resolve needs an IP address"
run web --timeout 0 http://127.0.0.1:1/
is "$rc" 2 "--timeout 0 is refused"
port=$(tls_free_port)
run web --timeout 2000 "http://127.0.0.1:$port/"
is "$rc" 2 "a closed port: exit 2"
contains "$err" "cannot connect" "a closed port: the error says so"

tls_make_pki || { echo "Bail out! cannot make the test PKI"; exit 1; }
make_sites
start_sites || { echo "Bail out! nginx did not start"; exit 1; }
R=(--resolve "leaky.test:*:127.0.0.1" --resolve "good.test:*:127.0.0.1")

# --- the leaky site ------------------------------------------------------
run web "${R[@]}" --http-port "$LH" --admin /admin/ --format json \
	"https://leaky.test:$LS/"
is "$rc" 1 "leaky site: exit 1"
leaky=$out
is "$(ids "$leaky")" "web.admin_no_auth=high web.cookie_no_samesite=low web.cookie_not_httponly=medium web.cookie_not_secure=medium web.csp_missing=medium web.directory_listing=medium web.env_exposed=critical web.framing_allowed=medium web.git_exposed=high web.hsts_missing=medium web.http_no_redirect=medium web.permissions_policy_missing=low web.phpinfo_exposed=high web.referrer_policy_missing=low web.security_txt_missing=low web.server_banner=low web.sql_dump_exposed=critical web.xcto_missing=low" \
	"leaky site: exactly the expected finding ids"
json_eq "$leaky" 'sorted(p["path"] for p in j["paths"] if p["exposed"])' \
	'["/.env", "/.git/HEAD", "/.git/config", "/backup.sql", "/phpinfo.php", "/uploads/"]' \
	"leaky site: exactly the exposed paths, confirmed by content"
json_eq "$leaky" '[f["severity"] for f in j["findings"]][0]' "critical" \
	"leaky site: most severe finding first"
json_eq "$leaky" '[f["url"] for f in j["findings"] if f["id"] == "web.env_exposed"]' \
	"[\"https://leaky.test:$LS/.env\"]" "leaky site: the .env finding names its URL"
json_eq "$leaky" '[p["evidence"] for p in j["paths"] if p["path"] == "/.env"][0]' \
	"4 KEY=VALUE lines, keys APP_ENV, APP_KEY, DB_PASSWORD, DATABASE_URL (values hidden)" \
	"leaky site: .env evidence lists key names only"
not_contains "$leaky" "$SECRET" "leaky site: no secret value in the JSON"
json_eq "$leaky" 'j["headers"]["server"]' "nginx/1.22.1" \
	"leaky site: headers of the main response"
json_eq "$leaky" '[(c["name"], c["secure"], c["httponly"], c["samesite"], c["session"]) for c in j["cookies"]]' \
	'[["PHPSESSID", false, false, null, true]]' "leaky site: the cookie and its flags"
not_contains "$leaky" "abc123" "leaky site: no cookie value in the JSON"
json_eq "$leaky" '[r["tls_verified"] for r in j["responses"] if r["purpose"] == "main"]' \
	"[false]" "leaky site: the test CA is not trusted, and that is recorded"
run web "${R[@]}" --http-port "$LH" "https://leaky.test:$LS/"
is "$rc" 1 "leaky site, text: exit 1"
contains "$out" "web.env_exposed" "leaky site, text: lists the .env finding"
not_contains "$out" "$SECRET" "leaky site, text: no secret value"
run --lang ja web "${R[@]}" --http-port "$LH" "https://leaky.test:$LS/"
not_contains "$out" "$SECRET" "leaky site, Japanese: no secret value"

# --- the good site -------------------------------------------------------
run web "${R[@]}" --http-port "$GH" --format json "https://good.test:$GS/"
is "$rc" 0 "good site: exit 0"
good=$out
is "$(ids "$good")" "" "good site: no findings"
json_eq "$good" '[p["path"] for p in j["paths"] if p["exposed"]]' "[]" \
	"good site: 200 'not found' pages give no path finding"
json_eq "$good" '[p["path"] for p in j["paths"] if p["status"] == 200 and not p["soft_404"]]' "[]" \
	"good site: every 200 answer was recognised as the not-found page"
json_eq "$good" '[(c["name"], c["secure"], c["httponly"], c["samesite"]) for c in j["cookies"]]' \
	'[["ECSESSID", true, true, "Lax"]]' "good site: the cookie and its flags"
json_eq "$good" '[r["status"] for r in j["responses"] if r["purpose"] == "http"]' \
	"[301]" "good site: plain HTTP redirects"
run web "${R[@]}" --http-port "$GH" --admin /admin/ --admin "https://good.test:$GS/manage/" \
	--format json "https://good.test:$GS/"
is "$rc" 1 "good site with admin screens: exit 1"
is "$(ids "$out")" "web.admin_reachable=low" \
	"good site: a 403 admin is fine, a login form reachable from here is low"
# an http URL that redirects to https is judged on the https page
run web "${R[@]}" --http-port "$GH" --format json "http://good.test:$GH/"
is "$(ids "$out")" "" "good site by http://: redirect followed, no findings"
json_eq "$out" 'j["final_url"]' "https://good.test:$GS/" "good site by http://: final URL"

# --- TRACE and CORS ------------------------------------------------------
start_peer trace_cors
run web --format json "http://127.0.0.1:$peer_port/"
is "$rc" 1 "trace/cors peer: exit 1"
is "$(ids "$out")" "web.cors_reflected_credentials=high web.csp_missing=medium web.framing_allowed=medium web.no_https=high web.permissions_policy_missing=low web.referrer_policy_missing=low web.security_txt_missing=low web.trace_enabled=medium web.xcto_missing=low" \
	"trace/cors peer: exactly the expected finding ids"

# --- hostile peers: each ends cleanly, within the time limit --------------
# timed_run SECONDS ARGS...: run, but a hang past SECONDS fails (rc 124)
timed_run() {
	local limit=$1
	shift
	timeout "$limit" "$ECGUARD" "$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	out=$(cat "$TMPD/out")
	err=$(cat "$TMPD/err")
}
start_peer endless_headers
timed_run 60 web --timeout 3000 "http://127.0.0.1:$peer_port/"
is "$rc" 2 "endless headers: exit 2"
contains "$err" "more than 500 header lines" "endless headers: the error names the limit"
start_peer slow_drip
timed_run 60 web --timeout 1500 "http://127.0.0.1:$peer_port/"
is "$rc" 2 "slow drip: exit 2 at the deadline"
contains "$err" "time limit" "slow drip: the error says it timed out"
start_peer malformed
timed_run 60 web --timeout 3000 "http://127.0.0.1:$peer_port/"
is "$rc" 2 "malformed status line: exit 2"
contains "$err" "status" "malformed status line: the error says what"
start_peer redirect_loop
timed_run 60 web --timeout 3000 --format json "http://127.0.0.1:$peer_port/a"
is "$rc" 1 "redirect loop: exit 1"
json_eq "$out" '[f["severity"] for f in j["findings"] if f["id"] == "web.redirect_loop"]' \
	'["medium"]' "redirect loop: web.redirect_loop"
json_eq "$out" 'len([r for r in j["responses"] if r["purpose"] == "main"])' "2" \
	"redirect loop: stopped when the URL came round again"
start_peer gzip_bomb
timed_run 120 web --timeout 10000 --format json "http://127.0.0.1:$peer_port/"
is "$rc" 1 "gzip bomb: exit 1 (a page without headers)"
json_eq "$out" '[(r["body_length"], r["body_truncated"]) for r in j["responses"] if r["purpose"] == "main"]' \
	"[[4194304, true]]" "gzip bomb: the body is cut at the cap"
start_peer huge_length
timed_run 120 web --timeout 10000 --format json "http://127.0.0.1:$peer_port/"
is "$rc" 1 "huge Content-Length: exit 1"
json_eq "$out" '[(r["body_length"], r["body_truncated"]) for r in j["responses"] if r["purpose"] == "main"]' \
	"[[4194304, true]]" "huge Content-Length: the body is cut at the cap"

# --- leftovers of an EC-CUBE 2 shop on plain HTTP --------------------------
# Every other confirmed-path check, each with its content marker, beside a
# near miss that must not count (an HTML page at a backup name, a zip name
# serving text, an install page without a form).
tls_stop_nginx
X=$TMPD/leftovers
mkdir -p "$X/.svn" "$X/install" "$X/setup" "$X/vendor/composer" "$X/data/config" \
	"$X/var/log" "$X/.well-known"
printf '12\n' >"$X/.svn/entries"
printf 'SQLite format 3\0rest' >"$X/.svn/wc.db"
printf '<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteRule ^ index.php [L]\n</IfModule>\n' >"$X/.htaccess"
printf 'PK\003\004\024\000\000\000' >"$X/backup.zip"
printf 'not a zip\n' >"$X/site.zip"
printf '<?php\ndefine("DB_PASSWORD", "x");\n' >"$X/wp-config.php.bak"
printf '<html><body>old index</body></html>\n' >"$X/index.php.bak"
printf '<html><body><form method="post"><h1>EC-CUBE インストール</h1><input name="db"></form></body></html>\n' >"$X/install/index.html"
printf '<html><body><h1>Setup finished</h1></body></html>\n' >"$X/setup/index.html"
printf '{"packages": [{"name": "symfony/http-kernel", "version": "v5.4.0"}]}\n' >"$X/vendor/composer/installed.json"
printf '{"require": {"php": ">=7.4"}}\n' >"$X/composer.json"
printf '<?php\ndefine("DB_PASSWORD", "x");\n' >"$X/data/config/config.php"
printf 'Contact: mailto:security@leftovers.test\nExpires: 2020-01-01T00:00:00Z\n' >"$X/.well-known/security.txt"
printf 'Active connections: 1 \nserver accepts handled requests\n' >"$X/nginx_status"
printf '<html><body>shop</body></html>\n' >"$X/index.html"
chmod -R a+rX "$X"
if tls_start_http_nginx "$X" "server_tokens off;
		location /data/ { autoindex on; }
		location /var/log/ { autoindex on; }
		location = /nginx_status { default_type text/plain; }"; then
	run web --no-page --format json "http://127.0.0.1:$HTTP_PORT/"
	is "$rc" 1 "leftovers: exit 1"
	json_eq "$out" 'sorted(p["path"] for p in j["paths"] if p["exposed"])' \
		'["/.htaccess", "/.svn/entries", "/.svn/wc.db", "/backup.zip", "/composer.json", "/data/", "/data/config/config.php", "/install/", "/nginx_status", "/var/log/", "/vendor/composer/installed.json", "/wp-config.php.bak"]' \
		"leftovers: exactly the exposed paths (not the HTML backup, the text zip, the setup page without a form)"
	json_eq "$out" 'sorted(set(f["id"] + "=" + f["severity"] for f in j["findings"] if f["id"].endswith("_exposed") or f["id"].startswith("web.security_txt")))' \
		'["web.archive_exposed=high", "web.eccube_data_exposed=critical", "web.framework_file_exposed=low", "web.framework_file_exposed=medium", "web.htaccess_exposed=medium", "web.installer_exposed=high", "web.private_dir_exposed=high", "web.security_txt_expired=low", "web.server_status_exposed=medium", "web.source_backup_exposed=high", "web.svn_exposed=high"]' \
		"leftovers: each confirmed path gives its finding, and an expired security.txt is reported"
	not_contains "$out" 'DB_PASSWORD", "x' "leftovers: no source text in the JSON"
	tls_stop_nginx
else
	skip_case "leftovers site" "nginx does not start"
fi

done_testing
