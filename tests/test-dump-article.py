#!/usr/bin/env python3
"""sahifa --dump-article through the real program, data-driven.

    test-dump-article.py SAHIFA SOURCE_ROOT

For every tests/data/articles/NAME.txt with a NAME.expected.jsonl beside it
(written by hand: role, dir and text of each shown block, in order), runs
`SAHIFA --dump-article NAME.txt` and prints "NAME: block K: expected X, got Y"
for each difference. Every dump, of these and of the bundled articles in
assets/articles/, must hold what its offsets say: each block's text is the
file's bytes [start, end), the blocks are in order and do not overlap (but
for the lead of a page without a headline, a prefix of the next block).
A missing file and a binary one must exit 1 with one line naming the file.
Exit 0 when all hold, 1 otherwise.
"""

import json
import os
import subprocess
import sys
import tempfile

FIELDS = ('role', 'dir', 'text')


def dump(sahifa, path):
    r = subprocess.run([sahifa, '--dump-article', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return r.returncode, r.stdout.decode('utf-8'), r.stderr.decode('utf-8', 'replace')


def check_offsets(name, data, blocks):
    """Text == bytes [start, end); in order; the only overlap is a lead."""
    bad = []
    prev_end = 0
    for k, b in enumerate(blocks, 1):
        s, e = b['start'], b['end']
        if not 0 <= s < e <= len(data):
            bad.append('%s: block %d: expected a range in the file, got [%d,%d)' % (name, k, s, e))
            continue
        held = data[s:e].decode('utf-8', 'replace')
        if b['role'] == 'figure':
            # A front-matter photo stands on the line breaks before its
            # caption; its text is its alt.
            if held.strip('\r\n') or b['text'] != b.get('alt'):
                bad.append('%s: block %d: expected a figure on line breaks with its alt as '
                           'text, got bytes %r and text %r' % (name, k, held[:40], b['text']))
        elif held != b['text']:
            bad.append('%s: block %d: expected its text to be bytes [%d,%d) %r, got %r'
                       % (name, k, s, e, held[:40], b['text'][:40]))
        lead = (b['role'] == 'headline' and k < len(blocks) and blocks[k]['start'] == s
                and blocks[k]['end'] >= e)
        if s < prev_end:
            bad.append('%s: block %d: expected to start at or after %d, got %d'
                       % (name, k, prev_end, s))
        if not lead:
            prev_end = e
    return bad


def parse(name, out):
    blocks = []
    for k, line in enumerate(out.splitlines(), 1):
        try:
            blocks.append(json.loads(line))
        except ValueError:
            return None, ['%s: output line %d: expected JSON, got %r' % (name, k, line[:60])]
    return blocks, []


def check_expected(name, blocks, expected):
    bad = []
    for k in range(max(len(blocks), len(expected))):
        want = expected[k] if k < len(expected) else None
        got = blocks[k] if k < len(blocks) else None
        if want is None:
            bad.append('%s: block %d: expected none, got %s %r'
                       % (name, k + 1, got['role'], got['text'][:50]))
            continue
        if got is None:
            bad.append('%s: block %d: expected %s %r, got none'
                       % (name, k + 1, want['role'], want['text'][:50]))
            continue
        for f in FIELDS + tuple(k for k in ('src', 'alt', 'start', 'end') if k in want):
            if want[f] != got.get(f):
                bad.append('%s: block %d: expected %s %r, got %r'
                           % (name, k + 1, f, want[f], got.get(f)))
    return bad


def check_failure(sahifa, path, why):
    code, out, err = dump(sahifa, path)
    lines = err.strip().splitlines()
    if code != 1 or out or len(lines) != 1 or path not in lines[0]:
        return ['%s: expected exit 1, no output and one line naming %s, got exit %d, '
                '%d bytes out, %r' % (why, path, code, len(out), err)]
    return []


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    sahifa, root = sys.argv[1], sys.argv[2]
    data_dir = os.path.join(root, 'tests', 'data', 'articles')
    bad, cases = [], 0
    names = sorted(f[:-4] for f in os.listdir(data_dir) if f.endswith('.txt'))
    for name in names:
        path = os.path.join(data_dir, name + '.txt')
        exp_path = os.path.join(data_dir, name + '.expected.jsonl')
        code, out, err = dump(sahifa, path)
        if code != 0:
            bad.append('%s: expected exit 0, got %d: %s' % (name, code, err.strip()))
            continue
        blocks, why = parse(name, out)
        bad += why
        if blocks is None:
            continue
        with open(path, 'rb') as f:
            bad += check_offsets(name, f.read(), blocks)
        if os.path.exists(exp_path):
            cases += 1
            with open(exp_path, encoding='utf-8') as f:
                expected = [json.loads(line) for line in f if line.strip()]
            bad += check_expected(name, blocks, expected)
    assets = os.path.join(root, 'assets', 'articles')
    for f in sorted(os.listdir(assets)):
        if not f.endswith('.txt'):
            continue
        path = os.path.join(assets, f)
        code, out, err = dump(sahifa, path)
        blocks, why = parse(f, out) if code == 0 else (None, ['%s: exit %d' % (f, code)])
        bad += why
        if blocks is not None:
            with open(path, 'rb') as fh:
                bad += check_offsets(f, fh.read(), blocks)
            heads = sum(b['role'] == 'headline' for b in blocks)
            if heads != 1:
                bad.append('%s: expected 1 headline, got %d' % (f, heads))
    # Web pages: the blocks of tests/data/html/NAME.html as their
    # hand-checked NAME.jsonl lists them (a figure with its src and alt).
    html_dir = os.path.join(root, 'tests', 'data', 'html')
    keys = ('role', 'dir', 'text', 'start', 'end', 'src', 'alt')
    for f in sorted(os.listdir(html_dir)):
        if not f.endswith('.html'):
            continue
        cases += 1
        code, out, err = dump(sahifa, os.path.join(html_dir, f))
        if code != 0:
            bad.append('%s: expected exit 0, got %d: %s' % (f, code, err.strip()))
            continue
        got = [json.loads(line) for line in out.splitlines() if line.strip()]
        with open(os.path.join(html_dir, f[:-5] + '.jsonl'), encoding='utf-8') as fh:
            want = [json.loads(line) for line in fh if line.strip()]
        if len(got) != len(want):
            bad.append('%s: expected %d blocks, got %d' % (f, len(want), len(got)))
        for k, (g, w) in enumerate(zip(got, want)):
            for key in keys:
                if g.get(key) != w.get(key):
                    bad.append('%s: block %d: expected %s %r, got %r'
                               % (f, k, key, w.get(key), g.get(key)))
            if g['role'] == 'figure' and list(g)[:3] != ['role', 'src', 'alt']:
                bad.append('%s: block %d: a figure starts role, src, alt; got %s'
                           % (f, k, list(g)))
    with tempfile.TemporaryDirectory(prefix='sahifa-dump-') as tmp:
        page = os.path.join(tmp, 'binary.html')
        with open(page, 'wb') as fh:
            fh.write(b'<html>\x00\x01\x02 not a page</html>')
        bad += check_failure(sahifa, page, 'a binary web page')
        bad += check_failure(sahifa, os.path.join(tmp, 'missing.txt'), 'a missing file')
        binary = os.path.join(tmp, 'binary.txt')
        with open(binary, 'wb') as f:
            f.write(b'\x7fELF\x02\x01\x01\x00\x00\x00 not text\n')
        bad += check_failure(sahifa, binary, 'a binary file')
    for line in bad:
        print(line)
    print('dump-article: %d expected-blocks files, %d failures' % (cases, len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
