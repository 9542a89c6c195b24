# lib.sh: a tiny TAP library for the CLI tests. Source it, then call
# `plan N` (or `done_testing` at the end), and use:
#   run ARGS...            runs $ECGUARD ARGS; sets $out, $err, $rc
#   is ACTUAL WANT DESC    string equality
#   ok CMD... ; DESC via OK_DESC, or: check DESC CMD...   passes when CMD succeeds
#   contains HAYSTACK NEEDLE DESC
#   json_eq JSON PYEXPR WANT DESC   evaluates PYEXPR on the parsed JSON (as j)
set -u
: "${ECGUARD:?ECGUARD must name the ecguard binary}"
: "${SRCDIR:?SRCDIR must name the source root}"
_n=0
_failed=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/eg-cli.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT

_report() { # status desc [diag]
	_n=$((_n + 1))
	if [ "$1" = ok ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
	return 0
}

run() {
	"$ECGUARD" "$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	out=$(cat "$TMPD/out")
	err=$(cat "$TMPD/err")
}

is() {
	if [ "$1" = "$2" ]; then _report ok "$3"; else
		_report fail "$3" "got:  $(printf '%s' "$1" | head -c 2000)
want: $(printf '%s' "$2" | head -c 2000)"; fi
}

check() {
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then _report ok "$desc"; else _report fail "$desc" "command failed: $*"; fi
}

contains() {
	case "$1" in
	*"$2"*) _report ok "$3" ;;
	*) _report fail "$3" "missing: $2
in: $(printf '%s' "$1" | head -c 2000)" ;;
	esac
}

# skip_case DESC REASON: a case that cannot run here, reported as a TAP skip.
skip_case() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

not_contains() {
	case "$1" in
	*"$2"*) _report fail "$3" "unexpected: $2" ;;
	*) _report ok "$3" ;;
	esac
}

# json_eq JSON EXPR WANT DESC: python evaluates EXPR with j = parsed JSON and
# prints the result (strings raw, others as JSON).
json_eq() {
	local got
	got=$(printf '%s' "$1" | python3 -c '
import json, sys
j = json.load(sys.stdin)
v = eval(sys.argv[1])
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
' "$2" 2>&1)
	is "$got" "$3" "$4"
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
