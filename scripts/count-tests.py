#!/usr/bin/env python3
"""Counts every test case that ran in the given Meson build folders, from
their meson-logs/testlog.json: each TAP line ("ok" / "not ok") is one case; a
test that printed no TAP line counts as one case by its result; a test that
failed although all its cases passed (it crashed after them, or a sanitizer
fired at exit) adds one failure. Prints per-build totals and, last, the one
line `N passed, N failed` that CI reads."""
import json
import re
import sys

TAP = re.compile(r'^(not ok|ok)\b(.*)$')


def count(build):
    passed = failed = 0
    failures = []
    try:
        lines = open(build + '/meson-logs/testlog.json', encoding='utf-8').read().splitlines()
    except OSError:
        print('%s: no test log' % build, file=sys.stderr)
        return 0, 1, ['%s: no test log' % build]
    for line in lines:
        t = json.loads(line)
        p = f = 0
        for out in (t.get('stdout') or '').splitlines():
            m = TAP.match(out.strip())
            if not m:
                continue
            if m.group(1) == 'ok':
                p += 1
            else:
                f += 1
                failures.append('%s: %s' % (t['name'], out.strip()))
        ok = t['result'] in ('OK', 'EXPECTEDFAIL', 'SKIP')
        if p + f == 0:
            if ok:
                p = 1
            else:
                f = 1
                failures.append('%s: %s' % (t['name'], t['result']))
        elif not ok and f == 0:
            f = 1
            failures.append('%s: %s after its cases passed' % (t['name'], t['result']))
        passed += p
        failed += f
    return passed, failed, failures


def main():
    tp = tf = 0
    for b in sys.argv[1:]:
        p, f, fails = count(b)
        print('%s: %d passed, %d failed' % (b, p, f))
        for x in fails[:50]:
            print('  FAILED ' + x)
        tp += p
        tf += f
    print('%d passed, %d failed' % (tp, tf))
    return 1 if tf else 0


sys.exit(main())
