# bench/common.sh: what bench/audit.sh and bench/query.sh share. Sourced,
# not run. It installs the tools the benchmarks compare with (apt-get,
# through sudo when not root; nothing when all is present), finds the
# OpenSCAP content, and measures a command three ways:
#   - wall time: hyperfine (mean and standard deviation over N runs);
#   - peak memory: GNU time's maximum resident set size, which is that of
#     the largest single process of the run, not the sum over its children;
#   - processes: strace -f counting execve and clone/fork calls (a separate
#     run, as strace slows what it traces).
# Results go to $BENCH_OUT (a fresh temporary folder unless set) as
# NAME.hyperfine.json, NAME.rss (kB) and NAME.procs ("EXECS FORKS").
# The benchmarks are not tests: scripts/test never runs them.
set -eu

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ECGUARD=${ECGUARD:-$PWD/build/ecguard}
BENCH_OUT=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/ecguard-bench.XXXXXX")}
mkdir -p "$BENCH_OUT"
SSG_DIR=/usr/share/xml/scap/ssg/content
OSCAP_PROFILE=xccdf_org.ssgproject.content_profile_standard

if [ ! -x "$ECGUARD" ]; then
	echo "bench: $ECGUARD is missing; build it first (meson compile -C build)" >&2
	exit 2
fi

bench_install() { # packages...
	local missing="" p st
	for p in "$@"; do
		st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
		case $st in ii*) ;; *) missing="$missing $p" ;; esac
	done
	[ -z "$missing" ] && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "bench: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The tools: Lynis, the OpenSCAP scanner and the SCAP Security Guide content
# for Debian (libopenscap8 is bookworm's library; openscap-scanner has the
# oscap command), hyperfine, GNU time, strace.
bench_install lynis openscap-scanner ssg-debian ssg-debderived hyperfine time strace

# bench_datastream: sets OSCAP_DS to the datastream to evaluate and
# OSCAP_NOTE to what was done to get it. Debian 12's content is used when
# the installed ssg-debian has it. bookworm's ssg-debian 0.1.65 ships only
# Debian 10 and 11 content, whose benchmark is limited to its own release
# by one platform (cpe:/o:debian:debian_linux:11): on Debian 12 every rule
# is then "notapplicable" and nothing is checked. The copy made here drops
# that one benchmark-level platform, so the Debian 11 standard profile runs
# its rules on this host; the rules' own platforms (package installed,
# machine, ...) stay.
bench_datastream() {
	local v
	OSCAP_OVAL=
	if [ -f "$SSG_DIR/ssg-debian12-ds.xml" ]; then
		OSCAP_DS=$SSG_DIR/ssg-debian12-ds.xml
		OSCAP_OVAL=$SSG_DIR/ssg-debian12-oval.xml
		OSCAP_NOTE="Debian 12 content of ssg-debian $(dpkg-query -W -f='${Version}' ssg-debian)"
		return 0
	fi
	for v in 11 10; do
		[ -f "$SSG_DIR/ssg-debian$v-ds.xml" ] || continue
		OSCAP_DS=$BENCH_OUT/ssg-debian$v-ds-any-release.xml
		sed "s#<xccdf-1.2:platform idref=\"cpe:/o:debian:debian_linux:$v\"/>##" \
			"$SSG_DIR/ssg-debian$v-ds.xml" >"$OSCAP_DS"
		OSCAP_OVAL=$SSG_DIR/ssg-debian$v-oval.xml
		OSCAP_NOTE="ssg-debian $(dpkg-query -W -f='${Version}' ssg-debian) has no Debian 12 content (no ssg-debian12-ds.xml); used ssg-debian$v-ds.xml with its benchmark platform cpe:/o:debian:debian_linux:$v removed"
		return 0
	done
	echo "bench: no ssg-debian datastream under $SSG_DIR" >&2
	exit 2
}

