#!/usr/bin/env python3
"""EPUB files through the real program, built at test time.

    test-epub.py SAHIFA SOURCE_ROOT

Each folder of tests/data/epub/ (periodical-ar: an Arabic EPUB 3 newspaper
of three articles with nav.xhtml; book-en: an EPUB 2 book with an NCX;
news-calibre: a calibre-style EPUB 2 periodical) is zipped with python3's
zipfile (tests/epubgen.py), then:

- `SAHIFA --dump-article NAME.epub` must print NAME.expected.jsonl exactly
  (every block of every document read, with its "doc"), and exit 0;
  `NAME.epub#N` only article N's lines; past the last, or #0, exit 1 with
  one line;
- hostile archives (a "../" entry, an absolute path, a symbolic link, an
  encrypted entry, a zip bomb by ratio, an entry inflating past its stated
  size, 10,010 entries, a missing and a non-XHTML spine item, a billion
  laughs and an XXE in the OPF, bytes that are no zip) must give exactly
  the exit status and stderr lines listed in HOSTILE below;
- `SAHIFA --list --library DIR` over all of them lists the book as one
  entry, each periodical's articles as PATH#N under the publication's
  title, and the refused files as problems.

Prints "expected X, got Y" for each difference; exit 0 when all hold.
"""

import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

SAHIFA, ROOT = sys.argv[1], sys.argv[2]
DATA = os.path.join(ROOT, 'tests', 'data', 'epub')
sys.path.insert(0, os.path.join(ROOT, 'tests'))
import epubgen  # noqa: E402

failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def run(*args, env=None):
    t = time.monotonic()
    r = subprocess.run([SAHIFA] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, env=env)
    return (r.returncode, r.stdout.decode('utf-8'), r.stderr.decode('utf-8', 'replace'),
            time.monotonic() - t)


