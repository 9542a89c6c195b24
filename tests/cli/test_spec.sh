#!/bin/bash
# CLI tests: `ecguard spec init` and `ecguard spec check`: templates in both
# languages pass check, the examples pass, exit codes, the error format on
# stderr and the JSON shape.
. "$SRCDIR/tests/cli/lib.sh"

# --- init -------------------------------------------------------------
cd "$TMPD"
run spec init
is "$rc" 0 "spec init exits 0"
check "spec init writes site.yaml" test -f site.yaml
is "$(stat -c %a site.yaml)" 644 "site.yaml is created 0644"
contains "$err" "wrote site.yaml" "spec init says where it wrote"
contains "$(cat site.yaml)" "# Site security specification for ecguard" "English template by default"
run spec check site.yaml
is "$rc" 0 "the English template passes spec check"
contains "$out" "T02.03  data flows" "check lists T02.03"

before=$(md5sum site.yaml)
echo "# my edit" >>site.yaml
run spec init
is "$rc" 2 "spec init refuses to overwrite (exit 2)"
contains "$err" "site.yaml exists; use --force to replace it" "refusal says how to overwrite"
contains "$(tail -1 site.yaml)" "# my edit" "the existing file is untouched"
run spec init --force
is "$rc" 0 "spec init --force replaces"
is "$(md5sum site.yaml)" "$before" "--force wrote the template again"

(umask 077; "$ECGUARD" spec init --out umask.yaml 2>/dev/null)
is "$(stat -c %a umask.yaml)" 644 "created 0644 whatever the umask"

ln -s /nonexistent/target link.yaml
run spec init --out link.yaml --force
is "$rc" 2 "spec init does not follow a symlink"

run --lang ja spec init --out ja.yaml
is "$rc" 0 "spec init --lang ja exits 0"
contains "$(cat ja.yaml)" "サイトセキュリティ仕様" "--lang ja gives Japanese comments"
run spec check ja.yaml
is "$rc" 0 "the Japanese template passes spec check"
LANG=ja_JP.UTF-8 LC_ALL= LC_MESSAGES= "$ECGUARD" spec init --out ja2.yaml 2>/dev/null
contains "$(cat ja2.yaml)" "サイトセキュリティ仕様" "a Japanese locale gives Japanese comments"

run spec init --out -
is "$rc" 0 "spec init --out - exits 0"
contains "$out" "schema: ecguard.spec/1" "--out - writes to stdout"
run spec init extra
is "$rc" 2 "spec init with an argument is a usage error"
run spec init --root /
is "$rc" 2 "--root without --discover is a usage error"

# --- check: examples ---------------------------------------------------
run spec check "$SRCDIR/examples/single-server-ec-cube.yaml"
is "$rc" 0 "single-server example passes"
contains "$out" "31 specified, 0 partly specified, 0 not specified, 0 not applicable" "single-server example specifies everything"
run spec check "$SRCDIR/examples/three-tier/site.yaml"
is "$rc" 0 "three-tier example passes"
contains "$out" "valid (6 files)" "three-tier example loads its 6 files"
run spec check "$SRCDIR/examples/three-tier/site.yaml" --format json
is "$rc" 0 "spec check --format json exits 0"
json_eq "$out" 'j["valid"]' true "JSON valid is true"
json_eq "$out" 'sorted(j.keys())' '["errors", "file", "files", "schema", "site", "summary", "themes", "valid"]' "JSON top-level keys"
json_eq "$out" 'j["schema"]' "ecguard.spec-check/1" "JSON schema name"
json_eq "$out" 'len(j["files"])' 6 "JSON lists 6 files"
json_eq "$out" 'j["site"]' "Kumo Outdoor Store" "JSON site name"
json_eq "$out" 'j["summary"]' '{"specified": 31, "partial": 0, "missing": 0, "not_applicable": 0}' "JSON summary"
json_eq "$out" '[t["id"] for t in j["themes"]]' '["T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11"]' "JSON themes in order"
json_eq "$out" '[m["id"] for m in j["themes"][1]["measures"]]' '["T02.01", "T02.02", "T02.03", "T02.04", "T02.05", "T02.06"]' "T02 in-scope measures"
json_eq "$out" 'sorted(j["themes"][1]["measures"][2].keys())' '["id", "kind", "reason", "status", "subject"]' "measure keys"
json_eq "$out" 'j["themes"][1]["measures"][2]["subject"]' flows "T02.03 subject"
json_eq "$out" 'j["errors"]' '[]' "no errors"

