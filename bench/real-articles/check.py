#!/usr/bin/env python3
"""Measure `sahifa --dump-article` on the real scraped pages of ../shared/real-articles.

    bench/real-articles/check.py [--sahifa build/app/sahifa] [--dir ../shared/real-articles]
                                 [--expected FILE] [-v]

Each page is judged against bench/real-articles/expected.json, written by reading the pages
(never from the parser's output): which line is the headline (or that a lead is due), which
lines are chrome and must not be shown, which must be shown (every body sentence), the role
and direction of some lines, and repeats shown once. Lines are named by number plus a short
prefix that is checked against the file, so an edited page is reported, not misjudged.

A line counts as shown by byte offsets: the shown blocks' [start, end) ranges must cover all
of its non-space bytes but a few (a stray bullet or "|"), or any of them for a "partial" line
(metadata glued to chrome). A hidden line must not overlap any shown block.

Prints one line per failing page ("expected X, got Y" for each failed expectation), then
"lines dropped: K" (show-lines not shown: the worst failure) and "clean N/M". It measures, it
does not gate: exit 0 when it ran, 77 when the pages are not there, 2 on a usage error.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ROLES = {'headline', 'deck', 'byline', 'dateline', 'date', 'reading_time', 'source',
         'caption', 'heading', 'body', 'quote', 'list_item', 'figure'}
HEADLINE_MAX = 160      # characters: a headline or a lead cut from the first paragraph
UNCOVERED_MAX = 8       # bytes of a shown line that may be left out (a bullet, a "|")
TIMEOUT = 20            # seconds per page
ELLIPSIS = ('\u2026', '...')
SUFFIX = re.compile(r'\s+[|\-\u2013\u2014]\s+[^|\-\u2013\u2014]{1,40}$')
END_PUNCT = '.,:;!?\u060c\u061b\u061f\u06d4'


def norm(s):
    """Whitespace collapsed (U+00A0 included) and stripped."""
    return ' '.join(s.replace('\u00a0', ' ').split())


def short(s, n=40):
    s = norm(s)
    return "'%s'" % (s if len(s) <= n else s[:n] + '\u2026')


class Page:
    """A page's text split into lines, each with the byte range of its trimmed content."""

    def __init__(self, path):
        with open(path, 'rb') as f:
            self.data = f.read()
        self.lines = []          # (text, start, end) of the trimmed line, 1-based via line()
        pos = 0
        for raw in self.data.split(b'\n'):
            text = raw.decode('utf-8', 'replace')
            lead = len(text) - len(text.lstrip())
            body = text.strip()
            s = pos + len(text[:lead].encode('utf-8'))
            self.lines.append((body, s, s + len(body.encode('utf-8'))))
            pos += len(raw) + 1
        # non-space byte positions per line, for coverage
        self.solid = []
        for body, s, _ in self.lines:
            spots, off = [], s
            for ch in body:
                n = len(ch.encode('utf-8'))
                if not ch.isspace():
                    spots.append((off, n))
                off += n
            self.solid.append(spots)

    def count(self):
        return len(self.lines)

    def text(self, n):
        return self.lines[n - 1][0]

    def span(self, n):
        return self.lines[n - 1][1], self.lines[n - 1][2]

    def blank(self, n):
        return not norm(self.text(n))

    def uncovered(self, n, blocks):
        """Non-space bytes of line @n that no block in @blocks covers."""
        left = 0
        for off, size in self.solid[n - 1]:
            if not any(b['start'] <= off and off + size <= b['end'] for b in blocks):
                left += size
        return left

    def weight(self, n):
        """Non-space bytes of line @n."""
        return sum(size for _, size in self.solid[n - 1])

    def overlap(self, n, block):
        s, e = self.span(n)
        return max(0, min(e, block['end']) - max(s, block['start']))


def expand(spec, page):
    """Line numbers of @spec (ints and "a-b" ranges), blank lines left out."""
    out = []
    for item in spec or []:
        if isinstance(item, int):
            lo = hi = item
        else:
            lo, hi = (int(x) for x in item.split('-'))
        out.extend(n for n in range(lo, hi + 1) if not page.blank(n))
    return out


def check_prefixes(exp, page):
    """The expectations' line prefixes against the file: a changed page is reported."""
    bad = []
    for key, prefix in exp.get('lines', {}).items():
        n = int(key)
        if n < 1 or n > page.count():
            bad.append('line %d: expected %s, the file has %d lines' % (n, short(prefix),
                                                                     page.count()))
        elif not norm(page.text(n)).startswith(norm(prefix)):
            bad.append('line %d: expected it to start %s, got %s (page changed?)'
                       % (n, short(prefix), short(page.text(n), 20)))
    return bad


