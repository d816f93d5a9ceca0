#!/usr/bin/env python3
"""Justification, kashida and total-fit line breaking through the real program.

    test-justify.py SAHIFA_LAYOUT SOURCE_ROOT

Runs `sahifa-layout --width W --px N --justify none|spaces|kashida --json FILE`
on the seed article and on tests/data/justify-mixed.txt (Arabic with Latin,
digits, harakat, Persian, Hebrew) at several widths and sizes, and checks:

- the format: one object per line with its keys and types; lines in order,
  each glyph's "c" inside its line's bytes;
- every justified line (not a paragraph's last, not before a newline, with
  a space) is exactly the measure (the test allows 1 px) and no line is
  wider than the measure;
- every tatweel the engine inserted (a tatweel glyph whose cluster is
  another letter) sits where Unicode's ArabicShaping.txt (Debian's
  unicode-data) says two letters join: the letter before Dual_Joining, the
  next letter (marks skipped) Dual or Right_Joining, in the same word, never
  lam + alef; at most two places a word and three tatweels a place
  (moderate); none with --justify spaces; and there are some;
- no line ends between "بـ" and "2.1%", between a number and its month or
  unit, or between a month and its year; total fit leaves no one-word last
  line and ends no more lines on في على إلى من عن و than first fit;
- a hand-worked paragraph where total fit, shrinking spaces a little, sets
  better lines than first fit (see hand_worked()).

Exit 0 when all hold, 1 otherwise, 77 when Noto Naskh Arabic is missing.
"""

import json
import os
import subprocess
import sys
import tempfile
import unicodedata

