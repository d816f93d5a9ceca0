#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/<target>/ (seed-* files) from the
tree's real inputs and a list of small bad inputs. Run from anywhere:

    python3 fuzz/make-seeds.py [BUILD_DIR]     # default: build/

The bookmark files and databases are made by the app itself (BUILD_DIR's
app/sahifa --import-bookmarks / --export-bookmarks), so a build is needed.
Crashers found by fuzz/run.sh are added as crash-* (never overwritten here).
Every file stays within 64 KiB, libFuzzer's -max_len in run.sh, but one: the
import line past SAH_STORE_MAX_IMPORT_LINE (the replays read it whole).
"""
import json
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def header(width=480, height=800, margin=24, px=20, lh=1.6, absolute=False,
           direction=0, roles=False, gap=0, dx=0, dy=0, resize=False):
    """fuzz-text.c's 8-byte header for a geometry (see its comment)."""
    flags = round((lh - 0.8) / 0.1) & 15
    flags |= 16 if absolute else 0
    flags |= (direction & 3) << 5
    flags |= 128 if roles else 0
    return bytes([(width - 100) // 4, (height - 100) // 4, margin, (px - 6) % 64,
                  flags, (gap & 31) | (128 if resize else 0)]) + struct.pack("bb", dx, dy)


def u(s):
    return s.encode("utf-8")


seed = read("assets/articles/seed-article-ar.txt")
mixed = read("tests/data/mixed-script.txt")
guide_ar = read("assets/articles/guide-ar.txt")
guide_en = read("assets/articles/guide-en.txt")
bundle_ini = read("assets/articles/bundle.ini")

# Default ignorables of every kind, CGJ, variation selectors, tags, and
# letters some fonts draw with a mark glyph (U+FC5E, U+FC62).
ATTACH_SEPS = (0x200C, 0x200D, 0x200B, 0x2060, 0x200E, 0x200F, 0x061C, 0x034F, 0xFE00,
               0xE0100, 0x00AD, 0xFEFF, 0x202A, 0x202C, 0x202E, 0x2066, 0x2069, 0x2062,
               0x206A, 0x2065, 0xFFF0, 0xE0041, 0xE0001, 0x180B, 0x180E, 0x3164, 0x17B4,
               0x1D173, 0xFC5E, 0xFC62, 0x0654)

