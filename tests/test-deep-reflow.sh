#!/bin/sh
# test-deep-reflow.sh SAHIFA SQLQ SOURCE_ROOT - a font size step deep in an
# 8 MB article (480 distinct copies of the seed, generated), in a real X
# window (Xvfb, xdotool, ImageMagick), with the store read back through
# SQLite itself (SQLQ, tests/sqlq.c):
#  1. opened at a saved place 90% through, the + key answers within a
#     second, and its frame is presented within 500 ms of the key (--stats;
#     the page is laid out from the place's paragraph, not from the
#     article's start: thousands of pages before it);
#  2. once the pages before are counted, the place is the same byte (not
#     moved by the step nor by the count: a bookmark made then is there),
#     and a turn forward and back saves the first byte of the page shown:
#     the page holds the place;
#  3. opened at a place some 40 pages in, + and then turning back (Right,
#     forward is Left in Arabic) reaches page 1: the page area is Home's.
# Skips (77) without xvfb-run, xdotool, ImageMagick or python3.
set -u
sahifa=$1
sqlq=$2
src=$3
wrap=${MESON_EXE_WRAPPER:-}

xlib_tools="python3"
. "$src/tests/xlib.sh"
q() { $wrap "$sqlq" "$@"; }

# The article, and two places in it: the start of a line 90% through
# (DEEP) and of one about 40 KB in (NEAR), as byte offsets of the file.
python3 "$src/tests/long_article.py" "$src/assets/articles/seed-article-ar.txt" "$tmp/long.txt" 480 >/dev/null
places=$(python3 - "$tmp/long.txt" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
def line_at(frac):
    i = data.index(b"\n", int(len(data) * frac)) + 1
    while data[i:i + 1] in (b"\n", b" "):
        i += 1
    return i
print(line_at(0.9), line_at(40000 / len(data)))
PY
)
deep=${places% *}
near=${places#* }
[ "${deep:-0}" -gt 7000000 ] && [ "${near:-0}" -gt 30000 ] || { fail "places: $places"; exit 1; }

# CPU time (utime + stime, clock ticks) of the app.
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }
# run NAME [ARGS]: the app on the article; its window in $wid.
run() {
    name=$1
    shift
    "$sahifa" --width 800 --height 480 "$@" "$tmp/long.txt" 2>"$tmp/$name.err" &
    pid=$!
    window "$tmp/$name.err"
}
stop() {
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    pid=
    [ "$rc" = 0 ] || fail "exit $rc on SIGTERM: $(cat "$tmp/$1.err")"
}
# The page area, above the status bar (whose page number changes).
grab() {
    import -window "$wid" "$tmp/$1-full.png" &&
        convert "$tmp/$1-full.png" -crop 800x420+0+0 +repage "$tmp/$1.png"
}
# Waits until the app's CPU time stops growing (its work ahead done), at
# most $1 seconds.
settle() {
    n=0
    a=$(cpu)
    while [ "$n" -lt "$(($1 * 2))" ]; do
        sleep 0.5
        b=$(cpu)
        [ "$a" = "$b" ] && return 0
        a=$b
        n=$((n + 1))
    done
    return 1
}
# Waits until the page area differs from NAME's, at most 30 s; grabs it as
# NEW.
moved() {
    n=0
    while [ "$n" -lt 60 ]; do
        grab "$2"
        [ "$(differ "$1" "$2")" != 0 ] && return 0
        sleep 0.5
        n=$((n + 1))
    done
    return 1
}

# The store knows the article (its identity found in idle steps).
run first
grab page1
settle 120 || fail "the first run never went idle"
stop first
db=$tmp/state/sahifa/sahifa.sqlite
hash=$(q "$db" "SELECT hash FROM positions")
[ ${#hash} = 64 ] || { fail "no position stored: $(q "$db" "SELECT * FROM positions")"; exit 1; }

# 1. At the place 90% through, one step bigger.
q "$db" "UPDATE positions SET byte_offset = $deep WHERE hash = '$hash'" >/dev/null
run deep --stats
moved page1 deep || fail "the saved place $deep was not shown"
xdotool key plus
sleep 1
grab bigger
c1=$(cpu)
sleep 0.5
c2=$(cpu)
d=$(differ deep bigger)
[ "${d:-0}" -gt 1000 ] && ok "+ answered within a second ($d pixels)" ||
    fail "+ did not reflow the page within 1 s (${d:-?} pixels differ)"
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ]; then
    ok "the pages before the place were still being counted"
else
    echo "note: the count had ended within the second (a fast machine): not a failure"
fi
# 2. The count done: a bookmark (made at the reader's place), then a page
# forward and back (the place becomes the page's first byte).
settle 300 || fail "the count never ended"
xdotool key b
sleep 0.5
xdotool key Left
sleep 0.5
xdotool key Right
sleep 0.5
stop deep
# The slowest of the two keys to its frame (--stats): the step laid out
# from the start of the article took seconds here (4.7 G instructions);
# from the place's paragraph, some 30 M (0.1 s under ASan).
max=$(sed -n 's/.*input to present.*max \([0-9.]*\) ms.*/\1/p' "$tmp/deep.err")
if [ -n "$max" ] && awk -v m="$max" 'BEGIN { exit !(m < 500) }'; then
    ok "the slowest key took $max ms to its frame"
else
    fail "a key took ${max:-?} ms to its frame (under 500 expected)"
fi
bm=$(q "$db" "SELECT byte_offset FROM bookmarks WHERE hash = '$hash'")
[ "$bm" = "$deep" ] && ok "the place is still byte $deep after the step and the count" ||
    fail "the place moved: $deep -> '$bm' (the bookmark)"
off=$(q "$db" "SELECT byte_offset FROM positions WHERE hash = '$hash'")
[ -n "$off" ] && [ "$off" -le "$deep" ] && [ $((deep - off)) -lt 4000 ] &&
    ok "the page shown holds the place (it starts at $off)" ||
    fail "the page shown starts at '$off', not on the page of byte $deep"

# 3. Some 40 pages in, bigger again, then back to page 1.
q "$db" "UPDATE positions SET byte_offset = $near WHERE hash = '$hash'" >/dev/null
run near
moved page1 near || fail "the saved place $near was not shown"
xdotool key plus
sleep 0.5
xdotool key --delay 30 $(yes Right | head -120)
sleep 0.5
grab back
xdotool key Home
sleep 0.5
grab home
xdotool key Right
sleep 0.3
grab still
stop near
d=$(differ back home)
d0=$(differ home near)
[ "${d:-1}" = 0 ] && [ "${d0:-0}" -gt 1000 ] && ok "turning back reached page 1" ||
    fail "after 120 turns back ${d:-?} pixels differ from page 1 (${d0:-?} from the place)"
[ "$(differ home still)" = 0 ] && ok "no page before page 1" || fail "Right on page 1 moved"
off=$(q "$db" "SELECT byte_offset FROM positions WHERE hash = '$hash'")
[ "$off" = 0 ] && ok "the place saved is page 1's" || fail "the place saved is $off"
echo "test-deep-reflow: $failures failures"
[ "$failures" = 0 ]
