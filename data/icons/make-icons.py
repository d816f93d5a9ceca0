#!/usr/bin/env python3
"""make-icons.py OUT_DIR [SIZE...] - sahifa's application icon, drawn once here.

Writes OUT_DIR/sahifa.svg (hicolor's scalable icon) and OUT_DIR/sahifa-N.png
for each SIZE (default: the hicolor sizes a Raspberry Pi OS or Debian menu,
panel and software centre ask for). The icon is a newspaper page: a
masthead, a photo, and lines of text set flush right, as Arabic is.

The shapes are plain rounded rectangles, so the PNGs are rasterized here
with the standard library only (4x4 samples a pixel, coverage as alpha): no
SVG renderer is a build dependency, and the same script gives the same
bytes on every machine. The PNGs are committed beside the SVG; run it again
after changing a shape (tests/test-install.sh checks they match).
"""
import struct
import sys
import zlib

VIEW = 256
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)

BLUE = (0x1F, 0x5F, 0x8B)
PAPER = (0xFA, 0xFA, 0xF5)
INK = (0x33, 0x33, 0x33)
AMBER = (0xE0, 0xA5, 0x26)

# (x, y, w, h, corner radius, colour), painted in order, in a 256 x 256 box.
SHAPES = [
    (16, 16, 224, 224, 44, BLUE),      # the tile
    (52, 36, 152, 184, 10, PAPER),     # the page
    (68, 52, 120, 24, 4, BLUE),        # the masthead
    (68, 90, 52, 48, 4, AMBER),        # a photo
    (130, 92, 58, 9, 4.5, INK),        # lines beside it, flush right
    (138, 110, 50, 9, 4.5, INK),
    (130, 128, 58, 9, 4.5, INK),
    (68, 150, 120, 9, 4.5, INK),       # lines under it
    (84, 168, 104, 9, 4.5, INK),
    (68, 186, 120, 9, 4.5, INK),
    (112, 204, 76, 9, 4.5, INK),       # a paragraph's last line, short on the left
]


def svg():
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">'
           % (VIEW, VIEW, VIEW, VIEW),
           '  <title>sahifa</title>']
    for x, y, w, h, r, c in SHAPES:
        out.append('  <rect x="%g" y="%g" width="%g" height="%g" rx="%g" fill="#%02x%02x%02x"/>'
                   % (x, y, w, h, r, *c))
    out.append('</svg>')
    return '\n'.join(out) + '\n'


def inside(px, py, shape):
    x, y, w, h, r, _ = shape
    if px < x or py < y or px >= x + w or py >= y + h:
        return False
    # The corners: within r of the corner circle's centre.
    cx = min(max(px, x + r), x + w - r)
    cy = min(max(py, y + r), y + h - r)
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r


def raster(size):
    """RGBA rows: each pixel the mean of 4x4 samples, painted over in order."""
    n = 4
    scale = VIEW / size
    rows = []
    for j in range(size):
        row = bytearray()
        for i in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]  # premultiplied r, g, b and alpha
            for sj in range(n):
                for si in range(n):
                    px = (i + (si + 0.5) / n) * scale
                    py = (j + (sj + 0.5) / n) * scale
                    colour = None
                    for s in SHAPES:
                        if inside(px, py, s):
                            colour = s[5]
                    if colour:
                        acc[0] += colour[0]
                        acc[1] += colour[1]
                        acc[2] += colour[2]
                        acc[3] += 1
            a = acc[3]
            if a:
                row += bytes((round(acc[0] / a), round(acc[1] / a), round(acc[2] / a),
                              round(255 * a / (n * n))))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.splitlines()[0])
    out = sys.argv[1]
    sizes = [int(s) for s in sys.argv[2:]] or SIZES
    with open(out + "/sahifa.svg", "w", encoding="utf-8") as f:
        f.write(svg())
    for size in sizes:
        with open("%s/sahifa-%d.png" % (out, size), "wb") as f:
            f.write(png(size, raster(size)))


if __name__ == "__main__":
    main()
