#!/usr/bin/env python3
"""One digit policy for the page and the status bar, through the real programs.

    test-digits.py SAHIFA_LAYOUT SAHIFA SOURCE_ROOT

The page (`sahifa-layout --digits as-written|arabic|western --json`):
tests/data/digits-western.txt and digits-arabic.txt are the same Arabic
sentence with its numbers ("2022", "2.1%", "7,644", "28") in European and in
Arabic-Indic digits (with the Arabic decimal and thousands separators and
percent sign), and the same English line in both. The written Arabic-Indic
text is the oracle:

- the European text with --digits arabic has, line by line, the glyphs of
  the Arabic-Indic text as written, and the clusters ("c", byte offsets) of
  the European text as written: the digits change, their bytes do not;
- the Arabic-Indic text with --digits western has the European text's
  glyphs and its own clusters;
- the English line keeps its European digits under every policy; the
  European text with --digits western, and the Arabic-Indic one with
  --digits arabic, are as written;
- the seed with --digits arabic has the same clusters as written.

The status bar (`sahifa --screenshot`, English UI, the seed at 800x480): as
written, it takes the digits of the article's language (Arabic-Indic: the
same pixels as --digits arabic, not those of --digits western); an English
article's as written takes Western digits; the page of the seed as written
is the page with --digits western (its numbers are European), not the page
with --digits arabic; and `digits = arabic` in sahifa.ini is --digits arabic.

Exit 0 when all hold, 1 otherwise, 77 when ImageMagick is missing.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

LAYOUT, SAHIFA, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
DATA = os.path.join(ROOT, 'tests', 'data')
SEED = os.path.join(ROOT, 'assets', 'articles', 'seed-article-ar.txt')
GUIDE_EN = os.path.join(ROOT, 'assets', 'articles', 'guide-en.txt')
WRAP = os.environ.get('MESON_EXE_WRAPPER', '').split()
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def layout(path, digits, width=0):
    """The lines of @path; @width 0: one line a paragraph, so that the
    lines are the same whatever the digits' widths."""
    r = subprocess.run(WRAP + [LAYOUT, '--width', str(width), '--px', '22', '--digits', digits,
                               '--json', path], capture_output=True, timeout=120)
    if r.returncode != 0:
        fail('%s --digits %s: exit %d: %s' % (path, digits, r.returncode, r.stderr.decode()[:200]))
        return []
    return [json.loads(l) for l in r.stdout.decode().splitlines()]


def glyphs(lines):
    return [[g['g'] for g in l['glyphs']] for l in lines]


def clusters(lines):
    return [[g['c'] for g in l['glyphs']] for l in lines]


def check_page():
    west, east = os.path.join(DATA, 'digits-western.txt'), os.path.join(DATA, 'digits-arabic.txt')
    w = {d: layout(west, d) for d in ('as-written', 'arabic', 'western')}
    e = {d: layout(east, d) for d in ('as-written', 'arabic', 'western')}
    if not all(w.values()) or not all(e.values()):
        return
    if glyphs(w['arabic']) != glyphs(e['as-written']):
        fail('--digits arabic: expected the glyphs of the Arabic-Indic text, got %s, want %s' %
             (glyphs(w['arabic']), glyphs(e['as-written'])))
    if clusters(w['arabic']) != clusters(w['as-written']):
        fail('--digits arabic moved clusters: %s, written %s' %
             (clusters(w['arabic']), clusters(w['as-written'])))
    if glyphs(e['western']) != glyphs(w['as-written']):
        fail('--digits western: expected the glyphs of the European text, got %s, want %s' %
             (glyphs(e['western']), glyphs(w['as-written'])))
    if clusters(e['western']) != clusters(e['as-written']):
        fail('--digits western moved clusters')
    if glyphs(w['western']) != glyphs(w['as-written']) or \
            glyphs(e['arabic']) != glyphs(e['as-written']):
        fail('a policy changed digits that were already its own')
    english = [l for l in w['as-written'] if l['dir'] == 'ltr']
    for d in ('arabic', 'western'):
        if [l for l in w[d] if l['dir'] == 'ltr'] != english or not english:
            fail('--digits %s changed the English line' % d)
    if glyphs(w['as-written']) == glyphs(e['as-written']):
        fail('the two texts look the same: the test sees nothing')
    # Wrapped at 400 px: lines may break elsewhere (the digits' widths
    # differ), and a space where a line breaks has no glyph; every other
    # character keeps its cluster.
    seed = {d: layout(SEED, d, 400) for d in ('as-written', 'arabic')}
    with open(SEED, 'rb') as f:
        text = f.read()
    if all(seed.values()):
        cs = {d: sorted({g['c'] for l in seed[d] for g in l['glyphs'] if text[g['c']] != 0x20})
              for d in seed}
        if cs['arabic'] != cs['as-written']:
            fail('the seed with --digits arabic has other clusters than as written')
        if glyphs(seed['arabic']) == glyphs(seed['as-written']):
            fail('the seed with --digits arabic looks as written')