# --- check: errors -----------------------------------------------------
cat >bad.yaml <<'YAML'
schema: ecguard.spec/1
site:
  name: Bad shop
zones: [{name: dmz}]
flows:
  - {from: internet, to: dbz, service: https}
servers:
  - name: web1
    role: web
    servces: []
YAML
run spec check bad.yaml
is "$rc" 2 "an invalid spec exits 2"
is "$out" "" "nothing on stdout for an invalid spec"
is "$(printf '%s\n' "$err" | head -2)" 'bad.yaml:6:26: error: to: unknown zone "dbz"; did you mean "dmz"?
bad.yaml:10:5: error: unknown key "servces"; did you mean "services"?' "errors as file:line:col: error: message, in order"
contains "$err" "bad.yaml is invalid: 2 errors" "a closing count"
run spec check bad.yaml --format json
is "$rc" 2 "invalid spec with --format json exits 2"
json_eq "$out" 'j["valid"]' false "JSON valid is false"
json_eq "$out" 'sorted(j.keys())' '["errors", "file", "schema", "valid"]' "JSON keys of an invalid spec"
json_eq "$out" 'j["errors"][0]' '{"file": "bad.yaml", "line": 6, "column": 26, "message": "to: unknown zone \"dbz\"; did you mean \"dmz\"?"}' "JSON error object"
json_eq "$out" 'len(j["errors"])' 2 "JSON lists both errors"

cat >hosts.yaml <<'YAML'
schema: ecguard.spec/1
site:
  name: Hosts shop
  endpoints:
    - url: https://shop.example/pay
      payment: true
      script_hosts: [js.psp.example, "*.cdn.example", "https://x.example/a.js"]
      form_hosts: ["*.com"]
YAML
run spec check hosts.yaml
is "$rc" 2 "a script host with a scheme and a bare wildcard are refused"
is "$(printf '%s\n' "$err" | head -2)" 'hosts.yaml:7:55: error: invalid host "https://x.example/a.js" in script_hosts; write a host name (shop.example), an address, or *.domain for its subdomains
hosts.yaml:8:20: error: invalid host "*.com" in form_hosts; write a host name (shop.example), an address, or *.domain for its subdomains' "invalid payment-page hosts point at file:line:col"

run spec check missing.yaml
is "$rc" 2 "a missing file exits 2"
contains "$err" "missing.yaml: error: cannot open the spec" "missing file message"
run spec check
is "$rc" 2 "spec check without a file is a usage error"
run spec check a.yaml b.yaml
is "$rc" 2 "spec check with two files is a usage error"
run spec check site.yaml --format xml
is "$rc" 2 "unknown format is a usage error"
run spec frob
is "$rc" 2 "unknown subcommand exits 2"

# Hostile input: refused with exit 2, not a crash.
printf 'schema: ecguard.spec/1\nsite: {name: "a\0b"}\n' >nul.yaml
run spec check nul.yaml
is "$rc" 2 "NUL byte exits 2"
contains "$err" "nul.yaml:2:16: error: NUL byte" "NUL byte position"
python3 -c 'print("a: " + "[" * 10000)' >deep.yaml
run spec check deep.yaml
is "$rc" 2 "deep nesting exits 2"
contains "$err" "nesting deeper than 64 levels" "deep nesting message"
printf 'schema: ecguard.spec/1\nsite: {name: x}\ninclude: [../../etc/passwd]\n' >esc.yaml
run spec check esc.yaml
is "$rc" 2 "an include escaping the folder exits 2"
contains "$err" "esc.yaml:3:11: error: cannot include \"../../etc/passwd\": a path that leaves the spec's folder" "escape message"
# Terminal escapes in the file never reach the terminal raw.
printf 'schema: ecguard.spec/1\nsite: {name: x}\n"\\e[31mzz": 1\n' >ansi.yaml
run spec check ansi.yaml
is "$rc" 2 "unknown key with ANSI escape exits 2"
not_contains "$err" $'\e[31m' "ANSI escape neutralised in errors"

