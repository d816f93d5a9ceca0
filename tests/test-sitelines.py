#!/usr/bin/env python3
"""A bundle's site lines through the real program: sahifa --dump-article.

    test-sitelines.py SAHIFA SOURCE_ROOT

tests/data/sitelines/four/ is a bundle (bundle.ini) of 4 articles of one
site, each with the site's slogan and its rights line, and one long quote
that the 4 stories share. Each article is dumped where it is and as a loose
copy (a folder without bundle.ini: no site lines):
- the loose copy shows the slogan and the rights line (they are not chrome
  by vocabulary or features: only the count across the bundle hides them);
- in the bundle they are absent and everything else is as in the loose copy
  (role, dir, text, offsets), but for 02, where the slogan printed twice made
  the loose copy's headline: in the bundle the story's title is;
- the shared quote (26 words: a sentence, not a site line) stays in all 4.
tests/data/sitelines/two/ holds 2 of the same articles: nothing is hidden,
the dumps equal the loose copies' byte for byte.
Exit 0 when all hold, 1 otherwise ("NAME: expected X, got Y").
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

SLOGAN = 'الوادي .. أخبار الناس كما هي'
RIGHTS = 'المواد المنشورة ملك للموقع ولا يجوز نقلها دون إذن مكتوب'
QUOTE = 'وقال وزير الزراعة في مؤتمر صحفي عقده صباح اليوم إن الحكومة'
TITLE_02 = 'المزارعون يشكون شح المياه في الجنوب'


def dump(sahifa, path):
    r = subprocess.run([sahifa, '--dump-article', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if r.returncode != 0:
        return None, 'exit %d: %s' % (r.returncode, r.stderr.decode('utf-8', 'replace'))
    return [json.loads(line) for line in r.stdout.decode('utf-8').splitlines()], None


def loose_dump(sahifa, path, tmp):
    copy = os.path.join(tmp, os.path.basename(path))
    shutil.copyfile(path, copy)
    return dump(sahifa, copy)


def texts(blocks):
    return [b['text'] for b in blocks]


def check_four(sahifa, folder, tmp):
    bad = []
    for name in sorted(f for f in os.listdir(folder) if f.endswith('.txt')):
        got, err = dump(sahifa, os.path.join(folder, name))
        loose, err2 = loose_dump(sahifa, os.path.join(folder, name), tmp)
        if err or err2:
            bad.append('%s: expected exit 0, got %s' % (name, err or err2))
            continue
        for line in (SLOGAN, RIGHTS):
            if line not in texts(loose):
                bad.append('%s: expected %r shown in a loose copy, got %r'
                           % (name, line, texts(loose)))
            if line in texts(got):
                bad.append('%s: expected %r hidden in the bundle, got it shown' % (name, line))
        if not any(t.startswith(QUOTE) for t in texts(got)):
            bad.append('%s: expected the shared quote shown, got %r' % (name, texts(got)))
        if name.startswith('02'):
            heads = [b['text'] for b in got if b['role'] == 'headline']
            if heads != [TITLE_02]:
                bad.append('%s: expected the headline %r, got %r' % (name, TITLE_02, heads))
            continue
        want = [b for b in loose if b['text'] not in (SLOGAN, RIGHTS)]
        if got != want:
            bad.append('%s: expected the loose dump without the site lines %r, got %r'
                       % (name, want, got))
    return bad


def check_two(sahifa, folder, tmp):
    bad = []
    for name in sorted(f for f in os.listdir(folder) if f.endswith('.txt')):
        got, err = dump(sahifa, os.path.join(folder, name))
        loose, err2 = loose_dump(sahifa, os.path.join(folder, name), tmp)
        if err or err2:
            bad.append('%s: expected exit 0, got %s' % (name, err or err2))
        elif got != loose:
            bad.append('two/%s: expected nothing hidden %r, got %r' % (name, loose, got))
    return bad


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    sahifa, root = sys.argv[1], sys.argv[2]
    data = os.path.join(root, 'tests', 'data', 'sitelines')
    with tempfile.TemporaryDirectory(prefix='sahifa-sitelines-') as tmp:
        bad = check_four(sahifa, os.path.join(data, 'four'), tmp)
        bad += check_two(sahifa, os.path.join(data, 'two'), tmp)
    for line in bad:
        print(line)
    print('%d problems' % len(bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