def shot(tmp, name, article, *args, env=None):
    out = os.path.join(tmp, name + '.png')
    r = subprocess.run(WRAP + [SAHIFA, '--state-dir', os.path.join(tmp, 'st-' + name),
                               '--width', '800', '--height', '480', *args, '--screenshot', out,
                               article], capture_output=True, timeout=120, env=env)
    if r.returncode != 0 or not os.path.exists(out):
        fail('%s: exit %d: %s' % (name, r.returncode, r.stderr.decode()[:300]))
        return None
    return out


def differ(tmp, a, b, crop):
    """Pixels that differ between the @crop (WxH+X+Y) of two screenshots."""
    ca, cb = os.path.join(tmp, 'ca.png'), os.path.join(tmp, 'cb.png')
    subprocess.run(['convert', a, '-crop', crop, '+repage', ca], check=True)
    subprocess.run(['convert', b, '-crop', crop, '+repage', cb], check=True)
    r = subprocess.run(['compare', '-metric', 'AE', ca, cb, 'null:'], capture_output=True)
    return int(float(r.stderr.decode().split()[0]))


BAR = '800x30+0+450'   # the status bar at 800x480 (30 px at UI scale 1)
PAGE = '800x420+0+0'   # the page above it


def check_status_bar(tmp):
    s = {d: shot(tmp, d, SEED, '--lang', 'en', '--digits', d)
         for d in ('as-written', 'arabic', 'western')}
    s['default'] = shot(tmp, 'default', SEED, '--lang', 'en')
    if None in s.values():
        return
    if differ(tmp, s['default'], s['as-written'], '800x480+0+0'):
        fail('the default is not as written')
    if differ(tmp, s['as-written'], s['arabic'], BAR):
        fail('as written, the status bar of an Arabic article is not in Arabic-Indic digits')
    if not differ(tmp, s['arabic'], s['western'], BAR):
        fail('--digits western and arabic give the same status bar')
    if differ(tmp, s['as-written'], s['western'], PAGE):
        fail('the seed as written is not its page with --digits western')
    if not differ(tmp, s['as-written'], s['arabic'], PAGE):
        fail('--digits arabic left the page as written')
    en = {d: shot(tmp, 'en-' + d, GUIDE_EN, '--lang', 'en', '--digits', d)
          for d in ('as-written', 'western')}
    if None not in en.values() and differ(tmp, en['as-written'], en['western'], BAR):
        fail('as written, the status bar of an English article is not in Western digits')
    conf = os.path.join(tmp, 'conf')
    os.makedirs(os.path.join(conf, 'sahifa'))
    with open(os.path.join(conf, 'sahifa', 'sahifa.ini'), 'w') as f:
        f.write('digits = arabic\n')
    ini = shot(tmp, 'ini', SEED, '--lang', 'en', env=dict(os.environ, XDG_CONFIG_HOME=conf))
    if ini and differ(tmp, ini, s['arabic'], '800x480+0+0'):
        fail('digits = arabic in sahifa.ini is not --digits arabic')
    r = subprocess.run(WRAP + [SAHIFA, '--digits', 'indic', '--list'], capture_output=True,
                       timeout=60)
    if r.returncode != 2 or b'--digits' not in r.stderr:
        fail('--digits indic: expected exit 2 and a message, got %d %s' %
             (r.returncode, r.stderr.decode()[:200]))


def main():
    check_page()
    if not shutil.which('convert') or not shutil.which('compare'):
        if failures:
            return 1
        print('SKIP: ImageMagick (convert, compare) is not installed')
        return 77
    with tempfile.TemporaryDirectory(prefix='test-digits-') as tmp:
        check_status_bar(tmp)
    print('%d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
