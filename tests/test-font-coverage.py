#!/usr/bin/env python3
"""Fonts that hold together, through the real program.

    test-font-coverage.py SAHIFA_LAYOUT SOURCE_ROOT

Runs `sahifa-layout --width 440 --font-chain FONT [--bold] --json --with-fonts
FILE` (each glyph with its font file and weight) with the body fonts a reader
may name (Noto Naskh Arabic, Amiri, Scheherazade, KacstNaskh) on the seed
article, on tests/data/mixed-script.txt and on tests/data/fonts-mixed.txt
(Arabic, Latin, digits, Hebrew, emoji with flags and a ZWJ family,
punctuation of both scripts), and checks:

- no glyph is .notdef (glyph id 0): the default fonts follow whatever font
  is named, so a font without Latin, digits or punctuation (KacstNaskh)
  leaves no box;
- in bold (a headline's chain) every glyph of «ارتفاع 3.5% في "الأسعار"
  (Reuters)» and of the bold test lines comes from a bold face (weight 600
  or more: the family's own bold, a synthetic bold for KacstNaskh, Noto Sans
  Bold for Latin and digits), and the Arabic from the family's bold file;
- Hebrew comes from Noto Sans Hebrew, not DejaVu Sans;
- emoji come from Noto Color Emoji, and a flag (two regional indicators) is
  one glyph;
- a fallback is drawn at the size that matches the primary font: Hebrew
  (Noto Sans Hebrew) in a Scheherazade chain (whose letters are small on
  the em) has narrower advances than in a Noto Naskh Arabic chain, by the
  ratio of the two fonts' alef heights within 3%.

Exit 0 when all hold, 1 otherwise, 77 when Noto Naskh Arabic, Noto Sans,
Noto Sans Hebrew or Noto Color Emoji is missing (fonts-noto-core,
fonts-noto-color-emoji). A body font that is not installed (Amiri from
fonts-hosny-amiri, Scheherazade from fonts-sil-scheherazade, KacstNaskh from
fonts-kacst) is skipped with a line saying so.
"""

import json
import os
import subprocess
import sys

LAYOUT, ROOT = sys.argv[1], sys.argv[2]
WRAP = os.environ.get('MESON_EXE_WRAPPER', '').split()
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def installed(family):
    r = subprocess.run(['fc-list', family, 'family'], stdout=subprocess.PIPE, text=True)
    return any(family in line.split(',') or line.strip() == family
               for line in r.stdout.splitlines())


def layout(path, spec, *extra):
    """The glyphs of @path laid out with chain @spec: (cluster, glyph dict) pairs."""
    cmd = WRAP + [LAYOUT, '--width', '440', '--px', '20', '--font-chain', spec, *extra,
                  '--json', '--with-fonts', path]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if r.returncode != 0:
        fail('%s with %s: exit %d: %s' % (path, spec, r.returncode, r.stderr.decode()[:300]))
        return []
    return [g for line in r.stdout.decode().splitlines() for g in json.loads(line)['glyphs']]


def char_at(data, c):
    return data[c:c + 4].decode('utf-8', 'ignore')[:1]


for fam in ('Noto Naskh Arabic', 'Noto Sans', 'Noto Sans Hebrew', 'Noto Color Emoji'):
    if not installed(fam):
        print('SKIP: %s is not installed (fonts-noto-core, fonts-noto-color-emoji)' % fam)
        sys.exit(77)

SEED = os.path.join(ROOT, 'assets/articles/seed-article-ar.txt')
MIXED = os.path.join(ROOT, 'tests/data/mixed-script.txt')
FONTS_MIXED = os.path.join(ROOT, 'tests/data/fonts-mixed.txt')
HEADLINE = os.path.join(ROOT, 'tests/data/fonts-headline.txt')
BOLD_FILE = {'Noto Naskh Arabic': 'NotoNaskhArabic-Bold.ttf', 'Amiri': 'Amiri-Bold.ttf',
             'Scheherazade': 'Scheherazade-Bold.ttf', 'KacstNaskh': 'KacstNaskh.ttf'}

bodies = []
for fam in BOLD_FILE:
    if installed(fam):
        bodies.append(fam)
    else:
        print('note: %s is not installed, not checked' % fam)

