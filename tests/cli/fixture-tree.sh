# fixture-tree.sh: prepares a fixture host for an audit. Source it after
# lib.sh (it uses $SRCDIR and $TMPD), then:
#
#   fixture_tree weak            copies tests/fixtures/weak to $TMPD/fx/weak
#   fixture_tree hardened DEST   ... or to DEST (which must not exist)
#
# and audit "$FX_DIR". A checkout has lost what a real host has and git
# cannot keep, so the copy gets it back:
#   - modes: every directory 0755, every file 0644 (0755 when executable in
#     the checkout), then the lines of tests/fixtures/modes.txt for it;
#   - owners, only when running as root: everything root:root, then the
#     owners in modes.txt. Otherwise the copy is the runner's, and tests must
#     skip what depends on owners: FIXTURE_OWNERS is 1 when owners are real;
#   - the weak host's document root holds a .git folder (git cannot store
#     one), as in test_tables_web.sh;
#   - every mtime is EG_FIXTURE_DATE at 03:00 UTC, and ECGUARD_TODAY is that
#     day, so age checks (signature files, certificates) give the same
#     answer on every day the tests run.
# Symbolic links are copied as links and never followed: a modes.txt line
# naming a link, a missing path or a path outside the copy is an error.

EG_FIXTURE_DATE=2026-11-26
export ECGUARD_TODAY=$EG_FIXTURE_DATE
if [ "$(id -u)" -eq 0 ]; then FIXTURE_OWNERS=1; else FIXTURE_OWNERS=0; fi
FX_DIR=

# fixture_tree NAME [DEST]: sets FX_DIR; returns 1 with a message on stderr.
fixture_tree() {
	local name=$1 dst=${2:-$TMPD/fx/$1}
	local src=$SRCDIR/tests/fixtures/$1 list=$SRCDIR/tests/fixtures/modes.txt
	local fx path mode owner extra p real top lineno=0 bad=0
	FX_DIR=
	if [ ! -d "$src" ]; then
		echo "fixture_tree: no fixture $src" >&2
		return 1
	fi
	if [ -e "$dst" ]; then
		echo "fixture_tree: $dst already exists" >&2
		return 1
	fi
	mkdir -p "$(dirname "$dst")" && cp -a "$src" "$dst" || return 1
	find "$dst" -type d -exec chmod 0755 {} +
	find "$dst" -type f -perm -u+x -exec chmod 0755 {} +
	find "$dst" -type f ! -perm -u+x -exec chmod 0644 {} +
	[ "$FIXTURE_OWNERS" = 1 ] && chown -hR 0:0 "$dst"
	if [ "$name" = weak ]; then
		mkdir "$dst/var/www/shop/.git" &&
			printf 'ref: refs/heads/main\n' >"$dst/var/www/shop/.git/HEAD" || return 1
	fi
	top=$(realpath -e "$dst") || return 1
	while read -r fx path mode owner extra; do
		lineno=$((lineno + 1))
		case $fx in '' | '#'*) continue ;; esac
		[ "$fx" = "$name" ] || continue
		p=$dst/$path
		if [[ ! $mode =~ ^[0-7]{4}$ ]] || [ -n "$extra" ] ||
			[[ -n $owner && ! $owner =~ ^[0-9]+:[0-9]+$ ]]; then
			echo "fixture_tree: modes.txt:$lineno: want FIXTURE PATH MODE [UID:GID]" >&2
			bad=1
		elif [ -L "$p" ] || [ ! -e "$p" ]; then
			echo "fixture_tree: modes.txt:$lineno: $name/$path is missing or a symbolic link" >&2
			bad=1
		else
			real=$(realpath -e "$p")
			case $real in
			"$top"/*)
				if [ "$FIXTURE_OWNERS" = 1 ] && [ -n "$owner" ]; then
					chown "$owner" "$p" || bad=1
				fi
				chmod "$mode" "$p" || bad=1
				;;
			*)
				echo "fixture_tree: modes.txt:$lineno: $name/$path leads outside the fixture" >&2
				bad=1
				;;
			esac
		fi
	done <"$list"
	[ "$bad" = 0 ] || return 1
	find "$dst" -exec touch -h -d "$EG_FIXTURE_DATE 03:00:00 UTC" {} + || return 1
	FX_DIR=$dst
}