# --- init --discover ----------------------------------------------------
run spec init --discover --root "$SRCDIR/tests/fixtures/weak" --out weak.yaml
is "$rc" 0 "spec init --discover on the weak fixture exits 0"
run spec check weak.yaml --format json
is "$rc" 0 "the discovered spec passes spec check"
q="SELECT name, port, protocol, process, exposure FROM spec_services ORDER BY port, protocol"
run query --format json --spec weak.yaml "$q"
json_eq "$out" '[(r["name"], r["port"], r["protocol"], r["exposure"]) for r in j]' '[["ftp", 21, "tcp", "public"], ["ssh", 22, "tcp", "public"], ["telnet", 23, "tcp", "public"], ["smtp", 25, "tcp", "local"], ["http", 80, "tcp", "public"], ["rpcbind", 111, "tcp", "public"], ["rpcbind-udp", 111, "udp", "public"], ["snmp", 161, "udp", "public"], ["https", 443, "tcp", "public"], ["mysql", 3306, "tcp", "public"], ["mdns", 5353, "udp", "zone"], ["http-alt", 8080, "tcp", "public"], ["https-alt", 8443, "tcp", "public"]]' "one service per listening port, exposure from the bind address"
json_eq "$out" '[r["process"] for r in j if r["port"] in (22, 3306, 25)]' '["sshd", null, "mysqld"]' "process names of the listeners"
run query --format json --spec weak.yaml "SELECT role, web_roots, addresses, access_users FROM spec_servers"
json_eq "$out" 'j' '[{"role": "all-in-one", "web_roots": "[\"/var/www/shop\",\"/var/www/html\"]", "addresses": "[\"192.168.10.5\"]", "access_users": "[\"root\",\"toor\",\"admin\",\"guest\",\"deploy\",\"oldtimer\"]"}]' "role, document roots, addresses, login accounts"
run query --format json --spec weak.yaml "SELECT kind, location FROM spec_secrets"
json_eq "$out" 'j' '[{"kind": "certificate", "location": "/etc/ssl/certs/shop-selfsigned.pem"}, {"kind": "private-key", "location": "/etc/ssl/private/shop.key"}]' "certificate and key paths from the web server"
run query --format json --spec weak.yaml "SELECT url FROM spec_endpoints"
json_eq "$out" '[r["url"] for r in j]' '["https://shop.example.jp/", "https://www.shop.example.jp/"]' "endpoints from server_name"
run query --format json --spec weak.yaml "SELECT name FROM spec_user_data"
json_eq "$out" 'j' '[{"name": "mariadb-server-10.5-data"}]' "installed database server"
run query --format json --spec weak.yaml "SELECT from_zone, to_zone, port FROM spec_flows WHERE port = 23"
json_eq "$out" 'j' '[{"from_zone": "internet", "to_zone": "server", "port": 23}]' "a flow for each publicly reachable service"
contains "$(cat weak.yaml)" "OBSERVED, not decided" "the discovered spec says it must be reviewed"

run --lang ja spec init --discover --root "$SRCDIR/tests/fixtures/hardened" --out hard.yaml
is "$rc" 0 "spec init --discover --lang ja exits 0"
contains "$(cat hard.yaml)" "観測したもの" "discovered spec has Japanese comments"
run query --format json --spec hard.yaml "SELECT name, exposure FROM spec_services WHERE exposure = 'local' ORDER BY port"
json_eq "$out" 'j' '[{"name": "chrony", "exposure": "local"}, {"name": "mysql", "exposure": "local"}, {"name": "https-alt", "exposure": "local"}]' "loopback listeners are local"

# Hostile host files end up quoted, never as YAML structure or comments.
mkdir -p host/etc/nginx
printf 'evil"host\n\033[31m: x\n' >host/etc/hostname
printf 'http {\n server {\n  server_name "a.example\\nb: c" ok.example;\n  root "/var/www/x\\" # y";\n  ssl_certificate "/k\\ney\x1b[0m";\n }\n}\n' >host/etc/nginx/nginx.conf
run spec init --discover --root host --out hostile.yaml
is "$rc" 0 "discover on hostile host files exits 0"
run spec check hostile.yaml
is "$rc" 0 "the discovered spec from hostile files still passes"
not_contains "$(cat hostile.yaml)" $'\e' "no raw escape character in the output"
run query --format json --spec hostile.yaml "SELECT hostname FROM spec_servers"
json_eq "$out" 'j[0]["hostname"]' 'evil"host' "host name kept as data (first word of etc/hostname)"
run spec init --discover --root "$TMPD/absent" --out absent.yaml
is "$rc" 2 "discover on a missing root exits 2"

# --- help --------------------------------------------------------------
run spec --help
is "$rc" 0 "spec --help exits 0"
contains "$out" "ecguard spec check FILE" "help shows check usage"

done_testing