# Small texts that have broken engines before (each a reason to exist).
bad = {
    "empty": b"",
    "malformed-utf8": b"\xd8\xa8\xd8 \xc0\x80 \xed\xa0\x80 \xf4\x90\x80\x80 \xff\xfe"
                      b" \xe2\x82 abc \xd8\xa7\xd9\x84\n\x80\x80\x80\xf0\x9f\x98",
    "nested-rle-200": u("\u202b" * 200 + "نص عربي English " + "\u202c" * 200),
    "nested-isolates": u(("\u2067\u2066\u2068" * 70) + "abc عربي 123" + "\u2069" * 210),
    "marks-5000": u("ب" + "\u064e" * 5000 + " كلمة"),
    "marks-mixed": u("a" + "\u0301\u064b\u0651" * 400 + " e\u0301"),
    "flags-emoji": u("🇸🇦🇦🇪🇪🇬 👨‍👩‍👧‍👦 🏳️‍🌈 ✋🏽 العلم 🇵🇸 flag 🇺🇳" * 3),
    "nul-bytes": b"abc\x00def \x00\x00 \xd8\xa8\x00\xd8\xa7\n\x00",
    "crlf": u("سطر أول\r\nسطر ثان\r\n\r\nفقرة\rثالثة\r\n"),
    "front-matter": u("---\ntitle: عنوان\ndate: 2024-06-01\ntags: [أ، ب]\n---\nالنص.\n"),
    "long-word": u("ا" * 3000 + " " + "x" * 3000),
    "paragraph-separators": u("أ\u2029ب\u2029\u2029ج\n\n\n\tد \t\n \n"),
    "brackets": u("(" * 100 + "[نص]" + ")" * 100 + " «»{}<> ﴾﴿ (a [b) c]"),
    "controls": b"\x01\x02\x1b[31mred\x1b[0m \x7f\x0c\x0b\x85 \xe2\x80\x8b\xe2\x80\x8d",
    "bom-only": b"\xef\xbb\xbf",
    "spaces-only": b" \t \n\n  \t\r\n ",
    "tashkeel-lam-alef": u("لَاَ لأ لإ لآ اللّٰه ﷲ ﷺ ﷽ " * 20),
    "numbers": u("١٢٣٤٥٦٧٨٩٠ 1,234.56 ٪ ٫ ٬ -12 +٣ ¹²³ ⁴ 0x1F " * 20),
    "noncharacters": u("\ufffe\uffff\U0010ffff\U000e0001\U000e0041 \ufdd0 \u200e\u200f\u061c"),
    # What HarfBuzz looks past when it attaches a mark, between the marks
    # (tests/attach-family.h; CVE-2023-25193 needs a run of tens of
    # thousands, which the long runs' 256 KB seeds from fuzz/attach-seeds
    # have; these small ones give the mutator the pieces).
    "attach-zwnj": u("ب" + "\u0651\u200c" * 100 + " كلمة"),
    "attach-mixed": u("ب" + "".join("\u0651" + chr(c) for c in ATTACH_SEPS) * 3 + " a" +
                      "".join("\u0301" + chr(c) for c in ATTACH_SEPS)),
    "attach-mark-glyphs": u("ب" + "\ufc5e\u0651" * 40 + " ب" + "\ufc62" * 80 + "\u0651 ببب"),
    "attach-far-mark": u("ب" + "\u200c" * 2000 + "\u0651" + "ب" * 100),
}

texts = {
    "seed-article": header() + seed,
    "seed-article-roles-800x480": header(800, 480, 16, 22, roles=True, gap=8) + seed,
    "seed-article-abs-narrow": header(120, 400, 4, 32, lh=1.2, absolute=True, dx=-40) + seed[:8000],
    "mixed-script": header(480, 800, 24, 20, direction=1) + mixed,
    "mixed-script-ltr-roles": header(320, 240, 10, 14, direction=3, roles=True, dy=-60) + mixed,
    "guide-ar": header(600, 1024, 30, 24, roles=True) + guide_ar,
    "guide-en": header(480, 800, 24, 18, direction=3) + guide_en,
    "guide-ar-resize": header(480, 800, 24, 20, resize=True) + guide_ar,
}
for name, data in bad.items():
    texts[name] = header(200, 200, 8, 18, dx=-20, dy=-10) + data


