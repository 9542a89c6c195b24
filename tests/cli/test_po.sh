#!/bin/bash
# CLI tests: the Japanese catalogue (po/ja.po) stays complete.
#
# ecguard's users are Japanese EC site operators first, so an English
# message that slips into a Japanese session is a bug. This test extracts
# the messages from the sources the way po/meson.build does, and fails on
# every msgid that po/ja.po does not translate, on every source file with
# messages that po/POTFILES forgets (xgettext would never see it), and on a
# catalogue msgfmt rejects (printf directives that differ from the msgid
# crash or garble the output). Then it checks that the built binary really
# speaks Japanese.
. "$SRCDIR/tests/cli/lib.sh"

PO="$SRCDIR/po/ja.po"
POTFILES="$SRCDIR/po/POTFILES"

if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgfmt >/dev/null 2>&1; then
	echo "1..0 # SKIP gettext tools (xgettext, msgfmt) not installed"
	exit 0
fi

# 1. Every source file with messages is in POTFILES. The pattern finds _("
# and N_(" (not a longer name ending in _) and ngettext(.
missing=$(cd "$SRCDIR" &&
	grep -rlE '(^|[^A-Za-z0-9_])(_|N_)\("|ngettext\(' src \
		--include='*.c' --include='*.h' | LC_ALL=C sort |
	LC_ALL=C comm -23 - <(LC_ALL=C sort "$POTFILES"))
is "$missing" "" "every file under src/ that uses _(\"...\") is in po/POTFILES"

# Sorted, one path a line, so that concurrent additions merge cleanly.
unsorted=$(LC_ALL=C sort -c "$POTFILES" 2>&1)
is "$unsorted" "" "po/POTFILES is sorted (LC_ALL=C)"

# 2. POTFILES names only files that exist (xgettext would stop on the first).
gone=""
while IFS= read -r f; do
	[ -z "$f" ] && continue
	[ -f "$SRCDIR/$f" ] || gone="$gone $f"
done <"$POTFILES"
is "$gone" "" "every file in po/POTFILES exists"

# 3. Extract as po/meson.build does, from the source root so that the file
# names match the catalogue's references.
files=()
while IFS= read -r f; do
	[ -n "$f" ] && [ -f "$SRCDIR/$f" ] && files+=("$f")
done <"$POTFILES"
if (cd "$SRCDIR" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
	--add-comments=TRANSLATORS: --package-name=ecguard \
	-o "$TMPD/ecguard.pot" "${files[@]}") 2>"$TMPD/xgettext.err"; then
	_report ok "xgettext extracts the messages of po/POTFILES"
else
	_report fail "xgettext extracts the messages of po/POTFILES" "$(cat "$TMPD/xgettext.err")"
fi

# 4. Every extracted msgid has a non-empty, non-fuzzy translation.
cat >"$TMPD/pocheck.py" <<'EOF'
import sys

ESC = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r', 'a': '\a',
       'b': '\b', 'f': '\f', 'v': '\v'}