# 1. No .notdef, in regular and in bold.
for fam in bodies:
    for path in (SEED, MIXED, FONTS_MIXED):
        for bold in ((), ('--bold',)):
            glyphs = layout(path, fam, *bold)
            tofu = [g['c'] for g in glyphs if g['g'] == 0]
            data = open(path, 'rb').read()
            name = '%s%s, %s' % (fam, ' bold' if bold else '', os.path.basename(path))
            print('%s: %d glyphs, %d .notdef' % (name, len(glyphs), len(tofu)))
            if not glyphs or tofu:
                fail('%s: .notdef for %s' % (name, ' '.join(
                    'U+%04X@%d' % (ord(char_at(data, c)), c) for c in tofu[:12])))

# 2. A bold headline is bold in every glyph.
data = open(HEADLINE, 'rb').read()
for fam in bodies:
    glyphs = layout(HEADLINE, fam, '--bold')
    light = [g for g in glyphs if g['w'] < 600]
    print('%s bold headline: %d glyphs, %d from a face lighter than 600' % (fam, len(glyphs),
                                                                            len(light)))
    if not glyphs or light:
        fail('%s bold: regular glyphs for %s' % (fam, ' '.join(
            '%r (%s %d)' % (char_at(data, g['c']), os.path.basename(g['font']), g['w'])
            for g in light[:12])))
    arabic = [g for g in glyphs if '\u0621' <= char_at(data, g['c']) <= '\u064a']
    wrong = [g for g in arabic if os.path.basename(g['font']) != BOLD_FILE[fam]]
    if not arabic or wrong:
        fail('%s bold: Arabic letters not from %s: %s' % (fam, BOLD_FILE[fam], ' '.join(
            sorted({os.path.basename(g['font']) for g in wrong}))))

# 3. Hebrew from Noto Sans Hebrew; 4. emoji from Noto Color Emoji, a flag one glyph.
data = open(FONTS_MIXED, 'rb').read()
for fam in bodies + ['default']:
    glyphs = layout(FONTS_MIXED, fam)
    hebrew = [g for g in glyphs if '\u0590' <= char_at(data, g['c']) <= '\u05ff']
    files = sorted({os.path.basename(g['font']) for g in hebrew})
    print('%s: Hebrew from %s' % (fam, ', '.join(files)))
    if not hebrew or files != ['NotoSansHebrew-Regular.ttf']:
        fail('%s: Hebrew from %s, not Noto Sans Hebrew' % (fam, files))
    emoji = [g for g in glyphs if ord(char_at(data, g['c'])) >= 0x1F000]
    files = sorted({os.path.basename(g['font']) for g in emoji})
    if not emoji or files != ['NotoColorEmoji.ttf']:
        fail('%s: emoji from %s, not Noto Color Emoji' % (fam, files))
    flags = [g for g in glyphs if 0x1F1E6 <= ord(char_at(data, g['c'])) <= 0x1F1FF]
    starts = data.count('\U0001F1F5\U0001F1F8'.encode()) + data.count(
        '\U0001F1EA\U0001F1EC'.encode()) + data.count('\U0001F1F8\U0001F1E6'.encode())
    if len(flags) != starts or starts != 3:
        fail('%s: %d glyphs for %d flags (one each)' % (fam, len(flags), starts))

# 5. Fallbacks scaled to the primary font: the Hebrew words' advances (no
# body font has Hebrew; Scheherazade has Latin of its own).


def hebrew_width(fam):
    return sum(g['xa'] for g in layout(FONTS_MIXED, fam)
               if '\u0590' <= char_at(data, g['c']) <= '\u05ff')


if 'Scheherazade' in bodies:
    # Alef tops (font units over the em) as FreeType reads them: Noto Naskh
    # Arabic 671/1000, Scheherazade 989/2048.
    want = (989 / 2048) / 0.671
    naskh, sch = hebrew_width('Noto Naskh Arabic'), hebrew_width('Scheherazade')
    got = sch / naskh if naskh else 0
    print('Hebrew in Scheherazade / in Noto Naskh Arabic: %.3f (alef ratio %.3f)' % (got, want))
    if abs(got - want) > 0.03 * want:
        fail('fallback scale %.3f, want %.3f' % (got, want))

if failures:
    print('%d failures' % len(failures))
    sys.exit(1)
print('all held')
