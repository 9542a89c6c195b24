#!/bin/bash
# bench/audit.sh: `ecguard audit` of this machine side by side with the
# tools a site operator would otherwise run: `lynis audit system --quick`
# and `oscap xccdf eval` of the SCAP Security Guide's standard profile for
# Debian. Wall time (hyperfine), peak memory (GNU time) and the processes
# each starts (strace), with ratios to ecguard. Installs what it needs
# (bench/common.sh); must run as root (Lynis and oscap read root-only
# files; so does ecguard for shadow and keys).
#   ECGUARD=path  the binary (default build/ecguard)
#   RUNS=N        runs of ecguard (default 20); SLOW_RUNS=N of the others (3)
# Prints a Markdown section for bench/RESULTS.md. Not a test.
. "$(dirname "$0")/common.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "bench/audit.sh: run as root (sudo bench/audit.sh)" >&2
	exit 2
fi
RUNS=${RUNS:-20}
SLOW_RUNS=${SLOW_RUNS:-3}
bench_datastream

measure ecguard-audit "$RUNS" "$ECGUARD" audit --no-store --format json \
	--fail-on none --out "$BENCH_OUT/ecguard-audit.json"
rm -f "$BENCH_OUT/store.db"
measure ecguard-audit-stored "$RUNS" "$ECGUARD" audit --store "$BENCH_OUT/store.db" \
	--format json --fail-on none --out "$BENCH_OUT/ecguard-audit-stored.json"
measure lynis "$SLOW_RUNS" lynis audit system --quick --no-colors \
	--log-file "$BENCH_OUT/lynis.log" --report-file "$BENCH_OUT/lynis-report.dat"
measure oscap "$SLOW_RUNS" oscap xccdf eval --profile "$OSCAP_PROFILE" \
	--results "$BENCH_OUT/oscap-results.xml" "$OSCAP_DS"

echo "## ecguard audit vs Lynis vs OpenSCAP"
echo
bench_machine
echo "- OpenSCAP content: $OSCAP_NOTE"
echo "- what each run checked: ecguard $(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
s = j["summary"]
print("%d checks, %d results (%d alarms)" % (s["checks"], s["results"], s["status"]["alarm"]))
' "$BENCH_OUT/ecguard-audit.json"); Lynis $(grep -c '^suggestion\[\]\|^warning\[\]' "$BENCH_OUT/lynis-report.dat" || true) warnings and suggestions, $(grep -m1 '^tests_executed=' "$BENCH_OUT/lynis-report.dat" | tr -cd '|' | wc -c) tests executed; oscap $(grep -c '<rule-result ' "$BENCH_OUT/oscap-results.xml") rule results ($(grep -o '<result>[a-z]*</result>' "$BENCH_OUT/oscap-results.xml" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}' | sed 's#<result>##g; s#</result>##g'))"
echo
echo "Commands:"
echo
echo '```'
echo "ecguard audit --no-store --format json --fail-on none --out FILE"
echo "ecguard audit --store FILE --format json --fail-on none --out FILE"
echo "lynis audit system --quick --no-colors --log-file FILE --report-file FILE"
echo "oscap xccdf eval --profile $OSCAP_PROFILE --results FILE $(basename "$OSCAP_DS")"
echo '```'
echo
table ecguard-audit ecguard-audit ecguard-audit-stored lynis oscap