def run_dump(sahifa, path):
    """(blocks, error): the shown blocks of `sahifa --dump-article`, or why there are none."""
    try:
        r = subprocess.run([sahifa, '--dump-article', path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, 'dump: expected an answer, got none within %d s' % TIMEOUT
    except OSError as e:
        return None, 'dump: could not run %s: %s' % (sahifa, e.strerror)
    if r.returncode != 0:
        why = r.stderr.decode('utf-8', 'replace').strip().splitlines()
        return None, 'dump: expected exit 0, got %d (%s)' % (
            r.returncode, why[0] if why else 'no message')
    blocks = []
    for k, line in enumerate(r.stdout.decode('utf-8', 'replace').splitlines(), 1):
        if not line.strip():
            continue
        try:
            b = json.loads(line)
        except ValueError:
            return None, 'dump: expected JSON on output line %d, got %s' % (k, short(line))
        ok = (isinstance(b, dict) and b.get('role') in ROLES and b.get('dir') in ('rtl', 'ltr')
              and isinstance(b.get('text'), str) and isinstance(b.get('start'), int)
              and isinstance(b.get('end'), int))
        if not ok:
            return None, 'dump: expected a block on output line %d, got %s' % (k, short(line))
        blocks.append(b)
    return blocks, None


def strip_ellipsis(t):
    t = norm(t)
    for e in ELLIPSIS:
        if t.endswith(e):
            t = t[:-len(e)].rstrip()
    return t


def check_offsets(blocks, page):
    """Each block's text must be what its byte range holds (whitespace aside)."""
    bad = []
    for k, b in enumerate(blocks, 1):
        if not 0 <= b['start'] <= b['end'] <= len(page.data):
            bad.append('block %d (%s): expected a range inside the file, got [%d,%d)'
                       % (k, b['role'], b['start'], b['end']))
            continue
        held = norm(page.data[b['start']:b['end']].decode('utf-8', 'replace'))
        t = strip_ellipsis(b['text'])
        if not t:
            bad.append('block %d (%s): expected text, got none' % (k, b['role']))
        elif t not in held and (unicodedata.normalize('NFKC', t)
                                not in unicodedata.normalize('NFKC', held)):
            bad.append('block %d (%s): expected the text of bytes [%d,%d), got %s'
                       % (k, b['role'], b['start'], b['end'], short(b['text'])))
    return bad


def word_cut(prefix, whole):
    """@prefix starts @whole and ends where a word does."""
    if not prefix or not whole.startswith(prefix):
        return False
    return (len(prefix) == len(whole) or whole[len(prefix)] == ' '
            or prefix[-1] in END_PUNCT)


def check_headline(exp, page, blocks):
    want = exp.get('headline')
    heads = [b for b in blocks if b['role'] == 'headline']
    if want is None:
        if heads:
            return ['headline: expected none, got %s' % short(heads[0]['text'])]
        return []
    if 'line' in want:
        n = want['line']
        what = 'line %d %s' % (n, short(page.text(n), 24))
    else:
        n = want['lead']
        what = 'a lead cut from line %d %s' % (n, short(page.text(n), 24))
    if len(heads) != 1:
        got = 'none' if not heads else '%d headlines' % len(heads)
        return ['headline: expected %s, got %s' % (what, got)]
    got = norm(heads[0]['text'])
    if 'line' in want:
        line = norm(page.text(n))
        if got == line or got == norm(SUFFIX.sub('', line)):
            return []
        return ['headline: expected %s, got %s' % (what, short(got))]
    lead = strip_ellipsis(got)
    # the paragraph may run over hard-wrapped lines
    joined = norm(' '.join(page.text(k) for k in range(n, min(page.count(), n + 8) + 1)))
    wholes = [joined]
    # or of a block over that line: a dateline may have been split off its start
    wholes += [norm(b['text']) for b in blocks
               if b['role'] != 'headline' and page.overlap(n, b) > 0]
    if len(lead) <= HEADLINE_MAX and any(word_cut(lead, w) for w in wholes):
        return []
    return ['headline: expected %s (<= %d characters, cut at a word), got %d characters %s'
            % (what, HEADLINE_MAX, len(got), short(got))]


def covering(n, page, blocks, group_of):
    """The shown blocks over line @n, largest overlap first; a repeat looks at its group."""
    over = sorted((b for b in blocks if page.overlap(n, b) > 0),
                  key=lambda b: -page.overlap(n, b))
    if not over and n in group_of:
        for m in group_of[n]:
            over += [b for b in blocks if page.overlap(m, b) > 0]
    return over


def check_page(exp, page, blocks):
    """(failures, dropped lines) of one page."""
    fails = check_offsets(blocks, page)
    fails += check_headline(exp, page, blocks)
    lead = exp.get('headline') and 'lead' in exp['headline']
    body_blocks = [b for b in blocks if not (lead and b['role'] == 'headline')]
    for n in expand(exp.get('hide'), page):
        over = [b for b in blocks if page.uncovered(n, [b]) < page.weight(n)]
        if over:
            fails.append('line %d %s: expected hidden, got shown as %s'
                         % (n, short(page.text(n), 20), over[0]['role']))
    dropped = 0
    shown = set(expand(exp.get('show'), page) + expand(exp.get('partial'), page))
    for n in expand(exp.get('show'), page):
        left = page.uncovered(n, body_blocks)
        if left > UNCOVERED_MAX:
            dropped += 1
            total = page.weight(n)
            got = 'not shown' if left == total else '%d of %d bytes missing' % (left, total)
            fails.append('line %d %s: expected shown, got %s' % (n, short(page.text(n), 20),
                                                                  got))
    for n in expand(exp.get('partial'), page):
        if not [b for b in body_blocks if page.overlap(n, b) > 0]:
            dropped += 1
            fails.append('line %d %s: expected shown (in part), got not shown'
                         % (n, short(page.text(n), 20)))
    group_of = {}
    for g in exp.get('once', []) + exp.get('at_most_once', []):
        for m in g:
            group_of[m] = g
    for key, want in exp.get('roles', {}).items():
        n = int(key)
        over = covering(n, page, body_blocks, group_of)
        got = over[0]['role'] if over else 'nothing shown'
        if got not in want:
            fails.append('line %d %s: expected %s, got %s'
                         % (n, short(page.text(n), 20), ' or '.join(want), got))
    for key, want in exp.get('dir', {}).items():
        n = int(key)
        over = covering(n, page, body_blocks, group_of)
        if not over and n in shown:
            continue    # reported above as not shown
        got = over[0]['dir'] if over else 'nothing shown'
        if got != want:
            fails.append('line %d %s: expected %s, got %s' % (n, short(page.text(n), 20),
                                                              want, got))
    for key, lo in (('once', 1), ('at_most_once', 0)):
        for g in exp.get(key, []):
            times = shown_times(g, page, body_blocks)
            if not lo <= times <= 1:
                fails.append('lines %s %s: expected shown %s, got %d times'
                             % ('/'.join(map(str, g)), short(page.text(g[0]), 20),
                                'once' if lo else 'at most once', times))
    for s in exp.get('hide_text', []):
        hit = [b for b in blocks if s.lower() in b['text'].lower()]
        if hit:
            fails.append('%s: expected hidden, got shown as %s' % (short(s), hit[0]['role']))
    return fails, dropped


def shown_times(group, page, blocks):
    """How often a repeated line's text is shown: by offsets, by text when one block spans
    several copies."""
    by_offsets = 0
    for m in group:
        total = page.weight(m)
        if total and page.uncovered(m, blocks) <= total // 2:
            by_offsets += 1
    if by_offsets <= 1:
        return by_offsets
    text = norm(page.text(group[0]))
    near = [b for b in blocks if any(page.overlap(m, b) > 0 for m in group)]
    by_text = sum(norm(b['text']).count(text) for b in near)
    return min(by_offsets, by_text) if by_text else by_offsets


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--sahifa', default=os.path.join(ROOT, 'build', 'app', 'sahifa'))
    ap.add_argument('--dir', default=os.path.join(ROOT, '..', 'shared', 'real-articles'))
    ap.add_argument('--expected', default=os.path.join(HERE, 'expected.json'))
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='list clean pages too, and the blocks of failing pages')
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        print('skip: %s not found (the real pages live beside the repository)' % args.dir)
        return 77
    try:
        with open(args.expected, encoding='utf-8') as f:
            pages = json.load(f)['pages']
    except (OSError, ValueError, KeyError) as e:
        print('%s: cannot read the expectations: %s' % (args.expected, e))
        return 2
    if not os.access(args.sahifa, os.X_OK):
        print('%s: not an executable (build first, or pass --sahifa)' % args.sahifa)
        return 2
    clean = dropped = shown_lines = 0
    for exp in pages:
        path = os.path.join(args.dir, exp['file'])
        if not os.path.isfile(path):
            print('%s: expected the page, got no such file' % exp['file'])
            continue
        page = Page(path)
        fails = check_prefixes(exp, page)
        blocks = None
        if not fails:
            lines = expand(exp.get('show'), page) + expand(exp.get('partial'), page)
            shown_lines += len(lines)
            blocks, err = run_dump(args.sahifa, path)
            if err:
                fails, lost = [err], len(lines)
            else:
                fails, lost = check_page(exp, page, blocks)
            dropped += lost
        if not fails:
            clean += 1
            if args.verbose:
                print('%s: clean' % exp['file'])
            continue
        print('%s: %s' % (exp['file'], '; '.join(fails)))
        if args.verbose and blocks:
            for b in blocks:
                print('    %-12s %s [%d,%d) %s' % (b['role'], b['dir'], b['start'], b['end'],
                                                  short(b['text'], 60)))
    print('lines dropped: %d of %d' % (dropped, shown_lines))
    print('clean %d/%d' % (clean, len(pages)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