LAYOUT, ROOT = sys.argv[1], sys.argv[2]
SHAPING = '/usr/share/unicode/ArabicShaping.txt'
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def layout(path, width, px, justify, *extra):
    r = subprocess.run([LAYOUT, '--width', str(width), '--px', str(px), '--justify', justify,
                        *extra, '--json', path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    if r.returncode != 0:
        fail('%s at %s px: exit %d: %s' % (path, width, r.returncode, r.stderr.decode()[:200]))
        return []
    return [json.loads(l) for l in r.stdout.decode().splitlines()]


def load_shaping():
    """Joining type and group of each code point listed in ArabicShaping.txt."""
    jt, jg = {}, {}
    with open(SHAPING, encoding='utf-8') as f:
        for line in f:
            line = line.split('#')[0].strip()
            if not line:
                continue
            cp, _name, t, g = [x.strip() for x in line.split(';')]
            jt[int(cp, 16)] = t
            jg[int(cp, 16)] = g
    return jt, jg


JT, JG = load_shaping()


def joining_type(c):
    # ArabicShaping.txt: unlisted Mn, Me and Cf are T, everything else unlisted U.
    if ord(c) in JT:
        return JT[ord(c)]
    return 'T' if unicodedata.category(c) in ('Mn', 'Me', 'Cf') else 'U'


def tatweel_glyph():
    """The default chain's glyph id for U+0640, from a line that has one."""
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False, encoding='utf-8') as f:
        f.write('\u0628\u0640\u0628\n')
        path = f.name
    try:
        lines = layout(path, 0, 20, 'none')
    finally:
        os.unlink(path)
    return [g['g'] for g in lines[0]['glyphs'] if g['c'] == 2][0]


def check_lines(name, data, lines, justify, tid):
    """Format, widths and kashida places of one layout; returns the count
    of inserted kashida places."""
    text = data.decode('utf-8')
    byte_to_char, k = {}, 0
    for i, ch in enumerate(text):
        byte_to_char[k] = i
        k += len(ch.encode('utf-8'))
    places = 0
    prev_end = 0
    for i, l in enumerate(lines):
        for key, typ in (('para', int), ('start', int), ('end', int), ('dir', str),
                         ('last', bool), ('measure', int), ('glyphs', list)):
            if not isinstance(l.get(key), typ):
                fail('%s line %d: key %s missing or not %s' % (name, i, key, typ.__name__))
                return 0
        if l['start'] < prev_end or l['end'] < l['start']:
            fail('%s line %d: bytes %d-%d out of order' % (name, i, l['start'], l['end']))
        prev_end = l['end']
        glyphs = l['glyphs']
        if any(not l['start'] <= g['c'] < max(l['end'], l['start'] + 1) for g in glyphs):
            fail('%s line %d: a glyph outside the line\'s bytes' % (name, i))
        width = sum(g['xa'] for g in glyphs)
        if width > l['measure'] + 64:
            fail('%s line %d: %.2f px, wider than the measure %.2f' %
                 (name, i, width / 64, l['measure'] / 64))
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        hard = nxt is not None and nxt['para'] == l['para'] and b'\n' in data[l['end']:nxt['start']]
        spaces = [g for g in glyphs if data[g['c']:g['c'] + 1] == b' ' or
                  data[g['c']:g['c'] + 2] == '\u00a0'.encode()]
        if justify != 'none' and not l['last'] and not hard and spaces and \
                abs(width - l['measure']) > 64:
            fail('%s line %d: justified to %.2f px, the measure is %.2f: %s' %
                 (name, i, width / 64, l['measure'] / 64, data[l['start']:l['end']].decode()))
        # Kashida places: a tatweel glyph whose cluster is another letter.
        per_place = {}
        for g in glyphs:
            ch = text[byte_to_char[g['c']]] if g['c'] in byte_to_char else ''
            if g['g'] == tid and ch and ch != '\u0640' and 0x600 <= ord(ch) <= 0x6FF:
                per_place[g['c']] = per_place.get(g['c'], 0) + 1
        words = {}
        for c, count in per_place.items():
            places += 1
            ci = byte_to_char[c]
            p = text[ci]
            j = ci + 1
            while j < len(text) and joining_type(text[j]) == 'T':
                j += 1
            q = text[j] if j < len(text) else ' '
            where = '%s line %d: kashida after %s (U+%04X) before %s (U+%04X) in %r' % (
                name, i, p, ord(p), q, ord(q), data[l['start']:l['end']].decode())
            if joining_type(p) != 'D':
                fail(where + ': the letter before does not join to the left (%s)' % joining_type(p))
            if joining_type(q) not in ('D', 'R'):
                fail(where + ': the letter after does not join to the right (%s)' % joining_type(q))
            if JG.get(ord(p)) == 'LAM' and JG.get(ord(q)) == 'ALEF':
                fail(where + ': inside lam-alef')
            if justify == 'kashida' and count > 3:
                fail(where + ': %d tatweels in one place' % count)
            start = text.rfind(' ', 0, ci) + 1
            words[start] = words.get(start, 0) + 1
        if any(n > 2 for n in words.values()):
            fail('%s line %d: more than two kashidas in a word' % (name, i))
    return places


MONTHS = {'يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر',
          'أكتوبر', 'نوفمبر', 'ديسمبر', 'January', 'March'}
UNITS = {'%', 'مليار', 'مليون', 'دولار', 'هـ'}
LEANING = {'في', 'على', 'إلى', 'من', 'عن', 'و'}


def words_of(data, l):
    return data[l['start']:l['end']].decode('utf-8').split()


def has_digit(w):
    return any(unicodedata.category(c) == 'Nd' for c in w)


def check_breaks(name, data, lines, strict):
    """Returns (lines ending on a leaning word, one-word last lines); with
    @strict, a break the rules forbid fails."""
    leaning = one_word = 0
    for i, l in enumerate(lines):
        w = words_of(data, l)
        if not w:
            continue
        if l['last']:
            if len(w) == 1 and i > 0 and lines[i - 1]['para'] == l['para']:
                one_word += 1
            continue
        nxt = words_of(data, lines[i + 1]) if i + 1 < len(lines) else []
        if not nxt:
            continue
        a, b = w[-1].strip('،,.()"'), nxt[0].strip('،,.()"')
        where = '%s line %d ends on %r before %r' % (name, i, w[-1], nxt[0])
        leaning += a in LEANING
        if not strict:
            continue
        if a.endswith('\u0640'):
            fail(where + ': a prefix parted from its word')
        if has_digit(a) and b in MONTHS | UNITS:
            fail(where + ': a number parted from its month or unit')
        if a in MONTHS and has_digit(b):
            fail(where + ': a month parted from its year')
    return leaning, one_word


def hand_worked():
    """Noto Naskh Arabic at 20 px, a 242 px measure. Natural widths (the
    space is 4.42 px):
        في مطلع عام 2022، أرسلت             197.80 px, 4 spaces
        في مطلع عام 2022، أرسلت روسيا       244.72 px, 5 spaces
        روسيا أكثر من ألفي جندي إلى          207.75 px, 5 spaces
        أكثر من ألفي جندي إلى كازاخستان،     245.30 px, 5 spaces
    First fit never shrinks, so "روسيا" (one space and 46.92 px) does not
    fit on line 1: it leaves 44.20 px to 4 spaces (15.47 px each, 3.5x the
    space) and line 2 takes 34.25 px in 5 spaces (2.5x) and ends on "إلى".
    Total fit may shrink spaces by a fifth (4.42 px on 5 spaces): line 1
    is 2.72 px over, line 2 3.30 px, both within it, so both take one word
    more with spaces of 3.88 and 3.76 px, and the last line is
    "حليفتها القديمة"."""
    text = 'في مطلع عام 2022، أرسلت روسيا أكثر من ألفي جندي إلى كازاخستان، حليفتها القديمة\n'
    data = text.encode()
    with tempfile.NamedTemporaryFile('wb', suffix='.txt', delete=False) as f:
        f.write(data)
        path = f.name
    try:
        got = {}
        for fill in ('first', 'total'):
            lines = layout(path, 242, 20, 'spaces', '--fill', fill)
            got[fill] = [' '.join(words_of(data, l)) for l in lines]
            widest = 0
            for l in lines:
                if not l['last']:
                    widest = max([widest] + [g['xa'] for g in l['glyphs']
                                             if data[g['c']:g['c'] + 1] == b' '])
            got[fill + ' gap'] = widest / 64
    finally:
        os.unlink(path)
    want = {
        'first': ['في مطلع عام 2022، أرسلت', 'روسيا أكثر من ألفي جندي إلى',
                  'كازاخستان، حليفتها القديمة'],
        'total': ['في مطلع عام 2022، أرسلت روسيا', 'أكثر من ألفي جندي إلى كازاخستان،',
                  'حليفتها القديمة'],
    }
    for fill in ('first', 'total'):
        if got[fill] != want[fill]:
            fail('hand-worked paragraph, %s fit: expected %s, got %s' % (fill, want[fill], got[fill]))
    if not (got['total gap'] < 4.42 < 3 * 4.42 < got['first gap']):
        fail('hand-worked paragraph: widest space %.2f px total fit, %.2f px first fit' %
             (got['total gap'], got['first gap']))
    print('hand-worked: first fit %s (widest space %.2f px); total fit %s (%.2f px)' %
          (got['first'], got['first gap'], got['total'], got['total gap']))


def main():
    fc = subprocess.run(['fc-match', '-f', '%{file}', 'Noto Naskh Arabic'],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if b'NotoNaskhArabic' not in fc.stdout:
        print('Noto Naskh Arabic is not installed: SKIP')
        return 77
    if not os.path.exists(SHAPING):
        print('%s missing (package unicode-data): SKIP' % SHAPING)
        return 77
    tid = tatweel_glyph()
    leaning = [0, 0]
    seed = os.path.join(ROOT, 'assets/articles/seed-article-ar.txt')
    mixed = os.path.join(ROOT, 'tests/data/justify-mixed.txt')
    for path in (seed, mixed):
        data = open(path, 'rb').read()
        for width, px in ((432, 22), (752, 22), (432, 30), (300, 20)):
            name = '%s at %d px, %d px' % (os.path.basename(path), width, px)
            results = {}
            for justify, extra in (('none', ()), ('spaces', ()), ('kashida', ()),
                                   ('kashida', ('--kashida', 'strong')),
                                   ('spaces', ('--fill', 'first'))):
                label = justify + ''.join(' ' + e for e in extra)
                lines = layout(path, width, px, justify, *extra)
                if not lines:
                    fail('%s, %s: no lines' % (name, label))
                    continue
                places = check_lines('%s, %s' % (name, label), data, lines,
                                     justify if justify != 'kashida' or not extra else 'strong',
                                     tid)
                results[label] = (places, lines)
                if justify != 'kashida' and places:
                    fail('%s, %s: %d kashidas without kashida' % (name, label, places))
            places = results['kashida'][0]
            print('%s: %d kashida places (moderate), %d (strong)' %
                  (name, places, results['kashida --kashida strong'][0]))
            if path == seed and places < 20:
                fail('%s: only %d kashida places at the default (moderate)' % (name, places))
            lean_total, one_total = check_breaks(name + ', total fit', data,
                                                 results['kashida'][1], True)
            lean_first, one_first = check_breaks(name + ', first fit', data,
                                                 results['spaces --fill first'][1], False)
            print('  lines ending on a leaning word: %d total fit, %d first fit; one-word last '
                  'lines: %d, %d' % (lean_total, lean_first, one_total, one_first))
            leaning[0] += lean_total
            leaning[1] += lean_first
            if one_total:
                fail('%s: %d one-word last lines with total fit' % (name, one_total))
    # A line ending on a preposition is avoided, not forbidden: fewer of
    # them over all the layouts, at most half as many.
    if leaning[0] * 2 > leaning[1]:
        fail('lines ending on a leaning word: %d with total fit, %d with first fit' %
             (leaning[0], leaning[1]))
    hand_worked()
    print('%d failures' % len(failures))
    return 1 if failures else 0


sys.exit(main())
