#!/usr/bin/env python3
"""test-photos.py SAHIFA SOURCE_ROOT - an article's photo on the page, through
the real program: `sahifa --screenshot` at 800x480 of tests/data/photo/port.txt
(a front-matter photo, port.jpg beside it) gives the reviewed reference
tests/data/ref/photo-800x480.png (the photo decoded, not its placeholder:
a screenshot waits for it), and exits 0 with nothing logged. Without its
photo, and with a photo that cannot be shown (a truncated JPEG, a PNG whose
header claims 30000x30000 px, a URL, a text file, a path out of the folder),
the page is the reviewed tests/data/ref/photo-missing-800x480.png: a
placeholder box of the photo's shape with its alt text; sahifa exits 0 and
logs exactly one line, naming the article and the photo.

The library screen (--screenshot without a file, the article's folder as
--library) shows the lead photo as a thumbnail at the row's end edge (the
left in Arabic): colour there and none elsewhere; a library whose photo is
missing shows no colour at all and logs one line.

Pixels are compared decoded (ImageMagick compare -metric AE: the number of
pixels that differ). Skips (77) without ImageMagick. MESON_EXE_WRAPPER (a
cross build's qemu-user) runs SAHIFA.
"""
import os
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sahifa = os.path.abspath(sys.argv[1])
src = sys.argv[2]
wrap = shlex.split(os.environ.get("MESON_EXE_WRAPPER", ""))
if not shutil.which("compare") or not shutil.which("convert"):
    print("SKIP: compare or convert not installed (ImageMagick; .ci/deps.sh installs it)")
    sys.exit(77)

data = os.path.join(src, "tests", "data", "photo")
ref_photo = os.path.join(src, "tests", "data", "ref", "photo-800x480.png")
ref_missing = os.path.join(src, "tests", "data", "ref", "photo-missing-800x480.png")
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def png_header_only(w, h):
    """A PNG whose IHDR claims w x h RGBA pixels, with one tiny IDAT: a
    decompression bomb's header."""

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b""))


def same(png, ref, region):
    """Pixels that differ between @png and @ref in @region (WxH+X+Y), or in
    the whole image when None."""
    crop = f"[{region}]" if region else ""
    r = subprocess.run(["compare", "-metric", "AE", png + crop, ref + crop, "null:"],
                       capture_output=True, text=True)
    return r.stderr.strip()


