#!/bin/bash
# CLI tests: the spec_* tables through `ecguard query --spec`: each section
# of the shipped examples as rows, the embedded default when no spec is
# given, resolved cadences, waivers against a fixed clock, completeness as
# `spec check` shows it, and an invalid spec refused.
. "$SRCDIR/tests/cli/lib.sh"

ONE="$SRCDIR/examples/single-server-ec-cube.yaml"
THREE="$SRCDIR/examples/three-tier/site.yaml"
q() { run query --format json "$@"; }

# The embedded default when no --spec is given.
q "SELECT name, builtin, source FROM spec_site"
is "$rc" 0 "spec_site without --spec exits 0"
json_eq "$out" 'j' '[{"name": "default single-server shop", "builtin": 1, "source": "builtin"}]' "default spec: one builtin site"
q "SELECT server, name, port, protocol, exposure, reachable_from FROM spec_services ORDER BY port"
json_eq "$out" '[(r["name"], r["port"], r["exposure"]) for r in j]' '[["ssh", 22, "public"], ["http", 80, "public"], ["https", 443, "public"]]' "default spec: ssh, http, https public"
json_eq "$out" 'j[0]["reachable_from"]' '["internet"]' "public service reachable from the internet"
q "SELECT local_services FROM spec_servers"
json_eq "$out" 'j' '[{"local_services": "any"}]' "default spec: anything else only on loopback"
q "SELECT status, count(*) AS n FROM spec_completeness GROUP BY status"
json_eq "$out" 'j' '[{"status": "missing", "n": 31}]' "default spec: every measure not specified"

# The single-server example.
q --spec "$ONE" "SELECT name, builtin, json_array_length(files) AS nfiles FROM spec_site"
json_eq "$out" 'j' '[{"name": "Sakura Tea Online", "builtin": 0, "nfiles": 1}]' "spec_site of the example"
q --spec "$ONE" "SELECT name, scheme, host, port, payment, admin, line FROM spec_endpoints WHERE payment = 1 OR admin = 1"
json_eq "$out" 'j' '[{"name": "payment", "scheme": "https", "host": "shop.sakura-tea.example", "port": 443, "payment": 1, "admin": 0, "line": 18}, {"name": "admin", "scheme": "https", "host": "shop.sakura-tea.example", "port": 443, "payment": 0, "admin": 1, "line": 25}]' "spec_endpoints payment and admin rows, with line"
q --spec "$ONE" "SELECT endpoint, kind, host, line FROM spec_page_hosts"
json_eq "$out" 'j' '[{"endpoint": "payment", "kind": "script", "host": "js.psp.example", "line": 23}, {"endpoint": "payment", "kind": "form", "host": "*.psp.example", "line": 24}]' "spec_page_hosts: the payment page's script and form hosts"
q --spec "$ONE" "SELECT name, implicit FROM spec_zones"
json_eq "$out" '[(r["name"], r["implicit"]) for r in j]' '[["server", 0], ["office", 0], ["psp", 0], ["internet", 1]]' "spec_zones adds the predefined internet"
q --spec "$ONE" "SELECT value FROM spec_zones, json_each(spec_zones.networks) WHERE name = 'office'"
json_eq "$out" 'j' '[{"value": "198.51.100.16/28"}]' "zone networks as a JSON array (json_each)"
q --spec "$ONE" "SELECT from_zone, to_zone, port, logged FROM spec_flows WHERE logged = 0"
json_eq "$out" 'j' '[{"from_zone": "server", "to_zone": "internet", "port": 443, "logged": 0}]' "spec_flows logged flag"
q --spec "$ONE" "SELECT name, port, process, exposure, allowed_from, reachable_from FROM spec_services WHERE exposure = 'local' ORDER BY port"
json_eq "$out" '[r["name"] for r in j]' '["postfix", "mariadb", "php-fpm"]' "spec_services local services"
json_eq "$out" 'j[1]["reachable_from"]' '[]' "a local service is reachable from nothing"
q --spec "$ONE" "SELECT access_admins, log_retention, log_retention_days, file_integrity, patch_within_days, auto_updates FROM spec_servers"
json_eq "$out" 'j' '[{"access_admins": "[\"sato\"]", "log_retention": "13m", "log_retention_days": 390, "file_integrity": 1, "patch_within_days": 7, "auto_updates": 1}]' "spec_servers access, monitoring and patching"
q --spec "$ONE" "SELECT kind, count(*) AS n FROM spec_secrets GROUP BY kind ORDER BY kind"
json_eq "$out" '[(r["kind"], r["n"]) for r in j]' '[["access-list", 1], ["api-token", 2], ["certificate", 1], ["password", 1], ["private-key", 1]]' "spec_secrets by kind"
q --spec "$ONE" "SELECT name, store_allowed, encryption_at_rest, retention_days FROM spec_user_data WHERE kind = 'card'"
json_eq "$out" 'j' '[{"name": "card-numbers", "store_allowed": 0, "encryption_at_rest": null, "retention_days": null}]' "card data may not be stored"
q --spec "$ONE" "SELECT from_name, to_name, min_tls, mutual_auth, non_repudiation FROM spec_communications WHERE name = 'payment-api'"
json_eq "$out" 'j' '[{"from_name": "shop1", "to_name": "payment-provider", "min_tls": "TLSv1.2", "mutual_auth": 0, "non_repudiation": "signed"}]' "spec_communications row"
q --spec "$ONE" "SELECT name, factors, lockout_threshold, password_min_length, password_max_age_days FROM spec_auth_scenes"
json_eq "$out" 'j[1]' '{"name": "admin-login", "factors": "[\"password\",\"totp\"]", "lockout_threshold": 5, "password_min_length": 12, "password_max_age_days": 360}' "spec_auth_scenes admin login"
json_eq "$out" 'j[2]["password_min_length"]' null "unstated password rules are NULL"
q --spec "$ONE" "SELECT count(*) AS n, count(DISTINCT name) AS people FROM spec_owners"
json_eq "$out" 'j' '[{"n": 11, "people": 3}]' "spec_owners: 11 themes, 3 people"
q --spec "$ONE" "SELECT theme, review_interval, review_source, next_review FROM spec_policies WHERE theme IN ('T01', 'T02', 'T11')"
json_eq "$out" 'j' '[{"theme": "T01", "review_interval": "12m", "review_source": "policy", "next_review": "2026-04-01"}, {"theme": "T02", "review_interval": "12m", "review_source": "spec", "next_review": "2026-04-01"}, {"theme": "T11", "review_interval": "6m", "review_source": "policy", "next_review": "2025-10-01"}]' "spec_policies next review from the policy or the cadence"
q --spec "$ONE" "SELECT name, review_interval, next_review FROM spec_partners"
json_eq "$out" 'j[1]' '{"name": "mail-provider", "review_interval": "12m", "next_review": "2026-01-20"}' "spec_partners next review"
q --spec "$ONE" "SELECT theme, interval, source FROM spec_cadences WHERE cadence = 'periodic_check' AND theme IN ('T02', 'T04')"
json_eq "$out" 'j' '[{"theme": "T02", "interval": "1m", "source": "theme"}, {"theme": "T04", "interval": "3m", "source": "spec"}]' "spec_cadences: theme override, spec default"
q --spec "$ONE" "SELECT count(*) AS n FROM spec_cadences"
json_eq "$out" 'j[0]["n"]' 110 "spec_cadences: 11 themes x 10 cadences"
ECGUARD_TODAY=2025-09-30 "$ECGUARD" query --format json --spec "$ONE" "SELECT check_id, resource, active FROM spec_waivers" >"$TMPD/o"
json_eq "$(cat "$TMPD/o")" 'j' '[{"check_id": "ssh-port-exposed", "resource": "shop1", "active": 1}]' "waiver active the day before it expires"
ECGUARD_TODAY=2025-10-02 "$ECGUARD" query --format json --spec "$ONE" "SELECT active FROM spec_waivers" >"$TMPD/o"
json_eq "$(cat "$TMPD/o")" 'j' '[{"active": 0}]' "waiver inactive after it expires"
q --spec "$ONE" "SELECT measure, reason FROM spec_not_applicable WHERE measure = 'T04.06'"
json_eq "$out" 'j[0]["reason"]' "no removable media are ever connected to the VPS" "spec_not_applicable row"
q --spec "$ONE" "SELECT status, count(*) AS n FROM spec_completeness GROUP BY status"
json_eq "$out" 'j' '[{"status": "specified", "n": 31}]' "spec_completeness: everything specified"

