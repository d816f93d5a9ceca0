#!/usr/bin/env python3
"""How pages are filled and display lines set, through the real program.

    test-page-fill.py SAHIFA SOURCE_ROOT

Runs `sahifa --dump-pages` (the reader's own pagination at its default
settings) and `sahifa --dump-article` on the seed article and checks:

- display lines: consecutive lines of a headline or a heading (the roles
  --dump-article gives) are 1.1 to 1.3 of their size apart, at 800x480,
  480x800 and a narrow 200x800 where the headings wrap too; body lines are
  set at the reader's pitch (22 px x 1.6);
- page fill, at 800x480 and 480x800: no page but the last leaves more than
  about one body line (1.1 x its pitch) blank at its foot, unless the next
  page starts with a heading or a photo that could not fit (the keep rules
  send it on whole).

Exit 0 when all hold, 1 otherwise.
"""

import json
import os
import subprocess
import sys

SAHIFA, ROOT = sys.argv[1], sys.argv[2]
SEED = os.path.join(ROOT, 'assets', 'articles', 'seed-article-ar.txt')
WRAP = os.environ.get('MESON_EXE_WRAPPER', '').split()
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def run(*args):
    r = subprocess.run(WRAP + [SAHIFA, *args], capture_output=True, timeout=120)
    if r.returncode != 0:
        fail('sahifa %s: exit %d: %s' % (' '.join(args), r.returncode, r.stderr.decode()[:300]))
        return []
    return [json.loads(l) for l in r.stdout.decode().splitlines()]


def role_of(parts, byte):
    for p in parts:
        if p['start'] <= byte < p['end']:
            return p['role'], p['start']
    return None, None


def check_pitch(parts, pages, size):
    seen = {}
    for pg in pages:
        prev = None
        for l in pg['lines']:
            role, part = role_of(parts, l['start'])
            if prev and prev[0] == part and role in ('headline', 'heading', 'body'):
                ratio = (l['baseline'] - prev[1]) / l['px']
                seen.setdefault(role, []).append(ratio)
                lo, hi = (1.1, 1.3) if role != 'body' else (1.6 - 0.05, 1.6 + 0.05)
                if not lo <= ratio <= hi:
                    fail('%s page %d: %s line at byte %d is %.2f of its %.1f px below the '
                         'last, not %.2f to %.2f' % (size, pg['page'], role, l['start'], ratio,
                                                     l['px'], lo, hi))
            prev = (part, l['baseline'])
    for role in ('headline', 'heading', 'body'):
        if size == '200x800' and not seen.get(role):
            fail('%s: no %s of two lines: the test sees nothing' % (size, role))
    print('%s: pitch/size %s' % (size, ', '.join('%s %.2f-%.2f' % (r, min(v), max(v))
                                                 for r, v in sorted(seen.items()))))


def check_fill(pages, size):
    for pg in pages[:-1]:
        if pg['blank'] > 1.1 * pg['pitch'] and pg['next'] not in ('heading', 'figure'):
            fail('%s page %d leaves %.1f px blank (a line is %d px), before a %s' %
                 (size, pg['page'], pg['blank'], pg['pitch'], pg['next']))
    print('%s: blank px per page %s (last page %.0f)' %
          (size, ' '.join('%.0f' % pg['blank'] for pg in pages[:-1]), pages[-1]['blank']))


def main():
    parts = run('--dump-article', SEED)
    for size in ('800x480', '480x800', '200x800'):
        w, h = size.split('x')
        pages = run('--width', w, '--height', h, '--dump-pages', SEED)
        if parts and pages:
            check_pitch(parts, pages, size)
            if size != '200x800':
                check_fill(pages, size)
    print('%d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
