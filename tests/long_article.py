#!/usr/bin/env python3
"""tests/long_article.py - long articles for the tests, and their identity.

    long_article.py SEED OUT COPIES

writes COPIES distinct copies of SEED into OUT (each non-blank line ends in
its copy's number, " (K)", so that nothing is hidden as a repeat) and prints
OUT's identity. identity(PATH) is that identity as article.h defines it,
computed here independently of the app: the SHA-256 of the text's lines,
BOM dropped, each trimmed of spaces, tabs and U+00A0, blank ones dropped,
joined by LF."""
import hashlib
import re
import sys


def identity(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out = []
    for line in re.split(rb"\r\n|\r|\n", data):
        line = re.sub(rb"^(?:[ \t]|\xc2\xa0)+", b"", line)
        line = re.sub(rb"(?:[ \t]|\xc2\xa0)+$", b"", line)
        if line:
            out.append(line)
    return hashlib.sha256(b"\n".join(out)).hexdigest()


def write_copies(seed, out, copies):
    lines = open(seed, encoding="utf-8").read().split("\n")
    with open(out, "w", encoding="utf-8", newline="") as f:
        for k in range(1, copies + 1):
            f.write("\n".join(l + f" ({k})" if l.strip() else l for l in lines) + "\n")


if __name__ == "__main__":
    write_copies(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    print(identity(sys.argv[2]))
