#!/usr/bin/env python3
"""How the seed's justified lines look: word gaps, kashida, bad breaks.

    bench/justify.py [BUILD_DIR] [FILE]

Lays out FILE (default: the seed article) through BUILD_DIR/render/sahifa-layout
--json at the reader's text widths (800x480 and 480x800 pages less 2 x 24 px
of margin: 752 and 432 px) at 22 px, and at 432 px at 30 px, in three ways:

    before   first fit, spaces only (the engine as it was)
    spaces   total fit, spaces only (--justify spaces)
    after    total fit, kashida moderate (the reader's default)
    strong   total fit, kashida strong

and prints for each: lines, justified lines, the share of justified lines
with any word gap over 2x the natural space (the issue's target: <= 3%),
the widest gap (x the space), one-word last lines, lines ending on a short
preposition or conjunction (في على إلى من عن و), breaks between a number
and its month or unit, and the inserted kashidas (places, per kashida line).

With ../shared/peers beside the repository and Pango's development files,
pango-pager is built and its line breaks (--dump-lines) are measured the
same way: its gaps are estimated from our own shaping of each of its lines
(Pango justifies by stretching spaces alone, as "spaces" does), its bad
breaks counted exactly. Without them the Pango column is skipped.

Then the page fill, in the reader's page geometry at each setting (the page
less its 30 px status bar, a pitch of 1.6 x px, paragraphs 0.35 x px apart):
the blank height at the foot of every page but the last, by sahifa-render
(every paragraph body text, justified with kashida moderate) and beside it
by pango-pager with the same geometry.

With valgrind, the instructions of sah_layout_paragraph() for a whole pass
over FILE (callgrind, --toggle-collect) are printed for "before" and
"after". Figures only: the exit status is 0 whatever they are.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build')
FILE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, 'assets/articles/seed-article-ar.txt')
LAYOUT = os.path.join(BUILD, 'render', 'sahifa-layout')
RENDER = os.path.join(BUILD, 'render', 'sahifa-render')
MARGIN = 24
STATUS_BAR = 30
PITCH = 1.6
PARA_GAP = 0.35
SETTINGS = [(752, 22, '800x480'), (432, 22, '480x800'), (432, 30, '480x800')]
MODES = {
    'before': ['--fill', 'first', '--justify', 'spaces'],
    'spaces': ['--justify', 'spaces'],
    'after': ['--justify', 'kashida'],
    'strong': ['--justify', 'kashida', '--kashida', 'strong'],
}
LEANING = {'في', 'على', 'إلى', 'الى', 'من', 'عن', 'و'}
MONTHS = {'يناير', 'فبراير', 'مارس', 'أبريل', 'ابريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس',
          'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'}


def layout(path, width, px, args):
    r = subprocess.run([LAYOUT, '--width', str(width), '--px', str(px), *args, '--json', path],
                       stdout=subprocess.PIPE, check=True)
    return [json.loads(l) for l in r.stdout.decode().splitlines()]


def is_space(data, c):
    return data[c:c + 1] == b' ' or data[c:c + 2] == b'\xc2\xa0'


def natural_spaces(path, width, px):
    """The natural advance of each space glyph id (from an unjustified layout)."""
    nat = {}
    data = open(path, 'rb').read()
    for l in layout(path, width, px, ['--justify', 'none']):
        for g in l['glyphs']:
            if is_space(data, g['c']):
                nat[g['g']] = g['xa']
    return nat


def has_digit(w):
    return any(c.isdigit() for c in w)


def bad_breaks(texts, last):
    """(one-word last lines, leaning line ends, number/month splits) of a
    paragraph's line texts in order; @last[i]: line i ends its paragraph."""
    one = lean = num = 0
    for i, t in enumerate(texts):
        w = t.split()
        if not w:
            continue
        if last[i]:
            one += len(w) == 1 and i > 0 and not last[i - 1]
            continue
        nxt = texts[i + 1].split() if i + 1 < len(texts) else []
        a = w[-1].strip('،,.()"')
        b = nxt[0].strip('،,.()"') if nxt else ''
        lean += a in LEANING
        num += (has_digit(a) and b in MONTHS) or (a in MONTHS and has_digit(b)) or \
            (a.endswith('\u0640') and bool(b))
    return one, lean, num


def stats_of_lines(data, lines, nat, tatweel):
    just = loose = places = klines = 0
    widest = 0.0
    texts, last = [], []
    for i, l in enumerate(lines):
        texts.append(data[l['start']:l['end']].decode())
        last.append(l['last'])
        width = sum(g['xa'] for g in l['glyphs'])
        sp = [g for g in l['glyphs'] if is_space(data, g['c'])]
        k = len({g['c'] for g in l['glyphs'] if g['g'] == tatweel and
                 data[g['c']:g['c'] + 2] != '\u0640'.encode()})
        places += k
        klines += k > 0
        if l['last'] or not sp or width != l['measure']:
            continue
        just += 1
        r = max(g['xa'] / nat.get(g['g'], g['xa']) for g in sp)
        widest = max(widest, r)
        loose += r > 2
    one, lean, num = bad_breaks(texts, last)
    return dict(lines=len(lines), just=just, loose=loose, widest=widest, one=one, lean=lean,
                num=num, places=places, klines=klines)


