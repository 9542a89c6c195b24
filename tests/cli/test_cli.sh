#!/bin/bash
# CLI tests: dispatch, --help, --version, --lang, exit codes.
. "$SRCDIR/tests/cli/lib.sh"

run --version
is "$rc" 0 "--version exits 0"
contains "$out" "ecguard " "--version prints the name"
run --help
is "$rc" 0 "--help exits 0"
contains "$out" "Exit codes:" "--help documents exit codes"
contains "$out" "2  usage or input error" "--help documents exit code 2"
contains "$out" "catalog" "--help lists commands"
run
is "$rc" 2 "no command exits 2"
contains "$err" "Usage: ecguard" "no command prints usage on stderr"
run nosuchcommand
is "$rc" 2 "unknown command exits 2"
contains "$err" 'unknown command "nosuchcommand"' "unknown command message"
run --lang fr catalog
is "$rc" 2 "--lang fr exits 2"
contains "$err" "use --lang ja or --lang en" "--lang fr explains"
run catalog --lang
is "$rc" 2 "--lang without value exits 2"
run --lang=ja --help
contains "$out" "終了コード" "--lang=ja --help is Japanese"
run help catalog
is "$rc" 0 "help catalog exits 0"
contains "$out" "Usage: ecguard catalog" "help catalog shows the command's help"
# Every command has --help that exits 0.
for c in $("$ECGUARD" --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}'); do
	run "$c" --help
	is "$rc" 0 "$c --help exits 0"
done
# Hostile arguments are neutralised in messages.
run $'\e[31mevil'
not_contains "$err" $'\e' "escape sequences in arguments are not echoed raw"
done_testing
