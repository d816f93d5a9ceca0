#!/usr/bin/env python3
"""test-epub-reader.py SAHIFA SOURCE_ROOT SQLQ - EPUB articles opened by the
real program, as .txt and web pages are.

tests/data/epub/periodical-ar (three articles, the second of two documents:
"text/a2.xhtml" and "text/a2 b.xhtml") and book-en (three documents, an NCX
with a "#lamp" fragment), zipped by tests/epubgen.py:

- `sahifa --screenshot OUT periodical-ar.epub#2` draws, pixel for pixel, what
  the same text as one web page (written here: its headline, paragraphs and
  heading) draws: the article's headline on page 1, the second document's
  heading and paragraph after the first's; the place it keeps (read back
  through SQLite, SQLQ) is the headline's first byte in the scheme of
  docs/article-format.md: a byte of document k counts after documents 0..k-1
  of the article; its key is the hash --list shows;
- `--find` prints offsets in that scheme, worked out from the files
  (python's bytes.find over the documents joined, never sahifa's output),
  with pages at the default screen; `FILE.epub` is the whole file (the book);
- a place kept in the book's chapter 2 opens chapter 2's page, not page 1;
- in a library with a .txt article: `--search` finds a word only an EPUB
  article has (its path "X.epub#2"), the book by a word of its title page;
  the search index holds one row per EPUB article, and loses the book's
  when the file is removed; `--list` lists them;
- a periodical whose article 2 shows nothing: `--list` still lists its
  three articles and names "#2" once; opening "#2" is one line naming it
  and exit 1, "#1" and "#3" open;
- `--import` takes a folder holding only an .epub, and the imported copy
  lists its articles; `--import FILE.epub` makes a bundle of it, a broken
  one is its line and nothing imported.

In a cross build meson test sets MESON_EXE_WRAPPER, which runs SAHIFA.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import zlib

sahifa, root, sqlq = sys.argv[1], sys.argv[2], sys.argv[3]
wrap = shlex.split(os.environ.get("MESON_EXE_WRAPPER", ""))
sys.path.insert(0, os.path.join(root, "tests"))
import epubgen  # noqa: E402

DATA = os.path.join(root, "tests", "data", "epub")
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def run(args, env=None):
    p = subprocess.run(wrap + [sahifa] + args, capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def png_rows(path):
    """The rows of an 8-bit RGB or RGBA PNG as bytes (sahifa's screenshots)."""
    data = open(path, "rb").read()
    pos, idat, w, h, ct = 8, b"", 0, 0, 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, ct = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big"), body[9]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 4 if ct == 6 else 3
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
    for y in range(h):
        f = raw[y * (w * bpp + 1)]
        line = bytearray(raw[y * (w * bpp + 1) + 1:(y + 1) * (w * bpp + 1)])
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return rows


def doc(name, *parts):
    return open(os.path.join(DATA, name, *parts), "rb").read()


A2 = doc("periodical-ar", "OEBPS", "text", "a2.xhtml")
A2B = doc("periodical-ar", "OEBPS", "text", "a2 b.xhtml")
ART2 = A2 + A2B  # article 2's source: its documents one after the other
BOOK = b"".join(doc("book-en", "OPS", n) for n in ("title.xhtml", "chapter-1.xhtml",
                                                     "chapter-2.xhtml"))
HEADLINE = "المكتبة العامة تمدد ساعات العمل في الصيف"

# The same text as one web page: what #2 shows, in one file.
PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>%s</title></head>
<body><article><h1>%s</h1>
<p>أعلنت المكتبة العامة أنها ستفتح أبوابها حتى العاشرة مساءً طوال أشهر الصيف، استجابة لطلبات الطلاب الذين يستعدون لامتحانات القبول في الجامعات ويبحثون عن مكان هادئ للمذاكرة.</p>
<p>وأوضحت مديرة المكتبة أن القاعة الكبرى ستخصص للمذاكرة الصامتة، بينما تستضيف القاعة الصغيرة ورشاً للأطفال في القراءة والرسم مرتين كل أسبوع، والدخول إلى الورش مجاني.</p>
<h2>كتب جديدة على الرفوف</h2>
<p>وتضم المكتبة هذا الصيف أكثر من ألفي كتاب جديد في الأدب والتاريخ والعلوم، وصلت من معرض الكتاب الأخير، وتعار للقراء لمدة أسبوعين قابلة للتجديد مرة واحدة.</p>
</article></body></html>
""" % (HEADLINE, HEADLINE)


KEEP = ("UPDATE positions SET byte_offset = %d "
        "WHERE hash = (SELECT hash FROM articles WHERE path = '%s')")


def finds(src, needle):
    """Every byte offset of @needle (UTF-8) in @src."""
    out, at, b = [], 0, needle.encode()
    while (at := src.find(b, at)) >= 0:
        out.append(at)
        at += 1
    return out


tmp = tempfile.mkdtemp(prefix="sahifa-test-epub-reader-")
try:
    env = dict(os.environ)
    env.update(XDG_DATA_HOME=tmp + "/data", XDG_STATE_HOME=tmp + "/xdg-state", XDG_CACHE_HOME=tmp + "/xdg-cache",
               XDG_CONFIG_HOME=tmp + "/config")
    # The library runs see no installed bundle (the seed's articles).
    lenv = dict(env, SAHIFA_ASSETS_DIR=tmp + "/no-assets")
    os.mkdir(tmp + "/no-assets")
    lib = os.path.join(tmp, "lib")
    os.mkdir(lib)
    per = os.path.join(lib, "periodical-ar.epub")
    book = os.path.join(lib, "book-en.epub")
    epubgen.build(os.path.join(DATA, "periodical-ar"), per)
    epubgen.build(os.path.join(DATA, "book-en"), book)
    st = os.path.join(tmp, "st")
    db = os.path.join(st, "sahifa.sqlite")

    def q(sql, path=db):
        p = subprocess.run(wrap + [sqlq, path, sql], capture_output=True, timeout=60)
        return p.stdout.decode().strip()

    def shot(name, target):
        out = os.path.join(tmp, name + ".png")
        rc, _, err = run(["--state-dir", st, "--screenshot", out, target], env)
        if rc != 0:
            fail("--screenshot %s: exit %d: %s" % (target, rc, err))
            return None
        return png_rows(out)

    # ---- page 1 of #2, as the same text in one web page -----------------
    page = os.path.join(tmp, "same.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(PAGE)
    rc, out, _ = run(["--dump-article", page])
    roles = [json.loads(line)["role"] for line in out.splitlines()]
    if roles != ["headline", "body", "body", "heading", "body"]:
        fail("the web page written here reads as %s, not the article's blocks" % roles)
    web = shot("web", page)
    q("DELETE FROM positions")
    art = shot("epub2", per + "#2")
    if web and art and web != art:
        diff = [y for y in range(len(web)) if web[y] != art[y]]
        fail("periodical-ar.epub#2 does not draw as the same text as a web page (rows %d..%d "
             "differ)" % (diff[0], diff[-1]))
    if art and all(r == art[40] for r in art[20:60]):
        fail("no headline drawn at the top of page 1")
    head = A2.find(b"<h1>") + 4
    kept = q("SELECT byte_offset, hash FROM positions JOIN articles USING (hash) "
             "WHERE path = '%s#2'" % per)
    rc, out, _ = run(["--list", "--library", lib, "--state-dir", st], lenv)
    listed = [line for line in out.splitlines() if line.endswith("(%s#2)" % per)]
    if not kept or kept.split("|")[0] != str(head):
        fail("the place kept on opening #2: %r, expected the headline's byte %d" % (kept, head))
    elif not listed or kept.split("|")[1][:12] not in listed[0]:
        fail("the place's key %r is not the hash --list shows: %r" % (kept, listed))

    # ---- --find in the documents-joined scheme --------------------------
    cases = [
        (per + "#2", "المكتبة", ART2, finds(ART2, "المكتبة")),
        (per + "#2", "الرفوف", ART2, finds(ART2, "الرفوف")),
        (book, "lamp", BOOK, [BOOK.find(b"second lamp") + 7, BOOK.find(b"Broken Lamp") + 7,
                              BOOK.find(b"great lamp") + 6, BOOK.find(b"lamp relit")]),
    ]
    # In ART2: the <title> of each document is no text of the article (the
    # first's is its headline again, the second's a repeat left out).
    cases[0] = (cases[0][0], cases[0][1], ART2,
                [o for o in cases[0][3] if not (A2.find(b"<title>") <= o < A2.find(b"</title>")
                                                or len(A2) + A2B.find(b"<title>") <= o <
                                                len(A2) + A2B.find(b"</title>"))])
    for target, query, src, want in cases:
        rc, out, err = run(["--find", query, target], env)
        got = [json.loads(line) for line in out.splitlines()] if rc == 0 else []
        hits = [o["start"] for o in got]
        if rc != 0 or hits != want:
            fail("--find %s %s: expected %s, got %s (exit %d, %s)" % (query, target, want, hits,
                                                                       rc, err.strip()))
            continue
        for o in got:
            if src[o["start"]:o["end"]].decode().lower() != query.lower():
                fail("--find %s: bytes %d..%d are %r" % (query, o["start"], o["end"],
                                                          src[o["start"]:o["end"]]))
        pages = [o["page"] for o in got]
        if pages[0] != 1 or pages != sorted(pages):
            fail("--find %s %s: pages %s" % (query, target, pages))
    print("find: %d queries" % len(cases))

    # ---- a place kept in the book's chapter 2 ---------------------------
    first = shot("book-first", book)
    rc, out, _ = run(["--find", "slept", book], env)
    later = json.loads(out.splitlines()[0]) if rc == 0 and out else None
    rc, out, _ = run(["--find", "worn", book], env)
    same = json.loads(out.splitlines()[0]) if rc == 0 and out else None
    if not later or not same or later["page"] < 2:
        fail("--find in chapter 2: %s %s" % (later, same))
    else:
        q(KEEP % (later["start"], book))
        a = shot("book-later", book)
        q(KEEP % (same["start"], book))
        b = shot("book-same", book)
        if not a or a == first:
            fail("a place kept in chapter 2 opens page 1")
        if a and b and (a == b) != (later["page"] == same["page"]):
            fail("two places on pages %d and %d draw %s" % (later["page"], same["page"],
                                                           "alike" if a == b else "apart"))

    # ---- search and the index -------------------------------------------
    with open(os.path.join(lib, "local.txt"), "w", encoding="utf-8") as f:
        f.write("خبر محلي عن البرتقال\n\nوصل البرتقال الجديد إلى الأسواق صباح اليوم.\n")
    cache = os.path.join(tmp, "xdg-cache", "sahifa", "library.sqlite")

    def search(word):
        rc, out, err = run(["--search", word, "--library", lib], lenv)
        return rc, [json.loads(line)["path"] for line in out.splitlines()], err

    rc, paths, err = search("الورش")
    if rc != 0 or paths != [per + "#2"]:
        fail("--search الورش: expected [%s#2], got %s (exit %d, %s)" % (per, paths, rc, err))
    rc, paths, err = search("البرتقال")
    if rc != 0 or paths != [os.path.join(lib, "local.txt")]:
        fail("--search البرتقال: expected the .txt only, got %s (%s)" % (paths, err))
    rc, paths, err = search("Lighthouse")
    if rc != 0 or paths != [book]:
        fail("--search Lighthouse: expected [%s], got %s" % (book, paths))
    docs = sorted(q("SELECT path FROM search_doc", cache).splitlines())
    want = sorted([book, os.path.join(lib, "local.txt")] + ["%s#%d" % (per, n) for n in (1, 2, 3)])
    if docs != want:
        fail("the search index holds %s, expected %s" % (docs, want))
    os.unlink(book)
    rc, paths, err = search("Lighthouse")
    docs = q("SELECT path FROM search_doc", cache).splitlines()
    if paths or book in docs:
        fail("the book removed: --search finds %s, the index holds %s" % (paths, docs))
    print("search: ok")

    # ---- a periodical whose article 2 shows nothing ---------------------
    broken_dir = os.path.join(tmp, "broken")
    os.mkdir(broken_dir)
    broken = os.path.join(broken_dir, "paper.epub")
    empty = (b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
             b'<head></head><body><div> </div></body></html>')
    epubgen.build(os.path.join(DATA, "periodical-ar"), broken,
                  replace={"OEBPS/text/a2.xhtml": empty, "OEBPS/text/a2 b.xhtml": empty})
    benv = dict(lenv, XDG_STATE_HOME=tmp + "/broken-state", XDG_CACHE_HOME=tmp + "/broken-cache")
    rc, out, err = run(["--list", "--library", broken_dir], benv)
    rows = [line for line in out.splitlines() if "(%s#" % broken in line]
    named = [line for line in err.splitlines() if "%s#2" % broken in line]
    if rc != 0 or len(rows) != 3 or len(named) > 2 or any("#1" in e or "#3" in e
                                                           for e in err.splitlines()):
        fail("--list with a broken article: exit %d, %d rows, stderr %r" % (rc, len(rows), err))
    rc, out, err = run(["--state-dir", st, "--screenshot", tmp + "/b.png", broken + "#2"], env)
    lines = err.splitlines()
    if rc != 1 or not lines or not lines[0].startswith("sahifa: %s#2: " % broken):
        fail("opening the broken #2: expected exit 1 and a line naming it, got %d %r" % (rc, err))
    for n in (1, 3):
        rc, out, err = run(["--state-dir", st, "--screenshot", tmp + "/b.png",
                            "%s#%d" % (broken, n)], env)
        # The test periodical's photo is not in its archive: the reader
        # draws the placeholder and says so in one line, nothing else.
        other = [e for e in err.splitlines() if ": photo " not in e]
        if rc != 0 or other:
            fail("#%d of the broken file: exit %d %r" % (n, rc, err))
    print("broken: ok")

    # ---- --import of a folder of EPUB files -----------------------------
    src = os.path.join(tmp, "issue")
    os.mkdir(src)
    epubgen.build(os.path.join(DATA, "periodical-ar"), os.path.join(src, "today.epub"))
    rc, out, err = run(["--import", src], env)
    dest = os.path.join(tmp, "data", "sahifa", "bundles", "issue")
    if rc != 0 or not os.path.isfile(os.path.join(dest, "today.epub")):
        fail("--import of a folder of one .epub: exit %d, %r %r" % (rc, out, err))
    rc, out, err = run(["--list"], lenv)
    got = [line for line in out.splitlines() if "(%s/today.epub#" % dest in line]
    if rc != 0 or len(got) != 3:
        fail("the imported EPUB: expected its 3 articles listed, got %d:\n%s%s" % (len(got),
                                                                                  out, err))
    # One .epub file: a bundle named after it; a refused one, one line.
    rc, out, err = run(["--import", broken], env)
    one = os.path.join(tmp, "data", "sahifa", "bundles", "paper", "paper.epub")
    if rc != 0 or not os.path.isfile(one) or open(one, "rb").read() != open(broken, "rb").read():
        fail("--import FILE.epub: exit %d, %r %r" % (rc, out, err))
    junk = os.path.join(tmp, "junk.epub")
    with open(junk, "wb") as f:
        f.write(b"not a zip archive\n")
    rc, out, err = run(["--import", junk], env)
    if rc != 1 or os.path.exists(os.path.join(tmp, "data", "sahifa", "bundles", "junk")) or \
            err != "sahifa: %s: not a zip archive (an EPUB is one)\n" % junk:
        fail("--import of a broken .epub: expected exit 1 and its line, got %d %r" % (rc, err))
    print("import: ok")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("epub-reader: %d failures" % failures)
sys.exit(1 if failures else 0)
