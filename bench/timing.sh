# bench/timing.sh: wall-time helpers shared by bench/tls.sh and
# bench/web.sh. Sourced, not run; RUNS sets the runs of median_ms.
#   median_ms CMD...  runs CMD $RUNS times, prints the median wall time (ms)
#   once_ms CMD...    runs CMD once, prints its wall time (ms)
# Output of CMD is discarded.

median_ms() {
	local i t0 t1 all=""
	for i in $(seq 1 "${RUNS:-7}"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		all="$all $(((t1 - t0) / 1000000))"
	done
	printf '%s\n' $all | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

once_ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