def patch_entry(path, name, local_off, cd_off, fmt, value, mask=None):
    """Sets a field of @name's local header (at @local_off) and central
    directory record (at @cd_off) to @value (struct @fmt); with @mask the
    value is OR-ed in."""
    data = bytearray(open(path, 'rb').read())
    bname = name.encode()
    for sig, off, fn_len_at, hdr in ((b'PK\x03\x04', local_off, 26, 30),
                                     (b'PK\x01\x02', cd_off, 28, 46)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            n = struct.unpack_from('<H', data, pos + fn_len_at)[0]
            if data[pos + hdr:pos + hdr + n] == bname:
                old = struct.unpack_from(fmt, data, pos + off)[0]
                struct.pack_into(fmt, data, pos + off, old | value if mask else value)
            pos += 4
    open(path, 'wb').write(data)


def make_hostile(d):
    """The hostile archives: name -> path."""
    per = os.path.join(DATA, 'periodical-ar')
    out = {}

    def p(name):
        out[name] = os.path.join(d, name + '.epub')
        return out[name]

    epubgen.build(per, p('dotdot'), extra=[('../evil.xhtml', b'<p>x</p>')])
    epubgen.build(per, p('absolute'), extra=[('/etc/evil.xhtml', b'<p>x</p>')])
    link = zipfile.ZipInfo('OEBPS/text/link.xhtml', (2024, 6, 1, 0, 0, 0))
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    epubgen.build(per, p('symlink'), extra=[(link, b'/etc/passwd')])
    epubgen.build(per, p('encrypted'))
    patch_entry(out['encrypted'], 'OEBPS/text/a1.xhtml', 6, 8, '<H', 1, mask=True)
    epubgen.build(per, p('bomb'), extra=[('OEBPS/images/zeros.bin', bytes(4 * 1024 * 1024))])
    # a3.xhtml inflates to 3 MB of spaces but its directory says 2,000 bytes.
    a3 = open(os.path.join(per, 'OEBPS', 'text', 'a3.xhtml'), 'rb').read()
    epubgen.build(per, p('liar'), replace={'OEBPS/text/a3.xhtml': a3 + b' ' * (3 * 1024 * 1024)})
    patch_entry(out['liar'], 'OEBPS/text/a3.xhtml', 22, 24, '<I', 2000)
    epubgen.build(per, p('many'), extra=[('OEBPS/x/%05d' % i, b'') for i in range(10001)])
    for name in ('missing-spine', 'laughs', 'xxe'):
        opf = open(os.path.join(DATA, 'hostile', name + '.opf'), 'rb').read()
        epubgen.build(per, p(name), replace={'OEBPS/content.opf': opf})
    with open(p('not-a-zip'), 'wb') as f:
        f.write(b'This is a text file named .epub, not a zip archive.\n' * 40)
    return out


def bomb_line(path):
    z = zipfile.ZipFile(path)
    i = z.getinfo('OEBPS/images/zeros.bin')
    return ('sahifa: %s: zip entry "OEBPS/images/zeros.bin" inflates from %d to %d bytes, '
            'more than 100 times: refused (a zip bomb)' % (path, i.compress_size, i.file_size))


# name -> (exit status, stderr lines with {p} for the file, stdout: None for
# nothing, or the expected file whose lines it must hold, or a filter of it)
HOSTILE = {
    'dotdot': (1, ['sahifa: {p}: zip entry "../evil.xhtml" leads out of the archive '
                   '(an absolute path or ".."): refused'], None),
    'absolute': (1, ['sahifa: {p}: zip entry "/etc/evil.xhtml" leads out of the archive '
                     '(an absolute path or ".."): refused'], None),
    'symlink': (1, ['sahifa: {p}: zip entry "OEBPS/text/link.xhtml" is a symbolic link: refused'],
                None),
    'encrypted': (1, ['sahifa: {p}: zip entry "OEBPS/text/a1.xhtml" is encrypted '
                      '(DRM or a password): refused'], None),
    'bomb': (1, None, None),  # bomb_line()
    'liar': (0, ['sahifa: {p}: OEBPS/text/a3.xhtml: inflates past the size its zip directory '
                 'states'], lambda b: b['doc'] != 'OEBPS/text/a3.xhtml'),
    'many': (1, ['sahifa: {p}: more than 10000 zip entries (10010): refused'], None),
    'missing-spine': (0, ['sahifa: {p}: spine item "gone" is not in the manifest: skipped',
                          'sahifa: {p}: spine item "lost" (OEBPS/text/lost.xhtml) is not in '
                          'the archive: skipped',
                          'sahifa: {p}: spine item "photo1" is image/jpeg, not XHTML: skipped'],
                      lambda b: b['doc'] in ('OEBPS/text/a1.xhtml', 'OEBPS/text/a3.xhtml')),
    'laughs': (1, ['sahifa: {p}: OEBPS/content.opf: declares an XML entity (no EPUB needs one; '
                   'an entity attack?): refused'], None),
    'xxe': (1, ['sahifa: {p}: OEBPS/content.opf: declares an XML entity (no EPUB needs one; '
                'an entity attack?): refused'], None),
    'not-a-zip': (1, ['sahifa: {p}: not a zip archive (an EPUB is one)'], None),
}


def lines_of(name):
    with open(os.path.join(DATA, name + '.expected.jsonl'), encoding='utf-8') as f:
        return f.read().splitlines()


def check_dump(name, path):
    want = lines_of(name)
    code, out, err, _ = run('--dump-article', path)
    if code != 0 or err:
        fail('%s: expected exit 0 and no message, got %d %r' % (name, code, err[:200]))
    got = out.splitlines()
    for k in range(max(len(want), len(got))):
        w = want[k] if k < len(want) else None
        g = got[k] if k < len(got) else None
        if w != g:
            fail('%s: line %d: expected %s, got %s' % (name, k + 1, w, g))
            break
    return [__import__('json').loads(line) for line in got]


def check_articles(name, path, blocks, docs_of):
    """#N prints article N's lines only; past the last and #0 are refused."""
    import json
    for n, docs in enumerate(docs_of, 1):
        code, out, err, _ = run('--dump-article', '%s#%d' % (path, n))
        want = [json.dumps(b, ensure_ascii=False) for b in blocks if b['doc'] in docs]
        if code != 0 or out.splitlines() != want:
            fail('%s#%d: expected exit 0 and %d lines of %s, got %d and %d lines'
                 % (name, n, len(want), docs, code, len(out.splitlines())))
    past = len(docs_of) + 1
    code, out, err, _ = run('--dump-article', '%s#%d' % (path, past))
    want = 'sahifa: %s#%d: no article %d (it has %d)\n' % (path, past, past, len(docs_of))
    if code != 1 or out or err != want:
        fail('%s#%d: expected exit 1 and %r, got %d %r' % (name, past, want, code, err))
    code, out, err, _ = run('--dump-article', path + '#0')
    want = 'sahifa: %s#0: no such article (they are counted from 1)\n' % path
    if code != 1 or out or err != want:
        fail('%s#0: expected exit 1 and %r, got %d %r' % (name, want, code, err))


def check_hostile(paths, per_blocks):
    import json
    for name, (status, errs, keep) in HOSTILE.items():
        path = paths[name]
        code, out, err, secs = run('--dump-article', path)
        errs = [bomb_line(path)] if name == 'bomb' else [e.format(p=path) for e in errs]
        if code != status:
            fail('%s: expected exit %d, got %d (%r)' % (name, status, code, err[:300]))
        if err.splitlines() != errs:
            fail('%s: expected stderr %r, got %r' % (name, errs, err.splitlines()[:5]))
        want = [json.dumps(b, ensure_ascii=False) for b in per_blocks if keep and keep(b)]
        if out.splitlines() != want:
            fail('%s: expected %d lines on stdout, got %d: %r'
                 % (name, len(want), len(out.splitlines()), out[:200]))
        if 'root:' in out + err:
            fail('%s: /etc/passwd leaked into the output' % name)
        if secs > 20:
            fail('%s: expected a quick answer, took %.1f s' % (name, secs))


def check_list(d, good, paths):
    """--list over a folder of all of them."""
    lib = os.path.join(d, 'lib')
    os.mkdir(lib)
    for name, path in list(good.items()) + [(n, paths[n]) for n in
                                            ('dotdot', 'laughs', 'not-a-zip', 'bomb')]:
        os.link(path, os.path.join(lib, name + '.epub'))
    empty = os.path.join(d, 'empty')
    os.mkdir(empty)
    env = dict(os.environ, SAHIFA_ASSETS_DIR=empty, XDG_DATA_HOME=empty, XDG_STATE_HOME=empty,
               XDG_CACHE_HOME=empty)
    code, out, err, _ = run('--list', '--library', lib, '--state-dir', os.path.join(d, 'st'),
                            env=env)
    rows = [r for r in out.splitlines()[1:-1]]
    # Each row: bundle (14 columns), then source, then "title  (path)".
    want = [
        ('lib', 'The Keeper of the Salt Lighthouse', lib + '/book-en.epub'),
        ('The Coastal We', 'Ferry timetable changes for the summer',
         lib + '/news-calibre.epub#1'),
        ('The Coastal We', 'New crane arrives at the east quay', lib + '/news-calibre.epub#2'),
        ('The Coastal We', 'Rowing club wins the bay regatta', lib + '/news-calibre.epub#3'),
        ('صحيفة الواحة: ', 'افتتاح ميناء الصيد الجديد بعد عامين من العمل',
         lib + '/periodical-ar.epub#1'),
        ('صحيفة الواحة: ', 'المكتبة العامة تمدد ساعات العمل في الصيف',
         lib + '/periodical-ar.epub#2'),
        ('صحيفة الواحة: ', 'أسعار التمور ترتفع مع بداية الموسم', lib + '/periodical-ar.epub#3'),
    ]
    if code != 0 or len(rows) != len(want):
        fail('--list: expected exit 0 and %d rows, got %d and %d:\n%s%s'
             % (len(want), code, len(rows), out, err))
    for row, (bundle, title, path) in zip(rows, want):
        m = re.match(r'\s*\d+\s+~?\d+ min\s+\S+\s+\S+\s+utf-8\s+[0-9a-f]{12}\s+(.{14})  .*  (.*)  '
                     r'\((.*)\)$', row)
        if not m or m.group(1) != bundle.ljust(14) or m.group(2).rstrip() != title or \
                m.group(3) != path:
            fail('--list: expected %r %r (%s), got %r' % (bundle, title, path, row))
    tail = out.splitlines()[-1] if out else ''
    if tail != '7 articles, 4 files could not be read (see above)':
        fail('--list: expected the summary "7 articles, 4 files could not be read (see '
             'above)", got %r' % tail)
    for name in ('dotdot', 'laughs', 'not-a-zip', 'bomb'):
        if (lib + '/' + name + '.epub: ') not in err:
            fail('--list: expected a line naming %s.epub, got %r' % (name, err))
    if len(err.splitlines()) != 4:
        fail('--list: expected 4 lines on stderr (one per refused file), got %r' % err)


def main():
    with tempfile.TemporaryDirectory(prefix='sahifa-epub-') as d:
        good = {}
        for name in ('periodical-ar', 'book-en', 'news-calibre'):
            good[name] = os.path.join(d, name + '.epub')
            epubgen.build(os.path.join(DATA, name), good[name])
        per = check_dump('periodical-ar', good['periodical-ar'])
        check_articles('periodical-ar', good['periodical-ar'], per,
                       [('OEBPS/text/a1.xhtml',),
                        ('OEBPS/text/a2.xhtml', 'OEBPS/text/a2 b.xhtml'),
                        ('OEBPS/text/a3.xhtml',)])
        book = check_dump('book-en', good['book-en'])
        check_articles('book-en', good['book-en'], book,
                       [('OPS/title.xhtml', 'OPS/chapter-1.xhtml', 'OPS/chapter-2.xhtml')])
        news = check_dump('news-calibre', good['news-calibre'])
        check_articles('news-calibre', good['news-calibre'], news,
                       [('feed_0/article_0/index.html',), ('feed_0/article_1/index.html',),
                        ('feed_1/article_0/index.html',)])
        paths = make_hostile(d)
        check_hostile(paths, per)
        check_list(d, good, paths)
    print('epub: %d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
