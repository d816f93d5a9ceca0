#!/usr/bin/env bash
# .ci/layers.sh - every include in render/ fonts/ platform/ app/ goes with
# the arrows of the tree, never against them:
#
#   app -> render -> fonts -> platform    (a layer may use any layer below)
#   render:  page -> text, raster, image  (text and raster use no room of
#            image -> raster               render; image uses raster only)
#            tools -> any room of render
#   app:     ui -> content, store         (content and store use neither)
#            content, store -> db         (db: SQLite only, no other room of app)
#            main.c, config.[ch] -> any room of app; no room uses them
#
# and: an include names its header from the top of the tree
# ("render/text/layout.h"), so it says which room it comes from; the window
# (platform/video.h) is app/main.c's only (the screens and the dispatcher
# take app/ui/input.h's events, so they run without one); SDL is included by platform/video.c
# alone; SQLite by app/ alone (the engine and the layers under it never
# touch a database).
#
#   .ci/layers.sh        # each offence as FILE:LINE: rule; exit 1 if any
#
# The build enforces most of this too (each room's meson dependency carries
# that room's headers only, see the top meson.build); this check also
# covers what a dependency brings along and the spelling.
set -u
cd "$(dirname "$0")/.." || exit 2
command -v python3 >/dev/null || { echo "layers: python3 is not installed"; exit 2; }
python3 - <<'PY'
import os
import re
import subprocess
import sys

LAYERS = ["platform", "fonts", "render", "app"]  # bottom to top
# Rooms inside a layer, and the rooms of the same layer each may include.
ROOMS = {
    "render/text": {"render/text"},
    "render/raster": {"render/raster"},
    "render/image": {"render/image", "render/raster"},
    "render/page": {"render/page", "render/text", "render/raster", "render/image"},
    "render/tools": {"render/tools", "render/text", "render/raster", "render/image",
                     "render/page"},
    "app/db": {"app/db"},
    "app/content": {"app/content", "app/db"},
    "app/store": {"app/store", "app/db"},
    "app/ui": {"app/ui", "app/content", "app/store"},
    "app": {"app", "app/content", "app/store", "app/ui", "app/db"},
}


def room_of(path):
    parts = path.split("/")
    if parts[0] in ("render", "app") and len(parts) > 2:
        return parts[0] + "/" + parts[1]
    return parts[0]


files = subprocess.run(
    ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--"]
    + [d + "/*.c" for d in LAYERS] + [d + "/*.h" for d in LAYERS],
    capture_output=True, text=True, check=True).stdout.split()
include = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
checked = 0
bad = []
for f in sorted(set(files)):
    if not os.path.exists(f):
        continue
    src_layer = f.split("/")[0]
    src_room = room_of(f)
    with open(f, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            m = include.match(line)
            if not m:
                continue
            checked += 1
            kind, name = m.groups()
            where = "%s:%d: " % (f, n)
            if kind == "<":
                base = name.split("/")[0]
                if base.startswith("SDL") and f != "platform/video.c":
                    bad.append(where + "<%s>: only platform/video.c includes SDL "
                               "(the rest gets the window through platform/video.h)" % name)
                elif base.startswith("sqlite3") and src_layer != "app":
                    bad.append(where + "<%s>: SQLite belongs to app/ (content, store), "
                               "never to %s/" % (name, src_layer))
                continue
            top = name.split("/")[0]
            if ".." in name.split("/") or top not in LAYERS or not os.path.isfile(name):
                bad.append(where + '"%s": write the header from the top of the tree '
                           '("render/text/layout.h"), naming a file that exists' % name)
                continue
            if LAYERS.index(top) > LAYERS.index(src_layer):
                bad.append(where + '"%s": %s/ must not include %s/ (app -> render -> fonts '
                           '-> platform, never back)' % (name, src_layer, top))
                continue
            if name == "platform/video.h" and f not in ("app/main.c", "platform/video.c"):
                bad.append(where + '"%s": the window is app/main.c\'s; the screens take the '
                           'app\'s own events (app/ui/input.h)' % name)
                continue
            if src_room == "app/db" and top != "platform" and not name.startswith("app/db/"):
                bad.append(where + '"%s": app/db/ is SQLite plumbing; it uses platform/ only'
                           % name)
                continue
            dst_room = room_of(name)
            if top == src_layer and src_room in ROOMS and dst_room not in ROOMS[src_room]:
                if dst_room == "app":
                    why = "main.c and config sit above the rooms of app/; no room includes them"
                else:
                    why = "%s may include only %s" % (src_room, ", ".join(sorted(ROOMS[src_room])))
                bad.append(where + '"%s": %s/ must not include %s/ (%s)'
                           % (name, src_room, dst_room, why))
for b in bad:
    print(b)
print("layers: %d includes in %d files, %d against the arrows" % (checked, len(files), len(bad)))
sys.exit(1 if bad else 0)
PY
