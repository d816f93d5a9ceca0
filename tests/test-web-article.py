#!/usr/bin/env python3
"""test-web-article.py SAHIFA SOURCE_ROOT SQLQ - saved web pages as articles,
through the real program.

tests/data/html/web-news.html (an Arabic news page of ours: menus, a share
bar, related links, comments, a figure with its caption, "&amp;" and a run
of spaces and a line break inside a paragraph, an English paragraph):

- `sahifa --find` prints offsets into the page's bytes (the offsets
  bookmarks keep), worked out by hand from the file (python's bytes.find,
  never sahifa's output), with pages at the default screen;
- in a library beside a browser's "web-news_files/" folder (a photo and a
  frame's own .html): `--list` names the page by its title, the folder is no
  bundle of its own (its frame is not listed), also when the page's folder
  is the --library root; `--search` finds the page; `--import` copies the
  folder with the page;
- the reader keeps its place and bookmarks as offsets into the page: the
  place `sahifa --screenshot PAGE` saves is the headline's first byte in
  the page (read back through SQLite, SQLQ); a place saved at the English
  paragraph's first byte, or at its word "workshop", opens its page (the
  same screen, not page 1), one in the menu above the text opens page 1;
  a bookmark imported at the first paragraph's byte draws its ribbon on
  page 1, one at "workshop" does not;
- bad pages (binary, empty, too large, no text) are each one line naming
  the file, for --find and in --list's problems; the rest of the library
  lists.

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
failures = 0
PAGE = os.path.join(root, "tests/data/html/web-news.html")
TITLE = "مهرجان الخط العربي يعود إلى الإسكندرية"


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def run(args, env=None):
    p = subprocess.run(wrap + [sahifa] + args, capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


src = open(PAGE, "rb").read()


def at(s, after=0):
    """Bytes [start, end) of the UTF-8 string @s in the page, after @after."""
    i = src.find(s.encode("utf-8"), after)
    assert i >= 0, s
    return i, i + len(s.encode("utf-8"))


# ---- --find: source offsets --------------------------------------------------
# "الورش   مفتوحة\n     للجميع": three spaces, then a line break and five
# (the text has one space each); "للجميع &amp; مجانية": an entity before the
# second word of the next query; an English paragraph; the caption.
s1, _ = at("الورش   مفتوحة")
_, e1 = at("للجميع", s1)
m1 = at("مجانية")
m2 = at("مجانية", m1[1])
CASES = [
    ("الورش مفتوحة للجميع", [(s1, e1)]),
    ("مجانية", [m1, m2]),
    ("للجميع مجانية", [(at("للجميع", s1)[0], m1[1])]),
    ("workshop", [at("workshop")]),
    ("WORKSHOP in english", [(at("workshop")[0], at("English", at("workshop")[0])[1])]),
    ("الماضية", [at("الماضية")]),
    # The headline: og:title's text, found inside the <h1>.
    ("الإسكندرية يعود", []),
    ("يعود إلى الإسكندرية", [(at("يعود إلى الإسكندرية</h1>")[0], at("الإسكندرية</h1>")[1] - 5)]),
    # Words of the menu, the share bar, the related links: not shown.
    ("الرئيسية", []),
    ("فيسبوك", []),
    ("الكورنيش", []),
]
# The numbers, as worked out from the file's bytes, for the record:
# الورش..للجميع 2145-2188, مجانية 2195-2207 and 2801-2813, workshop 2866-2874.
if (s1, e1, m1, m2) != (2145, 2188, (2195, 2207), (2801, 2813)):
    fail("web-news.html changed: the offsets above were worked out for another file")
for query, want in CASES:
    rc, out, err = run(["--find", query, PAGE])
    if rc != 0:
        fail("--find %r: exit %d: %s" % (query, rc, err))
        continue
    got = [json.loads(line) for line in out.splitlines()]
    hits = [(o["start"], o["end"]) for o in got]
    if hits != want:
        fail("--find %r: expected %s, got %s" % (query, want, hits))
        continue
    pages = [o["page"] for o in got]
    if pages and (pages[0] < 1 or pages != sorted(pages)):
        fail("--find %r: pages %s" % (query, pages))
print("find: %d queries" % len(CASES))
# The first paragraph is on page 1, the English one later.
rc, out, err = run(["--find", "تنطلق", PAGE])
p1 = [json.loads(line)["page"] for line in out.splitlines()]
rc, out, err = run(["--find", "workshop", PAGE])
p2 = [json.loads(line)["page"] for line in out.splitlines()]
if p1 != [1] or not p2 or p2[0] <= 1:
    fail("pages: the first paragraph on %s, the English one on %s" % (p1, p2))

# ---- kept places -----------------------------------------------------------------


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
        f, line = raw[y * (w * bpp + 1)], bytearray(raw[y * (w * bpp + 1) + 1:(y + 1) * (w * bpp + 1)])
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


tmp = tempfile.mkdtemp(prefix="sahifa-test-web-places-")
try:
    env = dict(os.environ)
    env.update(XDG_DATA_HOME=tmp + "/data", XDG_STATE_HOME=tmp + "/xdg-state", XDG_CACHE_HOME=tmp + "/xdg-cache",
               XDG_CONFIG_HOME=tmp + "/config")
    st = os.path.join(tmp, "st")
    db = os.path.join(st, "sahifa.sqlite")

    def shot(name):
        out = os.path.join(tmp, name + ".png")
        rc, _, err = run(["--state-dir", st, "--lang", "en", "--screenshot", out, PAGE], env)
        if rc != 0:
            fail("--screenshot %s: exit %d: %s" % (name, rc, err))
            return None
        return png_rows(out)

    def q(sql):
        p = subprocess.run(wrap + [sqlq, db, sql], capture_output=True, timeout=60)
        return p.stdout.decode().strip()

    first = shot("first")
    head = at(TITLE + "</h1>")[0]
    if q("SELECT byte_offset FROM positions") != str(head):
        fail("the place kept on opening: %r, expected the headline's byte %d" %
             (q("SELECT byte_offset FROM positions"), head))
    english, workshop = at("The festival")[0], at("workshop")[0]
    q("UPDATE positions SET byte_offset = %d" % english)
    a = shot("english")
    q("UPDATE positions SET byte_offset = %d" % workshop)
    b = shot("workshop")
    q("UPDATE positions SET byte_offset = %d" % at("الرئيسية")[0])
    c = shot("menu")
    if first and a and b and c:
        if a == first or a != b:
            fail("a place in the English paragraph does not open its page (same as page 1: %s, "
                 "as its word workshop: %s)" % (a == first, a == b))
        if c != first:
            fail("a place in the menu above the text does not open page 1")
    hash_ = q("SELECT hash FROM articles")
    marks = os.path.join(tmp, "marks.jsonl")
    for off, name, want_ribbon in [(workshop, "mark-later", False),
                                   (at("تنطلق")[0], "mark-first", True)]:
        with open(marks, "w") as f:
            f.write('{"article": "%s", "offset": %d}\n' % (hash_, off))
        rc, _, err = run(["--state-dir", st, "--import-bookmarks", marks], env)
        q("UPDATE positions SET byte_offset = 0")
        g = shot(name)
        if rc != 0 or not g or not first:
            fail("%s: exit %d: %s" % (name, rc, err))
            continue
        top = sum(1 for y in range(40) if g[y] != first[y])
        if (top > 0) != want_ribbon:
            fail("%s: a bookmark at byte %d: %d rows of the top band differ (ribbon expected: %s)"
                 % (name, off, top, want_ribbon))
finally:
    shutil.rmtree(tmp)

# ---- the library ---------------------------------------------------------------
tmp = tempfile.mkdtemp(prefix="sahifa-test-web-")
try:
    env = dict(os.environ)
    os.makedirs(os.path.join(tmp, "assets"))
    env.update(SAHIFA_ASSETS_DIR=os.path.join(tmp, "assets"), XDG_DATA_HOME=tmp + "/data",
               XDG_STATE_HOME=tmp + "/xdg-state", XDG_CACHE_HOME=tmp + "/xdg-cache", XDG_CONFIG_HOME=tmp + "/config")
    news = os.path.join(tmp, "lib", "news")
    files = os.path.join(news, "web-news_files")
    os.makedirs(files)
    shutil.copy(PAGE, os.path.join(news, "web-news.html"))
    with open(os.path.join(files, "khatt photo.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not really a photo")
    # A frame saved with the page: a web page inside the folder, not an article.
    with open(os.path.join(files, "frame.html"), "w", encoding="utf-8") as f:
        f.write("<html><head><title>إعلان ممول</title></head><body><p>نص الإعلان الممول الذي "
                "لا ينبغي أن يظهر في المكتبة أبدا.</p></body></html>")
    with open(os.path.join(news, "note.txt"), "w", encoding="utf-8") as f:
        f.write("ملاحظة قصيرة\n\nهذا نص قصير يرافق الصفحة المحفوظة في الحزمة نفسها.\n")

    def listing(lib_dir, state):
        rc, out, err = run(["--state-dir", state, "--library", lib_dir, "--list"], env)
        if rc != 0:
            fail("--list %s: exit %d: %s" % (lib_dir, rc, err))
        return out, err

    for lib_dir, what in [(os.path.join(tmp, "lib"), "a folder of bundles"),
                          (news, "the page's folder as the root")]:
        out, err = listing(lib_dir, os.path.join(tmp, "state-" + what[:5]))
        rows = [line for line in out.splitlines() if "(" in line and line.strip()[0].isdigit()]
        page_rows = [r for r in rows if r.endswith("web-news.html)")]
        if len(page_rows) != 1 or TITLE not in page_rows[0] or "جريدة الساحل" not in page_rows[0]:
            fail("--list (%s): the page is not listed by its title and source:\n%s" % (what, out))
        if "إعلان ممول" in out or "frame.html" in out or "web-news_files" in out:
            fail("--list (%s): the NAME_files folder was listed:\n%s" % (what, out))
        if len(rows) != 2 or "2 articles" not in out:
            fail("--list (%s): expected the page and note.txt:\n%s%s" % (what, out, err))

    state = os.path.join(tmp, "state")
    rc, out, err = run(["--state-dir", state, "--library", os.path.join(tmp, "lib"),
                        "--search", "خطاطون"], env)
    got = [json.loads(line) for line in out.splitlines()] if rc == 0 else []
    if [os.path.basename(o["path"]) for o in got] != ["web-news.html"] or got[0]["title"] != TITLE:
        fail("--search خطاطون: %s %s" % (got, err))
    rc, out, err = run(["--state-dir", state, "--library", os.path.join(tmp, "lib"),
                        "--search", "الإعلان الممول"], env)
    if rc != 0 or out:
        fail("--search found the frame in web-news_files: %s" % out)

    # --import: the page, its folder and the note.
    rc, out, err = run(["--state-dir", state, "--import", news], env)
    dest = os.path.join(tmp, "data", "sahifa", "bundles", "news")
    photo = os.path.join(dest, "web-news_files", "khatt photo.jpg")
    if rc != 0 or not os.path.isfile(os.path.join(dest, "web-news.html")) or \
            not os.path.isfile(photo) or not os.path.isfile(os.path.join(dest, "note.txt")):
        fail("--import: exit %d, %s: %s" % (rc, sorted(os.listdir(dest)) if os.path.isdir(dest)
                                            else "nothing", err))
    # Again: the old copy, with its folder, is replaced whole.
    rc, out, err = run(["--state-dir", state, "--import", news], env)
    left = [n for n in os.listdir(os.path.dirname(dest)) if n.startswith(".import-")]
    if rc != 0 or left or not os.path.isfile(photo):
        fail("--import again: exit %d, left %s: %s" % (rc, left, err))
    rc, out, err = run(["--state-dir", state, "--list"], env)
    if TITLE not in out:
        fail("--list after --import: the page is not listed:\n%s" % out)

    # ---- bad pages ----------------------------------------------------------------
    bad = os.path.join(tmp, "bad", "pages")
    os.makedirs(bad)
    with open(os.path.join(bad, "binary.html"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8)
    open(os.path.join(bad, "empty.htm"), "wb").close()
    with open(os.path.join(bad, "huge.xhtml"), "wb") as f:
        f.write(b"<p>" + b"a " * (4 * 1024 * 1024 + 1) + b"</p>")
    with open(os.path.join(bad, "notext.html"), "w") as f:
        f.write("<html><head><script>var a = 1;</script></head><body></body></html>")
    shutil.copy(PAGE, os.path.join(bad, "good.html"))
    for name in ["binary.html", "empty.htm", "huge.xhtml", "notext.html"]:
        path = os.path.join(bad, name)
        rc, out, err = run(["--find", "كلمة", path], env)
        lines = err.strip().splitlines()
        if rc != 1 or out or len(lines) != 1 or name not in lines[0]:
            fail("--find on %s: exit %d, stderr %r" % (name, rc, err))
    rc, out, err = run(["--state-dir", os.path.join(tmp, "state-bad"), "--library",
                        os.path.join(tmp, "bad"), "--list"], env)
    if rc != 0 or TITLE not in out or "4 files could not be read" not in out:
        fail("--list of bad pages: exit %d:\n%s%s" % (rc, out, err))
    for name in ["binary.html", "empty.htm", "huge.xhtml", "notext.html"]:
        if len([line for line in err.splitlines() if name in line]) != 1:
            fail("--list of bad pages: %s is not one line: %r" % (name, err))
finally:
    shutil.rmtree(tmp)

print("%d failures" % failures)
sys.exit(1 if failures else 0)
