#!/bin/sh
# test-head-first.sh SAHIFA SQLQ SOURCE_ROOT - a long article (8.4 MB,
# generated here) opens by its head: page 1 is laid out from its first
# 32 KiB while the whole file is parsed on a worker thread, then the whole
# article is swapped in (app/ui/reader.h, sah_reader_open_head()). Through
# the real program in a real X window (Xvfb, xdotool, ImageMagick):
#  1. the window's first page is, pixel for pixel above the status bar,
#     what `sahifa --screenshot` shows from the whole parse;
#  2. two pages turned at once (before the swap, or while it is made), a
#     bookmark (B) there: the app ends on that page, the bookmark is stored
#     under the text's SHA-256 (computed here; checked through SQLite
#     itself, SQLQ = tests/sqlq.c), and `sahifa --screenshot` of the saved
#     place from the whole parse is the window's page with its ribbon;
#  3. a 7.9 MB article of one line (no line break to cut the head after:
#     it is cut at a space, never inside a UTF-8 sequence) shows the whole
#     parse's page 1 too.
# Skips (77) without xvfb-run, xdotool, ImageMagick or python3.
set -u
sahifa=$1
sqlq=$2
src=$3
wrap=${MESON_EXE_WRAPPER:-}

xlib_tools="python3"
. "$src/tests/xlib.sh"

# 480 distinct copies of the seed (nothing hidden as a repeat: the whole
# parse's pages are the head's), and the text's identity (article.h).
want=$(python3 "$src/tests/long_article.py" "$src/assets/articles/seed-article-ar.txt" "$tmp/long.txt" 480)
[ ${#want} = 64 ] || { fail "no identity computed here"; exit 1; }

# shot NAME: the whole parse's screen at the saved place (--screenshot
# waits for the whole article), cropped as crop() does.
shot() {
    "$sahifa" --width 800 --height 480 --screenshot "$tmp/$1-full.png" "$tmp/long.txt" \
        2>"$tmp/$1.err" || fail "--screenshot $1: $(cat "$tmp/$1.err")"
}
# crop NAME H: the top H rows (the page area: the status bar's fields are
# the head's until the swap, "…" for the count).
crop() { convert "$tmp/$1-full.png" -crop "800x$2+0+0" +repage "$tmp/$1.png"; }
differ() {
    if [ -f "$tmp/$1.png" ] && [ -f "$tmp/$2.png" ]; then
        compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>&1 | cut -d' ' -f1
    else
        echo missing
    fi
}

shot whole1
crop whole1 420

"$sahifa" --width 800 --height 480 "$tmp/long.txt" 2>"$tmp/app.err" &
pid=$!
wid=$(xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1)
[ -n "$wid" ] || { fail "no window (stderr: $(cat "$tmp/app.err"))"; exit 1; }
import -window "$wid" "$tmp/head1-full.png" || fail "import page 1"
crop head1 420
d=$(differ whole1 head1)
[ "${d:-1}" = 0 ] && ok "page 1 as the whole parse lays it out (0 pixels differ)" ||
    fail "page 1: ${d:-?} pixels differ from the whole parse's"

# Two pages forward at once (Left is forward in Arabic), a bookmark there.
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid"
xdotool key Left Left
sleep 2
xdotool key b
sleep 0.5
import -window "$wid" "$tmp/page3-full.png" || fail "import page 3"
crop page3 300
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] || fail "exit $rc on SIGTERM: $(cat "$tmp/app.err")"
grep -q "worker\|thread" "$tmp/app.err" && fail "stderr: $(cat "$tmp/app.err")"

db=$tmp/state/sahifa/sahifa.sqlite
n=$($wrap "$sqlq" "$db" "SELECT count(*) FROM bookmarks WHERE hash = '$want'")
[ "$n" = 1 ] && ok "the bookmark is under the whole text's identity" ||
    fail "$n bookmarks under $want; all: $($wrap "$sqlq" "$db" "SELECT hash, byte_offset FROM bookmarks")"

shot whole3
crop whole3 300
d=$(differ whole3 page3)
convert "$tmp/whole1-full.png" -crop 800x300+0+0 +repage "$tmp/top1.png"
d1=$(differ whole3 top1)
[ "${d:-1}" = 0 ] && [ "${d1:-0}" -gt 1000 ] &&
    ok "the place and its ribbon kept across the swap (0 pixels differ from the whole parse's)" ||
    fail "page 3: ${d:-?} pixels differ from the whole parse's at the saved place (${d1:-?} from page 1)"
# 3. One line of 7.9 MB: the head ends at a space.
python3 - "$src/assets/articles/seed-article-ar.txt" "$tmp/long.txt" <<'PY'
import sys
para = " ".join(l.strip() for l in open(sys.argv[1], encoding="utf-8") if len(l.strip()) > 200)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(" ".join(f"{para} ({k})" for k in range(650)) + "\n")
PY
rm -rf "$tmp/state"
[ "$(wc -c <"$tmp/long.txt")" -le 8388608 ] || fail "the line is over the 8 MiB limit"
shot whole-line
crop whole-line 420
"$sahifa" --width 800 --height 480 "$tmp/long.txt" 2>"$tmp/app.err" &
pid=$!
wid=$(xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1)
[ -n "$wid" ] || { fail "no window for one line (stderr: $(cat "$tmp/app.err"))"; exit 1; }
import -window "$wid" "$tmp/line1-full.png" || fail "import the line's page 1"
kill -TERM "$pid"
wait "$pid"
pid=
crop line1 420
d=$(differ whole-line line1)
[ "${d:-1}" = 0 ] && ok "one line of megabytes: page 1 as the whole parse lays it out" ||
    fail "one line: ${d:-?} pixels differ from the whole parse's page 1"
echo "test-head-first: $failures failures"
[ "$failures" = 0 ]
