#!/usr/bin/env python3
"""Turns a data file into a C source defining `const char NAME[]` (NUL-terminated)
and `const size_t NAME_len`, so ecguard carries its catalogue and checks inside
the binary and works with no files beside it."""
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: embed.py INPUT OUTPUT SYMBOL")
    src, dst, sym = sys.argv[1:]
    data = open(src, "rb").read()
    out = ["/* Generated from %s by tools/embed.py; do not edit. */" % src.split("/")[-1],
           "#include <stddef.h>",
           "extern const unsigned char %s[];" % sym,
           "extern const size_t %s_len;" % sym,
           "const unsigned char %s[] = {" % sym]
    for i in range(0, len(data), 16):
        out.append("  " + ",".join(str(b) for b in data[i:i + 16]) + ",")
    out.append("  0};")
    out.append("const size_t %s_len = %d;" % (sym, len(data)))
    open(dst, "w").write("\n".join(out) + "\n")


main()
