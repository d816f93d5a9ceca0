#!/usr/bin/env python3
"""Scores sahifa's web-page extraction on Readability's test pages.

    html-score.py HTML_DUMP PAGES_DIR [--peer]

PAGES_DIR holds one folder per page with source.html, expected.html (the
article as Readability extracts it) and expected-metadata.json (title,
byline, dir). Prints title, byline and dir match rates, the mean body-text
F1 against expected.html (a bag of words: precision and recall of the
extracted words against the expected ones, per page, then the mean, as the
public article-extraction benchmarks score it), the median extraction time
per page and the time for the largest page. --peer runs Debian's
python3-readability (readability-lxml) on the same pages beside it, when
installed. Standard library only (the peer aside). Exit 77 when PAGES_DIR
is missing.
"""
import collections
import html.parser
import json
import os
import re
import statistics
import subprocess
import sys
import time

FRONT = {"headline", "byline", "date", "source", "figure"}


class TextOf(html.parser.HTMLParser):
    """The text of an HTML fragment, scripts and styles left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(fragment):
    p = TextOf()
    p.feed(fragment)
    return "".join(p.parts)


def words(text):
    return re.findall(r"\w+", text.lower())


def f1(got, want):
    g, w = collections.Counter(words(got)), collections.Counter(words(want))
    common = sum((g & w).values())
    if not g or not w:
        return (1.0, 1.0, 1.0) if not g and not w else (0.0, 0.0, 0.0)
    p, r = common / sum(g.values()), common / sum(w.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def run_ours(dump, path):
    out = subprocess.run([dump, "--meta", "--time", "5", "--article-time", "5", path],
                         capture_output=True, text=True, errors="replace")
    meta, blocks, us, art_us = {}, [], None, None
    for line in out.stdout.splitlines():
        obj = json.loads(line)
        if "meta" in obj:
            meta = obj["meta"]
        else:
            blocks.append(obj)
    m = re.search(r"^median_us ([0-9.]+)", out.stderr, re.M)
    if m:
        us = float(m.group(1))
    m = re.search(r"^article_median_us ([0-9.]+)", out.stderr, re.M)
    if m:
        art_us = float(m.group(1))
    return meta, blocks, us, art_us


def run_peer(path):
    from readability import Document  # python3-readability
    raw = open(path, "rb").read()
    t0 = time.perf_counter()
    doc = Document(raw)
    summary = doc.summary(html_partial=True)
    return text_of(summary), (time.perf_counter() - t0) * 1e6


def main():
    if len(sys.argv) < 3 or not os.path.isdir(sys.argv[2]):
        print("html-score: no test pages (../shared/readability-test-pages): skipped")
        return 77
    dump, root = sys.argv[1], sys.argv[2]
    peer = "--peer" in sys.argv
    if peer:
        try:
            import readability  # noqa: F401
        except ImportError:
            print("html-score: python3-readability not installed: peer skipped")
            peer = False
    rows, times, peer_f1, peer_times, near100 = [], [], [], [], []
    art100, peer100 = [], []
    largest = (0, "", 0.0)
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        src = os.path.join(d, "source.html")
        if not os.path.isfile(src):
            continue
        want_meta = json.load(open(os.path.join(d, "expected-metadata.json")))
        want_text = text_of(open(os.path.join(d, "expected.html"), encoding="utf-8",
                                 errors="replace").read())
        meta, blocks, us, art_us = run_ours(dump, src)
        got_text = " ".join(b["text"] for b in blocks if b["role"] not in FRONT)
        p, r, f = f1(got_text, want_text)
        title_ok = norm(meta.get("title")) == norm(want_meta.get("title"))
        by_want = norm(want_meta.get("byline"))
        byline_ok = norm(meta.get("byline")) == by_want
        dir_got = meta.get("dir") if meta.get("dir_explicit") else None
        dir_ok = dir_got == want_meta.get("dir")
        size = os.path.getsize(src)
        rows.append((name, title_ok, byline_ok, dir_ok, p, r, f, bool(by_want), meta, want_meta))
        if us is not None:
            times.append(us)
            if 80 * 1024 <= size <= 120 * 1024:
                near100.append(us)
                if art_us is not None:
                    art100.append(art_us)
            if size > largest[0]:
                largest = (size, name, us)
        if peer:
            try:
                ptext, pus = run_peer(src)
                peer_f1.append(f1(ptext, want_text)[2])
                peer_times.append(pus)
                if 80 * 1024 <= size <= 120 * 1024:
                    peer100.append(pus)
            except Exception as e:  # the peer fails on some pages: counted as 0
                print(f"peer failed on {name}: {e.__class__.__name__}", file=sys.stderr)
                peer_f1.append(0.0)
    n = len(rows)
    if n == 0:
        print("html-score: no pages")
        return 77
    with_by = [x for x in rows if x[7]]
    print(f"pages: {n}")
    print(f"title match: {sum(x[1] for x in rows) / n:.1%}")
    print(f"byline match: {sum(x[2] for x in rows) / n:.1%} "
          f"(pages with a byline: {sum(x[2] for x in with_by) / max(1, len(with_by)):.1%} "
          f"of {len(with_by)})")
    print(f"dir match: {sum(x[3] for x in rows) / n:.1%}")
    print(f"body F1: mean {statistics.mean(x[6] for x in rows):.3f} "
          f"(precision {statistics.mean(x[4] for x in rows):.3f}, "
          f"recall {statistics.mean(x[5] for x in rows):.3f}), "
          f"median {statistics.median(x[6] for x in rows):.3f}")
    if times:
        print(f"time per page: median {statistics.median(times) / 1000:.2f} ms, "
              f"worst {max(times) / 1000:.2f} ms; largest page {largest[1]} "
              f"({largest[0] // 1024} KB): {largest[2] / 1000:.2f} ms")
    if near100:
        print(f"pages of 80-120 KB ({len(near100)}): median {statistics.median(near100) / 1000:.2f} ms, "
              f"worst {max(near100) / 1000:.2f} ms")
    if art100:
        print(f"opened as an article, 80-120 KB ({len(art100)}): median "
              f"{statistics.median(art100) / 1000:.2f} ms, worst {max(art100) / 1000:.2f} ms "
              f"(extraction, the article and its map; the target is 5 ms)")
    if peer and peer100:
        print(f"peer python3-readability, 80-120 KB ({len(peer100)}): median "
              f"{statistics.median(peer100) / 1000:.2f} ms")
    if peer and peer_f1:
        print(f"peer python3-readability: body F1 mean {statistics.mean(peer_f1):.3f}, "
              f"time per page median {statistics.median(peer_times) / 1000:.2f} ms")
    if "-v" in sys.argv:
        for x in sorted(rows, key=lambda x: x[6]):
            print(f"  {x[0]}: F1 {x[6]:.3f} (p {x[4]:.2f} r {x[5]:.2f})"
                  f"{'' if x[1] else ' TITLE ' + repr(x[8].get('title')) + ' want ' + repr(x[9].get('title'))}"
                  f"{'' if x[2] else ' BYLINE ' + repr(x[8].get('byline')) + ' want ' + repr(x[9].get('byline'))}"
                  f"{'' if x[3] else ' DIR want ' + repr(x[9].get('dir'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