# The three-tier example: rows from included files name their file.
q --spec "$THREE" "SELECT name, role, zone, file, line FROM spec_servers WHERE role = 'bastion'"
json_eq "$out" 'j[0]["file"]' "$SRCDIR/examples/three-tier/servers.yaml" "row names the included file"
json_eq "$out" '(j[0]["name"], j[0]["zone"])' '["bastion", "admin"]' "bastion in the admin zone"
q --spec "$THREE" "SELECT count(*) AS n FROM spec_services WHERE exposure = 'public'"
json_eq "$out" 'j[0]["n"]' 5 "three-tier: 5 public services (web1, web2, bastion)"
q --spec "$THREE" "SELECT s.server FROM spec_services s, json_each(s.reachable_from) r WHERE s.name = 'ssh' AND r.value = 'office'"
json_eq "$out" 'j' '[{"server": "bastion"}]' "only the bastion takes ssh from the office"
q --spec "$THREE" "SELECT theme, file FROM spec_policies WHERE theme = 'T09'"
json_eq "$out" 'j[0]["file"]' "$SRCDIR/examples/three-tier/organisation/policies.yaml" "policy from a nested include"

# A partial spec: completeness reasons.
cat >"$TMPD/p.yaml" <<'YAML'
schema: ecguard.spec/1
site: {name: p}
servers:
  - {name: a, role: web, services: [{name: https, port: 443, exposure: public}]}
YAML
q --spec "$TMPD/p.yaml" "SELECT measure, status, reason FROM spec_completeness WHERE measure IN ('T02.05', 'T02.06')"
json_eq "$out" 'j' '[{"measure": "T02.05", "status": "partial", "reason": "1 of 1 services lack log: a/https"}, {"measure": "T02.06", "status": "partial", "reason": "1 of 1 servers lack a services list or a process for each service: a"}]' "spec_completeness partial reasons"

# An invalid spec is refused before any query runs.
printf 'schema: ecguard.spec/1\nsite: {name: x}\nzones: [{name: a}, {name: a}]\n' >"$TMPD/bad.yaml"
run query --spec "$TMPD/bad.yaml" "SELECT 1"
is "$rc" 2 "query --spec with an invalid spec exits 2"
contains "$err" "bad.yaml:3:20: error: duplicate zone \"a\"" "the spec's error is shown"
is "$out" "" "nothing on stdout"
run query --spec "$TMPD/absent.yaml" "SELECT 1"
is "$rc" 2 "query --spec with a missing file exits 2"

# The tables are listed with their descriptions.
run tables
contains "$out" "spec_services: Services each server may run" "ecguard tables lists spec_services"
contains "$out" "spec_completeness" "ecguard tables lists spec_completeness"

done_testing