def tatweel_id():
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False, encoding='utf-8') as f:
        f.write('\u0628\u0640\u0628\n')
    try:
        l = layout(f.name, 0, 20, ['--justify', 'none'])
        return [g['g'] for g in l[0]['glyphs'] if g['c'] == 2][0]
    finally:
        os.unlink(f.name)


def row(name, s):
    share = 100.0 * s['loose'] / s['just'] if s['just'] else 0.0
    kas = ('%4d on %3d lines' % (s['places'], s['klines'])) if s['places'] >= 0 else '       -'
    print('  %-8s %5d %6d %5d (%5.1f%%) %6.2fx %5d %6d %6d   %s' %
          (name, s['lines'], s['just'], s['loose'], share, s['widest'], s['one'], s['lean'],
           s['num'], kas))


def pango_peer(work):
    peers = os.path.join(ROOT, '..', 'shared', 'peers')
    if not os.path.isdir(peers):
        print('note: ../shared/peers not found: no Pango column')
        return None
    dst = os.path.join(work, 'peers')
    shutil.copytree(peers, dst)
    r = subprocess.run(['make', '-s', '-C', dst, 'pango-pager'], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        print('note: pango-pager did not build (libpango1.0-dev libcairo2-dev missing?): '
              'no Pango column')
        return None
    return os.path.join(dst, 'pango-pager')


def split_paragraphs(text):
    """pango-pager's paragraphs: blank lines part them, lines trimmed at
    the end and joined by newlines, a BOM dropped."""
    if text.startswith('\ufeff'):
        text = text[1:]
    paras, cur = [], []
    for line in text.split('\n'):
        line = line.rstrip('\r \t')
        if not line.strip(' \t'):
            if cur:
                paras.append('\n'.join(cur))
                cur = []
        else:
            cur.append(line)
    if cur:
        paras.append('\n'.join(cur))
    return [p.encode() for p in paras]


def pango_stats(peer, width, px, page, work):
    w, h = page.split('x')
    r = subprocess.run([peer, '--px', str(px), '--width', w, '--height', h, '--margin',
                        str(MARGIN), '--quiet', '--dump-lines', FILE],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    paras = split_paragraphs(open(FILE, encoding='utf-8').read())
    rows = []
    for l in r.stderr.decode().splitlines():
        f = l.split()
        if not l.startswith('line ') or 'para' not in f:
            continue
        p, start, n = int(f[f.index('para') + 1]) - 1, int(f[f.index('start') + 1]), \
            int(f[f.index('len') + 1])
        # A line that ends at a newline ends a paragraph for Pango (one
        # newline is a hard break: not justified).
        hard = paras[p][start + n:start + n + 1] == b'\n'
        rows.append((p, paras[p][start:start + n].decode('utf-8', 'replace') +
                     ('\n' if hard else '')))
    if not rows:
        return None
    # Each Pango line alone, unjustified, by our engine: its natural width.
    path = os.path.join(work, 'pango-lines.txt')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n\n'.join(t.replace('\n', ' ').strip() or '.' for _, t in rows) + '\n')
    data = open(path, 'rb').read()
    ours = layout(path, 0, px, ['--justify', 'none'])
    nat = natural_spaces(path, 0, px)
    just = loose = 0
    widest = 0.0
    texts, last = [], []
    for i, (p, t) in enumerate(rows):
        is_last = i + 1 == len(rows) or rows[i + 1][0] != p or t.endswith('\n')
        texts.append(t)
        last.append(is_last)
        l = ours[i] if i < len(ours) else None
        if is_last or l is None:
            continue
        sp = [g for g in l['glyphs'] if is_space(data, g['c'])]
        if not sp:
            continue
        slack = width * 64 - sum(g['xa'] for g in l['glyphs'])
        if slack < 0:
            continue
        just += 1
        r = max((g['xa'] + slack / len(sp)) / nat.get(g['g'], g['xa']) for g in sp)
        widest = max(widest, r)
        loose += r > 2
    one, lean, num = bad_breaks(texts, last)
    return dict(lines=len(rows), just=just, loose=loose, widest=widest, one=one, lean=lean,
                num=num, places=-1, klines=0)


def reader_page(page):
    """The page sahifa-render and pango-pager are given for @page (WxH): the
    reader's own, less its 30 px status bar; its line pitch (1.6 x px,
    absolute) and paragraph gap (0.35 x px, whole px for pango-pager)."""
    w, h = page.split('x')
    return int(w), int(h) - STATUS_BAR


def geometry_args(page, px):
    w, h = reader_page(page)
    return ['--px', str(px), '--width', str(w), '--height', str(h), '--margin', str(MARGIN),
            '--abs-line-height', '--line-height', str(PITCH), '--para-gap',
            str(round(px * PARA_GAP))]


def blanks(dump, page, px):
    """The blank height (px) at the foot of every page but the last, from
    --dump-lines rows ("line N: page P x X baseline B ..."): the text
    area's height less the span from its first baseline to its last plus
    one line pitch (a line's pitch is the same in both programs here)."""
    first, last = {}, {}
    for l in dump.splitlines():
        f = l.split()
        if not l.startswith('line ') or 'baseline' not in f:
            continue
        p, b = int(f[f.index('page') + 1]), float(f[f.index('baseline') + 1])
        first.setdefault(p, b)
        last[p] = b
    inner = reader_page(page)[1] - 2 * MARGIN
    pitch = round(px * PITCH)
    return [inner - (last[p] - first[p] + pitch) for p in sorted(first)[:-1]], inner


def fill_row(name, bl, inner):
    if not bl:
        print('  %-8s no page' % name)
        return
    s = sorted(bl)
    over = sum(b > inner * 0.1 for b in bl)
    print('  %-8s %5d %8.0f %6.0f (%4.1f%%) %6.0f (%4.1f%%) %6d' %
          (name, len(bl) + 1, sum(bl) / len(bl), s[len(s) // 2], 100.0 * s[len(s) // 2] / inner,
           s[-1], 100.0 * s[-1] / inner, over))


def page_fill(peer, page, px):
    """Blank area per page: sahifa-render (every paragraph body text,
    kashida moderate, as the reader's body) beside pango-pager, in the
    reader's page geometry."""
    print('  page fill (%s less the status bar, pitch %.1f x px, paragraph gap %d px), '
          'pages but the last:' % (page, PITCH, round(px * PARA_GAP)))
    print('  %-8s %5s %8s %15s %15s %6s' % ('', 'pages', 'mean px', 'median', 'worst',
                                           '> 10%'))
    r = subprocess.run([RENDER, *geometry_args(page, px), '--quiet', '--dump-lines', FILE],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    fill_row('ours', *blanks(r.stderr.decode(), page, px))
    if peer:
        r = subprocess.run([peer, *geometry_args(page, px), '--quiet', '--dump-lines', FILE],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        fill_row('pango', *blanks(r.stderr.decode(), page, px))


def callgrind(args):
    if not shutil.which('valgrind'):
        return None
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'cg.out')
        subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=' + out,
                        '--toggle-collect=sah_layout_paragraph', LAYOUT, '--width', '432',
                        '--px', '22', *args, FILE], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        for line in open(out):
            if line.startswith('totals:') or line.startswith('summary:'):
                return int(line.split()[1])
    return None


def main():
    if not os.access(LAYOUT, os.X_OK):
        print('bench/justify.py: %s not built' % LAYOUT)
        return 0
    data = open(FILE, 'rb').read()
    tatweel = tatweel_id()
    with tempfile.TemporaryDirectory() as work:
        peer = pango_peer(work)
        for width, px, page in SETTINGS:
            print('\n%s at %d px (page %s, %d px of text):' % (os.path.basename(FILE), px, page,
                                                             width))
            print('  %-8s %5s %6s %15s %7s %5s %6s %6s   %s' %
                  ('', 'lines', 'just.', 'gap > 2x', 'widest', '1-word', 'prep.', 'num|', 'kashida'))
            nat = natural_spaces(FILE, width, px)
            for name, args in MODES.items():
                row(name, stats_of_lines(data, layout(FILE, width, px, args), nat, tatweel))
            if peer:
                s = pango_stats(peer, width, px, page, work)
                if s:
                    row('pango', s)
            if os.access(RENDER, os.X_OK):
                page_fill(peer, page, px)
    print('\nColumns: lines; justified lines; those with a word gap over 2x the space; the '
          'widest gap;\none-word last lines; lines ending on في على إلى من عن و; breaks '
          'inside "28 ديسمبر 2021" or "بـ 2.1%";\nkashida places and the lines with any.')
    counts = {name: callgrind(MODES[name]) for name in ('before', 'spaces', 'after')}
    if all(counts.values()):
        print('\nsah_layout_paragraph() over the whole file at 432 px, 22 px (callgrind, '
              'cold caches), instructions per pass:')
        for name, what in (('before', 'first fit, spaces'), ('spaces', 'total fit, spaces'),
                           ('after', 'total fit, kashida moderate')):
            print('  %-8s %-28s %7.2f M (x%.2f)' % (name, what, counts[name] / 1e6,
                                                    counts[name] / counts['before']))
    return 0


sys.exit(main())