def unquote(s):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError('not a quoted string: ' + s)
    s, out, i = s[1:-1], [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            i += 1
            c = s[i]
            if c in ESC:
                out.append(ESC[c])
            elif c in '01234567':
                j = i
                while j < len(s) and j < i + 3 and s[j] in '01234567':
                    j += 1
                out.append(chr(int(s[i:j], 8)))
                i = j - 1
            else:
                out.append(c)
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def parse(path):
    """{(msgctxt, msgid): {'strs': [...], 'fuzzy': bool}}, obsolete left out."""
    entries, cur, field = {}, None, None

    def flush():
        nonlocal cur
        if cur is not None and 'msgid' in cur:
            key = (cur.get('msgctxt'), cur['msgid'])
            strs = [cur[k] for k in sorted(cur) if k.startswith('msgstr')]
            entries[key] = {'strs': strs, 'fuzzy': cur['fuzzy']}
        cur = None

    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#~'):
                if not line.strip():
                    flush()
                continue
            if line.startswith('#'):
                if cur is not None and 'msgid' in cur:
                    flush()
                if cur is None:
                    cur = {'fuzzy': False}
                if line.startswith('#,') and \
                        'fuzzy' in [x.strip() for x in line[2:].split(',')]:
                    cur['fuzzy'] = True
                continue
            if line.startswith('"'):
                cur[field] += unquote(line)
                continue
            kw, _, rest = line.partition(' ')
            if kw in ('msgctxt', 'msgid') and cur is not None and \
                    'msgid' in cur:
                flush()
            if cur is None:
                cur = {'fuzzy': False}
            if kw == 'msgstr':
                kw = 'msgstr[0]'
            if kw not in ('msgctxt', 'msgid', 'msgid_plural') and \
                    not kw.startswith('msgstr['):
                raise SystemExit('%s:%d: cannot parse: %s' % (path, n, line))
            field = kw
            cur[field] = unquote(rest)
    flush()
    return entries


pot, po = parse(sys.argv[1]), parse(sys.argv[2])
bad = []
for key in pot:
    if key[1] == '':
        continue
    e = po.get(key)
    if e is None:
        why = 'not in ja.po'
    elif e['fuzzy']:
        why = 'fuzzy'
    elif not e['strs'] or any(s == '' for s in e['strs']):
        why = 'empty msgstr'
    else:
        continue
    ctx = '' if key[0] is None else '[%s] ' % key[0]
    bad.append('%s (%s%s)' % (why, ctx, key[1].replace('\n', '\\n')[:160]))
for b in bad:
    print(b)
print('%d of %d messages untranslated' % (len(bad), len(pot) - 1),
      file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
if untranslated=$(python3 "$TMPD/pocheck.py" "$TMPD/ecguard.pot" "$PO" 2>"$TMPD/pocheck.err"); then
	_report ok "po/ja.po translates every message ($(cat "$TMPD/pocheck.err"))"
else
	_report fail "po/ja.po translates every message" \
		"$(cat "$TMPD/pocheck.err")
$untranslated
fix: ninja -C build ecguard-pot; msgmerge -q --no-fuzzy-matching --no-wrap po/ja.po po/ecguard.pot -o po/ja.po; then fill the empty msgstr"
fi

# 5. msgfmt accepts the catalogue: same printf directives as the msgid,
# the same leading and trailing newlines, a valid header.
if msgfmt -c --check-format -o /dev/null "$PO" 2>"$TMPD/msgfmt.err"; then
	_report ok "msgfmt -c --check-format accepts po/ja.po"
else
	_report fail "msgfmt -c --check-format accepts po/ja.po" "$(grep -v 'header field' "$TMPD/msgfmt.err")"
fi

# 6. The binary speaks Japanese with the catalogue the build made.
run --lang ja --help
is "$rc" 0 "--lang ja --help exits 0"
contains "$out" "使い方: ecguard" "--lang ja --help: usage in Japanese"
contains "$out" "共通オプション:" "--lang ja --help: global options in Japanese"
contains "$out" "ガイドラインのテーマと施策を表示する" "--lang ja --help: command summaries in Japanese"
not_contains "$out" "Global options:" "--lang ja --help: no English heading left"
for c in $("$ECGUARD" --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}'); do
	run --lang ja "$c" --help
	contains "$out" "使い方: ecguard $c" "--lang ja $c --help is Japanese"
done

run --lang ja audit --root "$SRCDIR/tests/fixtures/weak" --no-store
is "$rc" 1 "--lang ja audit of the weak fixture exits 1 (alarms)"
contains "$out" "ecguard 監査レポート" "audit report title in Japanese"
contains "$out" "総合スコア: " "audit overall score in Japanese"
contains "$out" "対策テーマ" "audit themes heading in Japanese"
contains "$out" "重大 (" "audit severity heading in Japanese"
contains "$out" "対処方法: " "audit remediation label in Japanese"
contains "$out" "施策: 達成 " "audit measure summary in Japanese"
not_contains "$out" "Overall score" "audit: no English heading left"

run --lang ja catalog T02.99
is "$rc" 2 "--lang ja: an unknown measure exits 2"
contains "$err" "テーマまたは施策 \"T02.99\" はありません" "--lang ja: errors in Japanese"
done_testing