def fill(text, size=65536 - 8):
    """@text repeated and cut to @size bytes: with the 8-byte header, the
    largest input the fuzzers run (-max_len=65536), where "no input of 64 KB
    or less takes over a second" is decided. The cut may end
    inside a UTF-8 sequence, which is a case too."""
    return (text * (size // len(text) + 1))[:size]


# The slowest inputs we could think of, at 64 KB: the most pages (the
# smallest page, the largest type), the longest unbreakable word, the longest
# run of marks, bidi controls nested and unbalanced all the way, a paragraph
# per byte. libFuzzer's length control takes hours to grow inputs this long,
# so they are seeds rather than something a run finds. They live in
# corpus/text-64k/: the replays and fuzz/run-long.sh read them, CI's
# one-minute runs do not (under ASan they take 0.1-1.0 s of the 1 s
# timeout, against 20-160 ms in a release build: a slower CI machine would
# report the sanitizer's cost as a timeout).
tiny = dict(width=100, height=100, margin=0, px=69)
big = {
    "64k-article-most-pages": header(**tiny, roles=True, resize=True) + fill(seed),
    "64k-article-800x480": header(800, 480, 16, 22, roles=True, gap=8, resize=True) + fill(seed),
    "64k-one-word": header(**tiny) + fill(u("ب")),
    "64k-one-latin-word": header(100, 1120, 0, 6, direction=3) + fill(b"x"),
    "64k-marks": header(**tiny) + fill(u("ب" + "\u064e\u0651" * 20 + " ")),
    "64k-bidi-controls": header(**tiny) + fill(u("\u202b\u2067a\u202a\u2066ب\u202c1\u2069")),
    "64k-isolates-unclosed": header(**tiny, direction=2) + fill(u("\u2068\u2067\u2066عربي abc")),
    "64k-newlines": header(**tiny, roles=True) + fill(b"\n"),
    "64k-mixed-script-narrow": header(100, 1120, 0, 32, direction=1, resize=True) + fill(mixed),
    "64k-malformed-utf8": header(**tiny) + fill(bad["malformed-utf8"]),
}

articles = {
    "seed-article": seed,
    "mixed-script": mixed,
    "guide-ar": guide_ar,
    "guide-en": guide_en,
    "cp1256": guide_ar.decode("utf-8").split("---\n", 2)[2].encode("cp1256", "replace"),
    "utf16": "نص".encode("utf-16"),
    "bom-front-matter": b"\xef\xbb\xbf" + u("---\ntitle: \"مقال\"\nreading_time: 7\n"
                                             "dir: auto\nlang: ar-EG\n# تعليق\n\n"
                                             "no colon here\ndate: 2024-02-30T25:61+03:00\n...\n"
                                             "مقال\n\nنص المقال.\n"),
    "front-matter-unclosed": u("---\ntitle: x\n" + "k: v\n" * 120 + "النص\n"),
    "front-matter-only": u("---\ntitle: فقط\n---\n\n\n"),
    "front-matter-bad-values": u("---\ndate: yesterday\nlang: 12345678901234567890\ndir: up\n"
                                 "reading_time: 0\ntags: [,،,]\ntitle: ''\nsummary: '\n---\nنص\n"),
    "head-lines": u("عنوان\nدقائق القراءة - ١٢\nتعليق الصورة\nتعليق الصورة\n"
                    "القاهرة - وكالة الأنباء\nفقرة أولى طويلة بما يكفي.\nعنوان فرعي\n"
                    "فقرة.\nاقرأ أيضاً:\nرابط\nتصنيفات\n"),
    "reading-time-only": u("time reading icon\n5 min read\n"),
    "furniture-then-body": u("عنوان\nنص.\nRead more\nمزيد من النص الطويل.\n"),
    "nbsp-edges": u("\u00a0عنوان\u00a0\n\u00a0\tنص.\u00a0 \n"),
    "ctrl-z": u("title\nbody text.\n") + b"\x1a",
}
for name in ("empty", "malformed-utf8", "nested-rle-200", "marks-5000", "flags-emoji",
             "nul-bytes", "crlf", "front-matter", "controls", "bom-only", "spaces-only"):
    articles[name] = bad[name]

ini = {
    "bundle": bundle_ini,
    "empty": b"",
    "broken-section": b"[bundle\nname = x\n",
    "no-equals": b"[bundle]\nname\n",
    "not-utf8": b"[bundle]\nname = \xff\xfe\xc0\x80\n",
    "nul": b"[bundle]\nname = a\x00b\n",
    "no-section": u("name = بلا قسم\nsort = title\n"),
    "other-section": b"[other]\nname = no\n[BUNDLE]\nsort = DATE-oldest\n",
    "bad-sort": b"[bundle]\nsort = random\n",
    "crlf-bom": b"\xef\xbb\xbf[bundle]\r\nname = crlf\r\nlanguage = en\r\n",
    "empty-values": b"[bundle]\nname =\npublisher=\ndate = \nlanguage =   \n",
    "comments": b"; c\n# c\n[bundle] ; c\nname = a ; inline\npublisher = b # not a comment\n",
    "continuation": b"[bundle]\nname = first\n  continued line\n",
    "long-line": b"[bundle]\nname = " + b"x" * 1000 + b"\n",
    "duplicates": b"[bundle]\nname = a\nname = b\nsort = title\nsort = date\n",
    "malformed-utf8": bad["malformed-utf8"],
}

# ---- bookmarks files and stores (app/store/store.h), made by the app ------

BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
SAHIFA = os.path.join(BUILD, "app", "sahifa")
if not os.access(SAHIFA, os.X_OK):
    sys.exit(f"make-seeds: {SAHIFA} not found: build first (meson setup build && ninja -C build)")
TMP = tempfile.mkdtemp(prefix="sahifa-seeds-")


def sahifa(state, *args):
    """Runs the app on a state dir (no config file of the user's)."""
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(TMP, "config"), LC_ALL="C.UTF-8")
    subprocess.run([SAHIFA, "--state-dir", os.path.join(TMP, state), *args], env=env,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(TMP, state, "sahifa.sqlite")


def tmpfile(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def jl(*objs):
    return b"".join(json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                    for o in objs)


H1, H2, H3 = "0123456789abcdef" * 2, "fedcba9876543210" * 2, "aaaa"
HEAD = {"format": "sahifa-bookmarks", "version": 1}
# test-store.c's samples: quotes, newlines, tabs, a direction mark, emoji,
# CRLF in a note, JSON in a note, an offset past 32 bits.
samples = [
    {"article": H1, "title": "الحرب والسلام", "offset": 0, "snippet": "قال \"الراوي\": ثم",
     "note": "ملاحظة فيها \"علامات تنصيص\"\nوسطر ثانٍ", "created": "2025-01-31T12:00:00Z"},
    {"article": H1, "offset": 4242, "snippet": "تابع\tبعد علامة جدولة",
     "created": "2024-02-29T23:59:59Z"},
    {"article": H2, "title": "مقال \\ بشرطة", "offset": 17,
     "snippet": "\u200fعلامة اتجاه وrtl mixed 123", "note": "emoji 📚 و\r\nCRLF",
     "created": "1970-01-01T00:00:00Z"},
    {"article": H2, "offset": 99999999999, "snippet": "", "note": "{\"json\": \"inside\"}",
     "created": "2038-01-19T03:14:08Z"},
    {"article": H3, "title": "Latin title", "offset": 1, "snippet": "plain",
     "note": "back\\slash / slash", "created": "2000-02-29T00:00:00Z"},
]
doc_example = read("docs/bookmarks-format.md").split(b"```json\n")
doc_example = doc_example[1].split(b"```")[0] + doc_example[2].split(b"```")[0]
exported = os.path.join(TMP, "export.jsonl")
sahifa("export", "--import-bookmarks", tmpfile("samples.jsonl", jl(HEAD, *samples)),
       "--export-bookmarks", exported)
with open(exported, "rb") as f:
    app_export = f.read()
# tests/test-store.c's hand-written reading list (7 bad lines of 11).
reading_list = (b'\n{"article":"ABCD","offset":10,"title":"\xd8\xaf\xd8\xb1\xd8\xb3 \xd9\xa1",'
                b'"extra":[1,2]}\r\n{"article":"abcd","offset":10}\n{"article":"abcd","offset":-1}\n'
                b'{"article":"xyz","offset":1}\n{"article":"abcd","offset":"12"}\nnot json\n'
                b'{"article":"abcd","offset":1,"offset":2}\n'
                b'{"article":"abcd","offset":20,"created":"yesterday"}\n[1,2]\n'
                b'{"article":"abcd","offset":30,"note":null,"created":"2024-02-29T23:59:59Z"}\n'
                b'   \t \n')
rec = b'{"article":"beef","offset":1}\n'
imports = {
    "app-export": app_export,
    "docs-example": doc_example,
    "reading-list": reading_list,
    "empty": b"",
    "header-only": jl(HEAD),
    "no-header": jl(*samples[:2]),
    "concatenated": app_export + app_export[:len(app_export) // 2] + b"\n" + app_export,
    "newer-version": jl({"format": "sahifa-bookmarks", "version": 2}) + rec,
    "other-format": jl({"format": "sahifa-notes", "version": 1}) + rec,
    "header-late": rec + jl({"format": "x"}),
    "crlf-no-final-newline": app_export.replace(b"\n", b"\r\n").rstrip(b"\r\n"),
    "bom": b"\xef\xbb\xbf" + app_export,
    "utf16": app_export.decode().encode("utf-16"),
    "truncated": app_export[:len(app_export) * 2 // 3],
    "malformed-utf8": b'{"article":"ab","offset":1,"snippet":"\xd8\xa8\xd8 \xc0\x80 \xed\xa0\x80"}\n'
                      b'{"article":"ab","offset":2,"note":"\xff\xfe"}\n',
    "escapes": b'{"article":"ab","offset":1,"note":"\\u0000"}\n'
               b'{"article":"ab","offset":2,"note":"\\ud800"}\n'
               b'{"article":"ab","offset":3,"note":"\\ud83d\\udcda \\u0627"}\n',
    "nul-bytes": rec + b"\x00\n  \x00" + rec + rec.replace(b"1}", b"2}\x00"),
    "numbers": b"".join(b'{"article":"ab","offset":%s}\n' % n for n in (
        b"0", b"-0", b"9223372036854775807", b"9223372036854775808", b"-1", b"1.0", b"1e3",
        b"0x10", b"01", b"true", b"null", b'"7"')),
    "hash-limits": jl({"article": "a" * 128, "offset": 1}, {"article": "A" * 129, "offset": 1},
                      {"article": "", "offset": 1}, {"article": "ABCDEF", "offset": 1},
                      {"article": "abcdef", "offset": 1}, {"article": 12, "offset": 1}),
    "text-limits": jl({"article": "ab", "offset": 1, "snippet": "ب" * 512},
                      {"article": "ab", "offset": 2, "snippet": "x" * 1025},
                      {"article": "ab", "offset": 3, "note": "n" * 4096, "title": "t" * 4096},
                      {"article": "ab", "offset": 4, "note": "n" * 4097},
                      {"article": "cd", "offset": 5, "title": "t" * 4097},
                      {"article": "ab", "offset": 6, "snippet": 5, "note": ["x"]}),
    "titles": jl({"article": "ab", "offset": 1}, {"article": "ab", "offset": 2, "title": "ثان"},
                 {"article": "ab", "offset": 3, "title": "ثالث"},
                 {"article": "ab", "offset": 2, "title": "مكرر", "note": "مكرر"}),
    "created": jl(*({"article": "cc", "offset": i, "created": c} for i, c in enumerate((
        "2024-02-30T00:00:00Z", "2023-12-31T23:59:60Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2024-06-01T12:00:00+03:00", "2024-06-01 12:00:00Z",
        "2024-6-1T1:2:3Z", "2024-13-01T00:00:00Z", "+2024-01-01T00:00:00Z",
        "99999-01-01T00:00:00Z", "2024-01-01T00:00:00z", "")))),
    "not-objects": b'[]\n"s"\n12\nnull\n{}\n{"format":null}\n{"article":null,"offset":null}\n',
    "duplicate-keys": b'{"article":"ab","offset":1,"note":"a","note":"b"}\n'
                      b'{"format":"sahifa-bookmarks","version":1,"version":1}\n',
    "nested": b"[" * 3000 + b"]" * 3000 + b"\n" + b'{"a":' * 500 + b"1" + b"}" * 500 + b"\n",
    "many-records": jl(*({"article": "%x" % (i % 7 + 10), "offset": i * 13} for i in range(300))),
    # The longest line kept: SAH_STORE_MAX_IMPORT_LINE bytes with its \n.
    "line-at-cap": b'{"article":"ab","offset":1,"x":"' + b"y" * (65536 - 32 - 3) + b'"}\n',
    # One past it: skipped and counted, and the next line still read. Over
    # 64 KB: libFuzzer cuts it at -max_len, the replays read it whole.
    "line-past-cap": jl(HEAD) + b'{"article":"ab","offset":1,"x":"' + b"y" * 66000 + b'"}\n' + rec,
}
assert len(imports["line-at-cap"]) == 65536

# Databases: the app's own (made by --import-bookmarks on a fresh state dir),
# then positions and settings as the reader writes them (the app's window
# writes those; here SQLite on its schema), small page sizes so that the
# fuzzer's mutations fall on structure more often than on free space.


def db_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def with_sql(src, name, sql):
    dst = os.path.join(TMP, name)
    with open(dst, "wb") as f:
        f.write(db_bytes(src))
    con = sqlite3.connect(dst, isolation_level=None)
    con.executescript(sql)
    con.close()
    return dst


fresh = sahifa("fresh", "--export-bookmarks", os.devnull)
full = sahifa("full", "--import-bookmarks", exported)
READER_SQL = ("INSERT INTO articles(hash, path, title) VALUES ('%s', '/media/usb/a.txt', 'أ') "
              "ON CONFLICT(hash) DO UPDATE SET path = excluded.path;"
              "INSERT INTO positions VALUES ('%s', 4096, 800, 480, 22, 3, 1717243200, 0);"
              "INSERT INTO settings VALUES ('font_size', '26'), ('theme', 'sepia');" % (H1, H1))
full = with_sql(full, "full2.sqlite", READER_SQL)
SMALL = "PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;"
stores_src = {"small-wal": with_sql(full, "s1.sqlite", SMALL + "PRAGMA journal_mode = WAL;")}
stores = {
    "app-fresh": db_bytes(fresh),
    "app-bookmarks-positions": db_bytes(full),
    "small-pages-wal": db_bytes(stores_src["small-wal"]),
    "small-pages-rollback": db_bytes(with_sql(full, "s2.sqlite", SMALL)),
    "small-fresh": db_bytes(with_sql(fresh, "s3.sqlite", SMALL)),
    # Version 0 (no schema yet): none, an empty file, a database without
    # tables (a first start cut before its schema transaction committed).
    "v0-empty": b"",
    "v0-no-tables": db_bytes(with_sql(fresh, "v0.sqlite", "PRAGMA journal_mode = DELETE;"
                                      "DROP TABLE bookmarks; DROP TABLE positions;"
                                      "DROP TABLE settings; DROP TABLE articles;"
                                      "PRAGMA user_version = 0;" + SMALL)),
    "newer": db_bytes(with_sql(fresh, "newer.sqlite", "PRAGMA journal_mode = DELETE;"
                               "CREATE TABLE future(x); INSERT INTO future VALUES (1);"
                               "PRAGMA user_version = 99;" + SMALL)),
    "foreign": db_bytes(with_sql(os.devnull, "foreign.sqlite",
                                 "PRAGMA page_size = 512; CREATE TABLE recipes(name);"
                                 "INSERT INTO recipes VALUES ('كبسة');")),
    "v1-no-tables": db_bytes(with_sql(os.devnull, "v1.sqlite",
                                      "PRAGMA page_size = 512; PRAGMA user_version = 1; VACUUM;")),
    "text": b"this is not a database\n",
    "header-only": db_bytes(fresh)[:100],
    "truncated": db_bytes(full)[:5000],
}


# A database with its write-ahead log, as a card pulled out while the app ran
# leaves them: fuzz-store.c splits an input at WAL_SEP. The frames are taken
# while the connection is open (closing would checkpoint them away).
WAL_SEP = b"\nSAHIFA-WAL\n"


def with_wal(src, name, sql):
    dst = with_sql(src, name, "PRAGMA journal_mode = WAL;")
    con = sqlite3.connect(dst, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.executescript(sql)
    pair = db_bytes(dst) + WAL_SEP + db_bytes(dst + "-wal")
    con.close()
    return pair


stores["wal-frames"] = with_wal(stores_src["small-wal"], "w1.sqlite",
                                "INSERT INTO bookmarks(hash, byte_offset, snippet, created) "
                                "VALUES ('%s', 77, 'في الـWAL', 1717243200);"
                                "UPDATE settings SET value = 'night' WHERE key = 'theme';" % H1)
# A newer sahifa's store whose schema version is only in the WAL's page 1.
stores["wal-newer"] = with_wal(stores_src["small-wal"], "w2.sqlite", "PRAGMA user_version = 99;")
# A frame's checksum broken: SQLite stops at it, the frames before count.
flipped = bytearray(stores["wal-frames"])
flipped[-100] ^= 0x01
stores["wal-bad-checksum"] = bytes(flipped)
stores["wal-only"] = WAL_SEP + stores["wal-frames"].split(WAL_SEP, 1)[1]
stores["small-pages-flipped"] = bytearray(stores["small-pages-rollback"])
for i in range(700, len(stores["small-pages-flipped"]), 997):
    stores["small-pages-flipped"][i] ^= 0x10
stores["small-pages-flipped"] = bytes(stores["small-pages-flipped"])
subprocess.run(["rm", "-rf", TMP], check=True)

# ---- sahifa.ini (app/config.h) ---------------------------------------------

unit = read("data/sahifa-kiosk.service")
configs = {
    # The examples of the man page, the kiosk unit and the README.
    "man-page": b"kiosk = true\nwidth = 1024\nlibrary = /media/usb\n",
    "kiosk": b"idle-minutes = 10\n" + b"".join(l + b"\n" for l in unit.split(b"\n")
                                               if l.startswith(b"#")),
    "every-option": u("list = false\nimport = /media/usb/news\nlibrary = /a\nlibrary = /b\n"
                      "screenshot = out.png\nwidth = 800\nheight = 480\nlang = ar\n"
                      "fonts = Noto Naskh Arabic, /usr/share/fonts/x.ttf\nkiosk = yes\n"
                      "idle-minutes = 5\nstats = 1\nheadless = on\nfullscreen = true\n"
                      "state-dir = /var/lib/sahifa/state\nexport-bookmarks = -\n"
                      "import-bookmarks = قائمة.jsonl\n"),
    "empty": b"",
    "limits": b"width = 64\nheight = 16384\nidle-minutes = 1440\n",
    "past-limits": b"width = 63\nheight = 16385\nidle-minutes = 0\nidle-minutes = 1441\n",
    "bad-numbers": b"width = -1\nheight = 1e3\nwidth = 0x400\nheight = 99999999999999999999\n"
                   b"width =\nheight = 600 px\nidle-minutes = +5\nwidth = \t800\n",
    "bad-lang": b"lang = fr\n",
    "empty-values": b"lang =\nfonts =\nlibrary =\nstate-dir =\n",
    "flags": b"kiosk = TRUE\nstats = 2\nheadless = off\nlist\nfullscreen =\n",
    "sections": b"[sahifa]\nwidth = 900\n[other]\nheight = 700\n[\nkiosk = true\n",
    "unknown": b"help = true\nfile = a.txt\nversion = 2\n--width = 900\n",
    "many-values": b"library = /x\n" * 70 + b"width = 1000\n",
    "comments": b"; c\n# c\nwidth = 900 ; inline\nheight = 700 # not a comment\n",
    "continuation": b"library = /a\n  /b\n",
    "long-line": b"library = " + b"x" * 1000 + b"\nwidth = 900\n",
    "crlf-bom": b"\xef\xbb\xbfwidth = 900\r\nkiosk = true\r\n",
    "nul": b"width = 9\x0000\nlang = a\x00r\n",
    "malformed-utf8": b"library = \xff\xfe\xc0\x80\nfonts = \xd8\n",
    "rotate": b"rotate = 90\nrotate = 45\n",
}

# ---- epub: fuzz-epub.c's first byte is 0 for a whole .epub file, 1 for
# parts zipped by the target (see its comment). The archives are built from
# tests/data/epub/ by tests/epubgen.py, as test-epub.py builds them.
sys.path.insert(0, os.path.join(ROOT, "tests"))
import epubgen  # noqa: E402
import zipfile  # noqa: E402


def epub_bytes(folder, **kw):
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, "x.epub")
        epubgen.build(os.path.join(ROOT, "tests", "data", "epub", folder), out, **kw)
        with open(out, "rb") as f:
            return b"\0" + f.read()


link = zipfile.ZipInfo("OEBPS/text/link.xhtml", (2024, 6, 1, 0, 0, 0))
link.create_system = 3
link.external_attr = 0o120777 << 16
EP = "tests/data/epub/"
container = (b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
             b'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf"'
             b' media-type="application/oebps-package+xml"/></rootfiles></container>')
opf3 = (b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"'
        b' unique-identifier="u"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<dc:identifier id="u">x</dc:identifier><dc:title>T</dc:title><dc:language>ar'
        b'</dc:language><dc:type>newspaper</dc:type><meta name="calibre:publication_type"'
        b' content="periodical:x"/></metadata><manifest><item id="nav" href="nav.xhtml"'
        b' media-type="application/xhtml+xml" properties="nav"/><item id="ncx" href="toc.ncx"'
        b' media-type="application/x-dtbncx+xml"/><item id="a" href="a.xhtml"'
        b' media-type="application/xhtml+xml"/><item id="b" href="a.xhtml#x"'
        b' media-type="application/xhtml+xml"/></manifest><spine toc="ncx"'
        b' page-progression-direction="rtl"><itemref idref="a"/><itemref idref="b"/>'
        b'<itemref idref="zz"/></spine></package>')
nav = read(EP + "periodical-ar/OEBPS/nav.xhtml").replace(b"text/", b"")
ncx = read(EP + "news-calibre/index.ncx").replace(b"feed_0/article_0/index.html", b"a.xhtml")
doc = read(EP + "periodical-ar/OEBPS/text/a1.xhtml")
cut = b"\n--8<--\n"
epubs = {
    "periodical-ar": epub_bytes("periodical-ar"),
    "book-en": epub_bytes("book-en"),
    "news-calibre": epub_bytes("news-calibre"),
    "dotdot": epub_bytes("periodical-ar", extra=[("../evil.xhtml", b"<p>x</p>")]),
    "symlink": epub_bytes("periodical-ar", extra=[(link, b"/etc/passwd")]),
    "bomb": epub_bytes("periodical-ar", extra=[("OEBPS/zeros", bytes(2 * 1024 * 1024))]),
    "parts-epub3": b"\1" + cut.join([container, opf3, nav, ncx, doc]),
    "parts-epub2": b"\1" + cut.join([container, read(EP + "book-en/OPS/book.opf").replace(
        b"chapter-1.xhtml", b"a.xhtml"), b"", read(EP + "book-en/OPS/toc.ncx"), doc]),
    "parts-laughs": b"\1" + cut.join([container, read(EP + "hostile/laughs.opf"), nav, ncx, doc]),
    "parts-xxe": b"\1" + cut.join([container, read(EP + "hostile/xxe.opf"), nav, ncx, doc]),
}

sets = {"text": texts, "text-64k": big, "article": articles, "bundle": ini, "import": imports,
        "store": stores, "config": configs, "epub": epubs}
over_64k = {("import", "line-past-cap")}
total = 0
for target, files in sets.items():
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.startswith("seed-"):
            os.remove(os.path.join(d, f))
    for name, data in files.items():
        assert len(data) <= 65536 or (target, name) in over_64k, (target, name, len(data))
        with open(os.path.join(d, "seed-" + name), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{target}: {len(files)} seeds")
print(f"{total} bytes")
