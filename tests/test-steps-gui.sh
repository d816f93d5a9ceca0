#!/bin/sh
# test-steps-gui.sh SAHIFA SOURCE_ROOT - the work ahead in bounded steps,
# in a real X window (Xvfb, xdotool, ImageMagick), on the seed article:
#  1. turning forward key after key, 20 ms apart (keys that come while the
#     next page is being drawn ahead, a bounded piece a step), ends on the
#     last page, shown whole: the same pixels as End shows it (drawn at
#     once);
#  2. after a font size step (+) and its work ahead, Home then End show
#     the same last page as turning there again;
#  3. --stats: no step of work ahead rendered more than 24 new glyphs
#     (app/ui/reader.c's IDLE_GLYPHS; a page's first drawing rendered some
#     150 in one step before, 11.8 M instructions).
# Skips (77) without xvfb-run, xdotool or ImageMagick.
set -u
sahifa=$1
src=$2

. "$src/tests/xlib.sh"

"$sahifa" --width 800 --height 480 --stats "$src/assets/articles/seed-article-ar.txt" \
    2>"$tmp/err" &
pid=$!
window "$tmp/err"
shot first

# 1. Forward is Left in Arabic; the seed has 14 pages at 800x480, 22 px.
# shellcheck disable=SC2046
xdotool key --delay 20 $(seq 20 | sed 's/.*/Left/')
shot fast
xdotool key End
shot end1
n=$(differ fast end1)
[ "$n" = 0 ] && ok "turning key after key shows the last page whole" ||
    fail "the page reached key after key differs from End's in $n pixels"
n=$(differ first fast)
[ "${n:-0}" -gt 1000 ] && ok "the keys turned the pages ($n pixels)" ||
    fail "the keys did not turn the pages (${n:-?} pixels differ from page 1)"

# 2. One size bigger: turning there key after key and End agree again.
xdotool key plus
shot bigger
xdotool key Home
shot home
# shellcheck disable=SC2046
xdotool key --delay 20 $(seq 30 | sed 's/.*/Left/')
shot fast2
xdotool key Home End
shot end2
n=$(differ fast2 end2)
[ "$n" = 0 ] && ok "after + too" || fail "after +, the last page reached key after key differs from End's in $n pixels"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] || fail "exit $rc on SIGTERM: $(cat "$tmp/err")"

# 3. The largest step of work ahead, in new glyphs.
line=$(grep 'stats: work ahead' "$tmp/err")
most=$(echo "$line" | sed -n 's/.*at most \([0-9]*\) new glyphs.*/\1/p')
steps=$(echo "$line" | sed -n 's/.*ahead: \([0-9]*\) steps.*/\1/p')
if [ -n "$most" ] && [ "${steps:-0}" -gt 0 ] && [ "$most" -le 24 ]; then
    ok "$steps steps of work ahead, at most $most new glyphs in one"
else
    fail "work ahead: '${line:-no --stats line}' (at most 24 new glyphs a step expected)"
fi
[ "$failures" = 0 ]
