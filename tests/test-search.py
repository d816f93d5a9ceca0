#!/usr/bin/env python3
"""test-search.py SAHIFA SOURCE_ROOT - search and find through the real program.

--find: every line of tests/data/search/find.tests (a file, options, a query,
the hits worked out by hand from the file's bytes) is run as
`sahifa --find QUERY FILE`, and the hits' offsets compared; each line's
keys, its page (1-based, not decreasing) and its snippet (the hit in [ ])
are checked too.

--search: a temporary library (its own --state-dir, no default assets) of
our articles: which articles each query finds and in which order, the keys
of each line in their order, exit codes (0 with no line for no match, 2 for
a query without a word, 1 for a cache that cannot be used); then the index
kept current: a file added, changed, touched, removed, searched again each
time.

In a cross build meson test sets MESON_EXE_WRAPPER, which runs SAHIFA.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import long_article  # noqa: E402 (beside this script)

sahifa, root = sys.argv[1], sys.argv[2]
wrap = shlex.split(os.environ.get("MESON_EXE_WRAPPER", ""))
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def run(args, env=None):
    p = subprocess.run(wrap + [sahifa] + args, capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def lines_of(out):
    return [json.loads(line) for line in out.splitlines()]


def read_as(path):
    """The text as read: UTF-8 as it is, else Windows-1256 converted."""
    data = open(path, "rb").read()
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("cp1256").encode("utf-8")


# ---- --find: the table ------------------------------------------------------

FIND_KEYS = ["start", "end", "page", "snippet"]
n_find = 0
with open(os.path.join(root, "tests/data/search/find.tests"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip() or line.startswith("#"):
            continue
        path, opts, query, want = (x.strip() for x in line.split(";"))
        want = [] if want == "-" else [tuple(map(int, h.split("-"))) for h in want.split()]
        where = "find.tests:%d: --find %r %s %s" % (n, query, opts, path)
        rc, out, err = run(["--find", query] + opts.split() + [os.path.join(root, path)])
        n_find += 1
        if rc != 0:
            fail("%s: exit %d: %s" % (where, rc, err.strip()))
            continue
        try:
            got = lines_of(out)
        except ValueError as e:
            fail("%s: not JSON Lines (%s): %r" % (where, e, out[:200]))
            continue
        hits = [(o.get("start"), o.get("end")) for o in got]
        if hits != want:
            fail("%s: expected %s, got %s" % (where, want, hits))
            continue
        pages = [o.get("page") for o in got]
        text = read_as(os.path.join(root, path))
        for o in got:
            # The marked text is the file's bytes [start, end), its runs of
            # spaces and line breaks as one space.
            hit = " ".join(text[o["start"]:o["end"]].decode("utf-8").split())
            if list(o.keys()) != FIND_KEYS:
                fail("%s: keys %s, expected %s" % (where, list(o.keys()), FIND_KEYS))
            elif "[" + hit + "]" not in o["snippet"]:
                fail("%s: [%s] is not in the snippet %r" % (where, hit, o["snippet"]))
        if pages and (pages[0] < 1 or pages != sorted(pages)):
            fail("%s: pages %s are not 1-based in reading order" % (where, pages))
print("find: %d queries of find.tests run" % n_find)

# The page of a hit is the reader's: the seed's first hit of واشنطن is in
# its head (page 1) and the last word of the seed is past page 1.
seed = os.path.join(root, "assets/articles/seed-article-ar.txt")
rc, out, err = run(["--find", "واشنطن", seed])
pages = [o["page"] for o in lines_of(out)] if rc == 0 else []
if not pages or pages[0] != 1 or pages[-1] <= 1:
    fail("--find واشنطن seed: pages %s, expected 1 then a later page (%s)" % (pages, err.strip()))

# Usage errors and unreadable files.
for args, code, what in [
    (["--find", "، . !", seed], 2, "a query without a word"),
    (["--find", "حكومة"], 2, "no FILE"),
    (["--find", "حكومة", os.path.join(root, "tests/data/search/missing.txt")], 1, "a missing file"),
]:
    rc, out, err = run(args)
    if rc != code or out:
        fail("--find, %s: exit %d (expected %d), stdout %r" % (what, rc, code, out[:100]))
    elif code == 1 and ("missing.txt" not in err or len(err.strip().splitlines()) != 1):
        fail("--find, %s: expected one line naming the file, got %r" % (what, err))

# ---- --search ---------------------------------------------------------------

SEARCH_KEYS = ["path", "title", "score", "hits", "snippet"]
tmp = tempfile.mkdtemp(prefix="sahifa-test-search-")
try:
    env = dict(os.environ)
    os.makedirs(os.path.join(tmp, "assets"))
    env.update(SAHIFA_ASSETS_DIR=os.path.join(tmp, "assets"), XDG_DATA_HOME=tmp + "/data",
               XDG_STATE_HOME=tmp + "/xdg-state", XDG_CACHE_HOME=tmp + "/xdg-cache", XDG_CONFIG_HOME=tmp + "/config")
    lib = os.path.join(tmp, "lib", "news")
    os.makedirs(lib)
    forms = os.path.join(lib, "forms-ar.txt")
    seedcopy = os.path.join(lib, "seed.txt")
    shutil.copy(os.path.join(root, "tests/data/search/forms-ar.txt"), forms)
    shutil.copy(seed, seedcopy)
    # No front matter, no headline (a reading-time line, then a paragraph too
    # long for a headline): no title; the library lists the file's name.
    with open(os.path.join(lib, "untitled.txt"), "w", encoding="utf-8") as f:
        f.write("دقائق القراءة - 3\n\nهذه فقرة طويلة بلا عنوان تبدأ بها المقالة مباشرة، ولا يسبقها عنوان ولا تاريخ "
                "ولا اسم كاتب، وتمضي حتى تتجاوز حد العنوان المعروف.\n")
    state = os.path.join(tmp, "state")
    base = ["--state-dir", state, "--library", os.path.join(tmp, "lib")]

    def search(query, *opts, expect_rc=0):
        rc, out, err = run(base + ["--search", query] + list(opts), env)
        if "library cache" in err:
            # An article without a title once made every cached row
            # unreadable: each start read every file again.
            fail("--search %r: the cache was not used: %s" % (query, err.strip()))
        if rc != expect_rc:
            fail("--search %r %s: exit %d, expected %d: %s" % (query, opts, rc, expect_rc, err))
            return None
        try:
            got = lines_of(out)
        except ValueError as e:
            fail("--search %r: not JSON Lines (%s): %r" % (query, e, out[:200]))
            return None
        for o in got:
            if list(o.keys()) != SEARCH_KEYS:
                fail("--search %r: keys %s, expected %s" % (query, list(o.keys()), SEARCH_KEYS))
            elif not isinstance(o["score"], (int, float)) or not isinstance(o["hits"], int):
                fail("--search %r: score/hits not numbers: %r" % (query, o))
        scores = [o["score"] for o in got]
        if scores != sorted(scores, reverse=True):
            fail("--search %r: not best first: %s" % (query, scores))
        return got

    def expect(query, want, *opts):
        got = search(query, *opts)
        if got is None:
            return None
        paths = [os.path.basename(o["path"]) for o in got]
        if paths != want:
            fail("--search %r %s: expected %s, got %s" % (query, " ".join(opts), want, paths))
        return got

    # حكومة: 5 times in forms (والحكومة، للحكومة… and in presentation forms),
    # twice in the seed copy.
    got = expect("حكومة", ["forms-ar.txt", "seed.txt"])
    if got:
        if [o["hits"] for o in got] != [5, 2]:
            fail("--search حكومة: hits %s, expected [5, 2]" % [o["hits"] for o in got])
        if "[" not in got[0]["snippet"] or "]" not in got[0]["snippet"]:
            fail("--search حكومة: the hit is not marked in %r" % got[0]["snippet"])
        if got[0]["title"] != "مقالة اختبار البحث":
            fail("--search حكومة: title %r" % got[0]["title"])
    expect("حكومه", ["forms-ar.txt"])

    def expect_hits(query, want, hits, *opts):
        got = expect(query, want, *opts)
        if got is not None and [o["hits"] for o in got] != hits:
            fail("--search %r %s: hits %s, expected %s" % (query, " ".join(opts),
                                                           [o["hits"] for o in got], hits))

    # The index holds each word as written; the query word brings its
    # proclitic forms (الحكومة: والحكومة للحكومة وبالحكومة, and the line in
    # presentation forms), never the other way (للحكومة: itself only).
    expect_hits("الحكومة", ["forms-ar.txt", "seed.txt"], [5, 2])
    expect_hits("للحكومة", ["forms-ar.txt", "seed.txt"], [1, 1])
    # --all-forms: every word of the index with the stem حكوم (الحكومه too).
    expect_hits("حكومه", ["forms-ar.txt", "seed.txt"], [6, 2], "--all-forms")
    expect("حكومه", ["forms-ar.txt", "seed.txt"], "--fold-teh-marbuta")
    expect("الحُكُومَة", ["forms-ar.txt", "seed.txt"])
    expect("٢٠٢٢", ["forms-ar.txt", "seed.txt"])
    expect("2022 كتاب", ["forms-ar.txt"])  # every word: the seed has no كتاب
    expect("GOVERNMENT", ["forms-ar.txt"])
    # The title (from the front matter) outweighs the seed's لاختبار.
    expect("اختبار", ["forms-ar.txt", "seed.txt"])
    expect("زنجبيل", [])
    expect("عنوان", ["untitled.txt"])
    search("؟ ،", expect_rc=2)

    # The index kept current.
    added = os.path.join(lib, "added.txt")
    with open(added, "w", encoding="utf-8") as f:
        f.write("وصل الزنجبيل إلى الأسواق\n\nارتفع سعر الزنجبيل هذا العام.\n")
    expect("زنجبيل", ["added.txt"])
    with open(added, "w", encoding="utf-8") as f:
        f.write("وصل القرنفل إلى الأسواق\n\nارتفع سعر القرنفل هذا العام كثيرا.\n")
    expect("زنجبيل", [])
    expect("قرنفل", ["added.txt"])
    os.utime(added, (1, 1))  # touched, the same text: still found
    expect("قرنفل", ["added.txt"])
    os.remove(added)
    expect("قرنفل", [])
    expect("حكومة", ["forms-ar.txt", "seed.txt"])

    # Listing does not wait for the search index: --list lists a new file
    # and leaves its text for later (the app indexes it when idle); a
    # search then indexes it first, and finds it, as it is at that time.
    import sqlite3

    def cache_rows(path):
        db = sqlite3.connect(os.path.join(state, "library.sqlite"))
        try:
            row = db.execute("SELECT indexed FROM article WHERE path = ?", (path,)).fetchone()
            doc = db.execute("SELECT count(*) FROM search_doc WHERE path = ?", (path,)).fetchone()
            return (row[0] if row else None), doc[0]
        finally:
            db.close()

    def cached_identity(path):
        db = sqlite3.connect(os.path.join(state, "library.sqlite"))
        try:
            row = db.execute("SELECT hash FROM article WHERE path = ?", (path,)).fetchone()
            return row[0] if row else "no row"
        finally:
            db.close()

    # article.h's identity, computed here (tests/long_article.py).
    identity = long_article.identity

    listed = os.path.join(lib, "listed.txt")
    with open(listed, "w", encoding="utf-8") as f:
        f.write("وصل الهيل إلى الأسواق\n\nارتفع سعر الهيل هذا العام.\n")
    rc, out, err = run(base + ["--list"], env)
    real = os.path.realpath(listed)
    if rc != 0 or "listed.txt" not in out:
        fail("--list with a new file: exit %d, %r" % (rc, err))
    elif cache_rows(real) != (0, 0):
        fail("--list: the new file's cache row (indexed, search rows) is %s, expected (0, 0): "
             "listing waited for the search index" % (cache_rows(real),))
    # --list prints the identity: it computes it for every file it parses.
    elif cached_identity(real) != identity(listed) or identity(listed)[:12] not in out:
        fail("--list: the new file's identity is %r in the cache, expected %r, in the table too"
             % (cached_identity(real), identity(listed)))
    expect("هيل", ["listed.txt"])
    if cache_rows(real) != (1, 1):
        fail("--search: the listed file's (indexed, search rows) is %s, expected (1, 1)"
             % (cache_rows(real),))
    # Changed after it was listed, before it was indexed: found as it is now.
    with open(listed, "w", encoding="utf-8") as f:
        f.write("وصل الزعفران إلى الأسواق\n\nارتفع سعر الزعفران هذا العام كثيرا.\n")
    run(base + ["--list"], env)
    expect("هيل", [])
    expect("زعفران", ["listed.txt"])
    os.remove(listed)
    expect("زعفران", [])

    # The app indexes what the listing left, by itself, while it is idle:
    # a new file listed at launch is in the index without any search.
    idle = os.path.join(lib, "idle.txt")
    with open(idle, "w", encoding="utf-8") as f:
        f.write("وصل الكمون إلى الأسواق\n\nارتفع سعر الكمون هذا العام.\n")
    app_err = open(os.path.join(tmp, "app.err"), "w+")
    app = subprocess.Popen(wrap + [sahifa, "--headless"] + base, env=env,
                           stdout=subprocess.DEVNULL, stderr=app_err)
    try:
        state_now = None
        for _ in range(300):  # up to 30 s (a sanitizer build is slow)
            time.sleep(0.1)
            try:
                state_now = cache_rows(os.path.realpath(idle))
            except sqlite3.Error:
                continue  # being written
            if state_now == (1, 1) or app.poll() is not None:
                break
        if state_now != (1, 1):
            fail("the app did not index a new file while idle: (indexed, search rows) %s, "
                 "exit %s" % (state_now, app.poll()))
        elif cached_identity(os.path.realpath(idle)) != identity(idle):
            fail("the app's index step left the identity %r, expected %r"
                 % (cached_identity(os.path.realpath(idle)), identity(idle)))
    finally:
        app.terminate()
        app.wait(timeout=30)
    app_err.seek(0)
    said = app_err.read()
    app_err.close()
    # The list shows no reading state for an article whose identity is not
    # known yet, and asks the store nothing about it.
    if "store:" in said:
        fail("the app's listing asked the store with no identity: %r" % said[:300])
    os.remove(idle)

    # The app's listing computes no identity (SHA-256) of a new file but
    # of one the store knows by its path (its reading progress is keyed by
    # it: the list shows it at once); the rest wait for the index step.
    read_before = os.path.join(lib, "read-before.txt")
    never_read = os.path.join(lib, "never-read.txt")
    for path, word in ((read_before, "الفلفل"), (never_read, "الزنجبيل")):
        with open(path, "w", encoding="utf-8") as f:
            f.write("وصل %s إلى الأسواق\n\nارتفع سعر %s هذا العام.\n" % (word, word))
    rc, _, err = run(["--state-dir", state, "--screenshot", os.path.join(tmp, "read.png"),
                      read_before], env)  # opened: the store records its path
    if rc != 0:
        fail("--screenshot of an article: exit %d: %s" % (rc, err))
    with open(read_before, "a", encoding="utf-8") as f:
        f.write("\nوسطر أخير.\n")  # changed since it was read: a new listing
    rc, _, err = run(base + ["--screenshot", os.path.join(tmp, "lib.png")], env)
    got = (cached_identity(os.path.realpath(read_before)),
           cached_identity(os.path.realpath(never_read)))
    if rc != 0:
        fail("--screenshot of the library: exit %d: %s" % (rc, err))
    elif got != (identity(read_before), None):
        fail("the app's listing: identities (read before, never read) %s, expected (%s, None)"
             % (got, identity(read_before)))
    # Copies are listed once by their content key, identity or not: a
    # search (through the listing of the files, lazily) finds one.
    dup = os.path.join(lib, "never-read-copy.txt")
    shutil.copy(never_read, dup)
    got = search("زنجبيل")
    if got is not None and len(got) != 1:
        fail("--search in two copies listed lazily: %d results, expected 1: %s"
             % (len(got), [o["path"] for o in got]))
    for path in (read_before, never_read, dup):
        os.remove(path)

    # A run of 300 letters (past the vocabulary's memory of 255 bytes and
    # the proclitics' 120): found whole, also under --all-forms.
    long_word = "ب" * 300
    with open(os.path.join(lib, "long.txt"), "w", encoding="utf-8") as f:
        f.write("كلمة طويلة\n\nهنا %s ثم نهاية.\n" % long_word)
    expect(long_word, ["long.txt"])
    expect(long_word, ["long.txt"], "--all-forms")
    os.remove(os.path.join(lib, "long.txt"))

    # A cache that cannot be used: the state dir is a file.
    with open(os.path.join(tmp, "not-a-dir"), "w") as f:
        f.write("x")
    rc, out, err = run(["--state-dir", os.path.join(tmp, "not-a-dir"), "--library",
                        os.path.join(tmp, "lib"), "--search", "حكومة"], env)
    if rc != 1 or out or "cannot search" not in err:
        fail("--search with no cache: exit %d, stdout %r, stderr %r" % (rc, out[:100], err))
finally:
    shutil.rmtree(tmp)

print("%d failures" % failures)
sys.exit(1 if failures else 0)
