#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/<target>/ (seed-* files) from the
tree's real inputs and a list of small bad inputs. Run from anywhere:

    python3 fuzz/make-seeds.py

Crashers found by fuzz/run.sh are added as crash-* (never overwritten here).
Every file stays < 64 KB, as libFuzzer's -max_len in run.sh.
"""
import os
import struct

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

sets = {"text": texts, "article": articles, "bundle": ini}
total = 0
for target, files in sets.items():
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.startswith("seed-"):
            os.remove(os.path.join(d, f))
    for name, data in files.items():
        assert len(data) < 65536, (target, name, len(data))
        with open(os.path.join(d, "seed-" + name), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{target}: {len(files)} seeds")
print(f"{total} bytes")