def case(tmp, name, photo, photo_bytes, ref, want_log, region=None):
    """Screenshot of port.txt naming @photo, its file holding @photo_bytes
    (None: no file); compares with @ref (None: not compared) in @region;
    @want_log: None for a silent run, else a phrase the one log line must
    hold, with the article's path and @photo."""
    d = os.path.join(tmp, name)
    os.makedirs(d)
    with open(os.path.join(data, "port.txt"), encoding="utf-8") as f:
        text = f.read().replace("photo: port.jpg", "photo: " + photo)
    article = os.path.join(d, "port.txt")
    with open(article, "w", encoding="utf-8") as f:
        f.write(text)
    if photo_bytes is not None:
        with open(os.path.join(d, photo), "wb") as f:
            f.write(photo_bytes)
    out = os.path.join(d, "shot.png")
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(d, "state"),
               XDG_CACHE_HOME=os.path.join(d, "cache"),
               XDG_DATA_HOME=os.path.join(d, "data"),
               XDG_CONFIG_HOME=os.path.join(d, "config"))
    r = subprocess.run(wrap + [sahifa, "--lang", "ar", "--state-dir", os.path.join(d, "st"), "--width", "800",
                               "--height", "480", "--screenshot", out, article],
                       capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        fail(f"{name}: exit {r.returncode}: {r.stderr.strip()}")
        return
    lines = [l for l in r.stderr.splitlines() if l]
    if want_log is None:
        if lines:
            fail(f"{name}: logged {lines}")
    elif (len(lines) != 1 or f"{article}: " not in lines[0] or photo not in lines[0] or
          want_log not in lines[0]):
        fail(f"{name}: expected one line naming {article} and {photo} with '{want_log}', "
             f"got {lines}")
    if ref is None:
        print(f"ok: {name}: logged: {lines[0]}")
        return
    ae = same(out, ref, region)
    if ae != "0":
        fail(f"{name}: {ae} pixels differ from {os.path.basename(ref)} (kept: {out})")
        return
    print(f"ok: {name}: as {os.path.basename(ref)}" +
          (f"; logged: {lines[0]}" if lines else ", nothing logged"))


with open(os.path.join(data, "port.jpg"), "rb") as f:
    jpeg = f.read()
keep = tempfile.mkdtemp(prefix="sahifa-photos-")
case(keep, "photo", "port.jpg", jpeg, ref_photo, None)
case(keep, "missing", "port.jpg", None, ref_missing, "No such file")
case(keep, "truncated", "port.jpg", jpeg[:2000], ref_missing, "truncated")
# Another name for the photo makes the text longer or shorter, and with it
# the status bar's percentage: the page above it is compared.
page = "800x440+0+0"
case(keep, "bomb", "big.png", png_header_only(30000, 30000), ref_missing, "30000x30000", page)
case(keep, "remote", "https://example.com/port.jpg", None, ref_missing, "never fetched", page)
case(keep, "text", "notes.jpg", "ليس صورة\n".encode(), ref_missing, "not a JPEG", page)
# The parser refuses a path out of the folder (no figure at all).
case(keep, "outside", "../port.jpg", None, None, "not a file beside the article")


def saturation(png, region):
    """The most saturated pixel of @png in @region (HSL saturation, 0..1)."""
    r = subprocess.run(["convert", png, "-crop", region, "+repage", "-colorspace", "HSL",
                        "-channel", "G", "-separate", "+channel", "-format", "%[fx:maxima]",
                        "info:"], capture_output=True, text=True)
    try:
        return float(r.stdout.strip())
    except ValueError:
        return -1.0


def library(tmp, name, with_photo):
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "lib", "news"))
    shutil.copy(os.path.join(data, "port.txt"), os.path.join(d, "lib", "news"))
    if with_photo:
        shutil.copy(os.path.join(data, "port.jpg"), os.path.join(d, "lib", "news"))
    out = os.path.join(d, "shot.png")
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(d, "state"),
               XDG_CACHE_HOME=os.path.join(d, "cache"),
               XDG_DATA_HOME=os.path.join(d, "data"),
               XDG_CONFIG_HOME=os.path.join(d, "config"))
    r = subprocess.run(wrap + [sahifa, "--lang", "ar", "--library", os.path.join(d, "lib"), "--width", "800",
                               "--height", "480", "--screenshot", out],
                       capture_output=True, text=True, env=env, timeout=60)
    lines = [l for l in r.stderr.splitlines() if "photo port.jpg" in l]
    left, rest = saturation(out, "200x480+0+0"), saturation(out, "600x480+200+0")
    if r.returncode != 0:
        fail(f"{name}: exit {r.returncode}: {r.stderr.strip()}")
    elif with_photo and (left < 0.5 or rest != 0 or lines):
        fail(f"{name}: saturation left {left}, elsewhere {rest} (the thumbnail at the left "
             f"only), logged {lines}")
    elif not with_photo and (left != 0 or rest != 0 or len(lines) != 1):
        fail(f"{name}: saturation {left}, {rest} (none expected), logged {lines}")
    else:
        print(f"ok: {name}: saturation at the left {left}, elsewhere {rest}; logged {lines}")


library(keep, "library", True)
library(keep, "library-missing", False)
if failures:
    print(f"{failures} failed; the screenshots are in {keep}")
    sys.exit(1)
shutil.rmtree(keep)
print("photos: all cases as reviewed")