# measure NAME RUNS CMD...: wall time (hyperfine, RUNS runs, 1 warm-up when
# RUNS > 3), peak RSS and process counts of CMD. Non-zero exits are
# expected (oscap exits 2 when a rule fails) and ignored.
measure() {
	local name=$1 runs=$2
	shift 2
	local warm=0
	[ "$runs" -gt 3 ] && warm=1
	echo "bench: $name: $* ($runs runs)" >&2
	hyperfine -N -i --style none --warmup "$warm" --runs "$runs" \
		--export-json "$BENCH_OUT/$name.hyperfine.json" -- "$(printf '%q ' "$@")" >&2
	/usr/bin/time -f '%M' -o "$BENCH_OUT/$name.rss" "$@" >/dev/null 2>&1 || true
	strace -f -qq -e trace=execve,clone,clone3,fork,vfork -o "$BENCH_OUT/$name.strace" \
		"$@" >/dev/null 2>&1 || true
	# Threads are clones too: count only the clones that made processes
	# (no CLONE_THREAD flag), plus fork and vfork.
	local execs forks
	execs=$(grep -c ' execve(' "$BENCH_OUT/$name.strace" || true)
	forks=$(grep -E ' (clone3?|v?fork)\(' "$BENCH_OUT/$name.strace" | grep -vc 'CLONE_THREAD' || true)
	echo "$execs $forks" >"$BENCH_OUT/$name.procs"
	rm -f "$BENCH_OUT/$name.strace"
}

# measure_once NAME CMD...: one run under GNU time only (wall time and peak
# RSS), for what takes many minutes; processes are not counted.
measure_once() {
	local name=$1
	shift
	echo "bench: $name: $* (1 run)" >&2
	/usr/bin/time -f '%e %M' -o "$BENCH_OUT/$name.time" "$@" >/dev/null 2>&1 || true
	python3 - "$BENCH_OUT/$name" <<'PY'
import json, sys
secs, rss = open(sys.argv[1] + ".time").read().split()[-2:]
json.dump({"results": [{"mean": float(secs), "stddev": None, "times": [float(secs)]}]},
          open(sys.argv[1] + ".hyperfine.json", "w"))
open(sys.argv[1] + ".rss", "w").write(rss + "\n")
open(sys.argv[1] + ".procs", "w").write("- -\n")
PY
}

# table BASE NAME...: a Markdown table of the measured NAMEs with their
# ratios to BASE (time and memory).
table() {
	python3 - "$BENCH_OUT" "$@" <<'PY'
import json, sys
out, base, names = sys.argv[1], sys.argv[2], sys.argv[3:]
def load(n):
    h = json.load(open("%s/%s.hyperfine.json" % (out, n)))["results"][0]
    rss = int(open("%s/%s.rss" % (out, n)).read().split()[-1])
    ex, fk = open("%s/%s.procs" % (out, n)).read().split()
    return h["mean"], h["stddev"] or 0.0, len(h["times"]), rss, ex, fk
b = load(base)
print("| run | wall time (mean ± sd) | runs | peak RSS | execve | forks | time ratio | memory ratio |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for n in names:
    m, sd, k, rss, ex, fk = load(n)
    t = "%.1f ms ± %.1f" % (m * 1e3, sd * 1e3) if m < 10 else "%.2f s ± %.2f" % (m, sd)
    print("| %s | %s | %d | %.1f MB | %s | %s | %.1f× | %.1f× |" % (
        n, t, k, rss / 1024, ex, fk, m / b[0], rss / b[3]))
PY
}

bench_machine() {
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
	echo "- tools: ecguard $("$ECGUARD" --version | awk '{print $2}'), lynis $(dpkg-query -W -f='${Version}' lynis), oscap $(dpkg-query -W -f='${Version}' openscap-scanner), ssg-debian $(dpkg-query -W -f='${Version}' ssg-debian), hyperfine $(dpkg-query -W -f='${Version}' hyperfine)"
	echo "- load average when this section was printed (the machine is shared; other work runs beside the benchmark): $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- raw data: $BENCH_OUT"
}
