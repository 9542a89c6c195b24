#!/bin/bash
# bench/query.sh: how long ecguard takes to gather the host facts (one
# `ecguard query` with a full SELECT of every host table; `file` and
# `file_hash` need a path and get /etc/*) against the time Lynis and oscap
# take to gather theirs. Lynis has no separate gathering phase (each test
# collects and judges in turn), so its whole --quick run is the figure;
# oscap's evaluation of the standard profile is almost all collection
# (OVAL probes), and `oscap oval collect` of every OVAL object of the
# content (all rules, one run, many minutes) is the fact gathering the
# whole guide needs. Prints a Markdown section for bench/RESULTS.md with
# rows per table. Installs what it needs (bench/common.sh); run as root.
#   ECGUARD=path, RUNS=N (default 20), SLOW_RUNS=N (default 3),
#   OSCAP_ALL=0 skips the all-rules collection.
# Not a test.
. "$(dirname "$0")/common.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "bench/query.sh: run as root (sudo bench/query.sh)" >&2
	exit 2
fi
RUNS=${RUNS:-20}
SLOW_RUNS=${SLOW_RUNS:-3}
bench_datastream

# Every host table: all but the spec_* tables (the site specification) and
# the records tables (the store).
TABLES=$("$ECGUARD" tables --format json | python3 -c '
import json, sys
for t in json.load(sys.stdin):
    if not t["name"].startswith(("spec_", "records")):
        print(t["name"])')
SQL=""
for t in $TABLES; do
	case $t in
	file | file_hash) SQL="$SQL SELECT * FROM $t WHERE path GLOB '/etc/*';" ;;
	*) SQL="$SQL SELECT * FROM $t;" ;;
	esac
done

measure ecguard-query "$RUNS" "$ECGUARD" query --format csv "$SQL"
measure lynis "$SLOW_RUNS" lynis audit system --quick --no-colors \
	--log-file "$BENCH_OUT/lynis.log" --report-file "$BENCH_OUT/lynis-report.dat"
measure oscap-profile "$SLOW_RUNS" oscap xccdf eval --profile "$OSCAP_PROFILE" \
	--results "$BENCH_OUT/oscap-results.xml" "$OSCAP_DS"
names="ecguard-query lynis oscap-profile"
if [ "${OSCAP_ALL:-1}" != 0 ]; then
	measure_once oscap-collect-all oscap oval collect "$OSCAP_OVAL"
	names="$names oscap-collect-all"
fi

echo "## Gathering the host facts: ecguard query vs Lynis vs OpenSCAP"
echo
bench_machine
echo "- OpenSCAP content: $OSCAP_NOTE"
echo "- ecguard: $(echo "$TABLES" | wc -w) host tables in one \`ecguard query --format csv\` (one SELECT * each; file and file_hash WHERE path GLOB '/etc/*')"
echo
echo "Commands:"
echo
echo '```'
echo "ecguard query --format csv \"SELECT * FROM apache_config; ...; SELECT * FROM file WHERE path GLOB '/etc/*'; ...\""
echo "lynis audit system --quick --no-colors --log-file FILE --report-file FILE"
echo "oscap xccdf eval --profile $OSCAP_PROFILE --results FILE $(basename "$OSCAP_DS")"
[ "${OSCAP_ALL:-1}" != 0 ] && echo "oscap oval collect $(basename "$OSCAP_OVAL")"
echo '```'
echo
# shellcheck disable=SC2086
table ecguard-query $names
echo
echo "Per table (best of 5 runs of \`ecguard query --format csv \"SELECT * FROM TABLE\"\`, process start included):"
echo
python3 - "$ECGUARD" $TABLES <<'PY'
import subprocess, sys, time
eg, tables = sys.argv[1], sys.argv[2:]
print("| table | rows | ms |")
print("|---|---:|---:|")
for t in tables:
    where = " WHERE path GLOB '/etc/*'" if t in ("file", "file_hash") else ""
    best = None
    for _ in range(5):
        t0 = time.perf_counter()
        p = subprocess.run([eg, "query", "--format", "csv", "SELECT * FROM %s%s" % (t, where)],
                           capture_output=True)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    n = subprocess.run([eg, "query", "--format", "csv", "SELECT count(*) FROM %s%s" % (t, where)],
                       capture_output=True, text=True).stdout.split()[-1]
    print("| %s | %s | %.1f |" % (t, n, best * 1e3))
PY
