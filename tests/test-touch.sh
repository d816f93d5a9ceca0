#!/bin/sh
# test-touch.sh SAHIFA SOURCE_ROOT - touch and the contents screen in a real
# X window (Xvfb), driven by xdotool, looked at through window screenshots
# (ImageMagick). Checks: a vertical drag moves the library (and opens
# nothing); a flick keeps it moving after the release, then it settles at
# an end or short of it and the idle app makes no wakeups (its threads'
# context switches over 2 s); a tap opens the row under it; a long press
# shows the row's actions, Escape takes them away; C opens the contents of
# the seed article, Enter on a section jumps to its page, a tap on the same
# row jumps to the same page; --screenshot of the library and the page in
# both UI languages with mixed-direction titles and sources: an Arabic title
# at the right in the English UI, a Latin one at the left in the Arabic UI.
# SAHIFA_GUI_SHOTS=DIR keeps the screenshots.
# Skips (77) without xvfb-run, xdotool or ImageMagick.
set -u
sahifa=$1
src=$2

. "$src/tests/xlib.sh"

# A library of 24 articles, titles and sources of both directions.
lib=$tmp/lib/mixed
mkdir -p "$lib"
printf '[bundle]\nname = Mixed\nlanguage = ar\nsort = file\n' >"$lib/bundle.ini"
for i in $(seq 10 33); do
    if [ $((i % 2)) = 0 ]; then
        title="مقالة رقم $i عن القاهرة"
        source="Reuters"
    else
        title="Article $i about Cairo"
        source="الشرق"
    fi
    printf -- '---\ntitle: %s\nsource: %s\ndate: 2024-06-%02d\n---\n%s\n\nنص المقالة %s. The text of article %s.\n' \
        "$title" "$source" $((i - 9)) "$title" "$i" "$i" >"$lib/a-$i.txt"
done

# ink NAME GEOMETRY: "left right" x of the ink in a crop of a PNG.
ink() {
    convert "$1" -crop "$2" +repage -fuzz 30% -trim -format '%w %X' info: 2>/dev/null |
        awk '{ x = $2; sub(/^\+/, "", x); print x, x + $1 }'
}
# The context switches of all the app's threads so far.
switches() {
    cat /proc/"$pid"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
start() {
    # The Arabic UI these checks read (a later --lang wins).
    "$sahifa" --lang ar "$@" 2>"$tmp/stderr" &
    pid=$!
    window "$tmp/stderr"
}
stop() {
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" = 0 ] || fail "exit $rc on SIGTERM: $(cat "$tmp/stderr")"
}
# drag Y0 Y1 STEPS PAUSE: a finger down at (400, Y0), moved to Y1 in STEPS,
# PAUSE s between moves, lifted there.
drag() {
    xdotool mousemove --window "$wid" 400 "$1" mousedown 1
    y=$1
    k=0
    while [ $k -lt "$3" ]; do
        k=$((k + 1))
        y=$(($1 + ($2 - $1) * k / $3))
        xdotool mousemove --window "$wid" 400 "$y"
        sleep "$4"
    done
    xdotool mouseup 1
}

# 1. The library: a slow drag up moves it by the finger's way, opens nothing.
start --library "$tmp/lib" --lang en
shot lib0
drag 420 170 10 0.05
sleep 0.2
shot lib1
[ "$(differ lib0 lib1 800x360+0+120)" -gt 2000 ] && ok "a drag moves the library" ||
    fail "drag: the list did not move ($(differ lib0 lib1 800x360+0+120) px)"
[ "$(differ lib0 lib1 800x50+0+0)" = 0 ] && ok "the header stays, nothing was opened" ||
    fail "drag: the header changed (an article opened?)"
# Dragging back down by the same way shows the top again.
drag 170 420 10 0.05
shot lib2
[ "$(differ lib0 lib2)" = 0 ] && ok "a drag back shows the same top" ||
    fail "drag back: $(differ lib0 lib2) px differ from the top"

# 2. A flick: fast, lifted while moving: the list goes on after the release.
drag 440 300 4 0.01
import -window "$wid" "$tmp/fl0.png"
sleep 0.15
import -window "$wid" "$tmp/fl1.png"
shot fl2
[ "$(differ fl0 fl2)" -gt 1000 ] && ok "a flick glides on after the release" ||
    fail "flick: no glide ($(differ fl0 fl2) px)"
# Still now: no wakeups while idle.
sleep 0.5
s0=$(switches)
sleep 2
s1=$(switches)
[ "$s0" = "$s1" ] && ok "idle after the glide: 0 wakeups in 2 s" ||
    fail "idle after the glide: $((s1 - s0)) context switches in 2 s"
# A finger that catches a glide stops it and opens nothing.
drag 170 420 10 0.02
shot top
drag 440 200 3 0.01
sleep 0.05
xdotool mousemove --window "$wid" 400 300 click 1
shot caught
[ "$(differ top caught 800x50+0+0)" = 0 ] && ok "a tap on a gliding list stops it, opens nothing" ||
    fail "a tap during the glide opened something"
sleep 0.5
shot caught2
[ "$(differ caught caught2)" = 0 ] && ok "and the list stays where it was caught" ||
    fail "the list moved after it was caught"

# 3. A long press on a row: its actions; Escape takes them away.
drag 170 420 10 0.02
shot top2
xdotool mousemove --window "$wid" 400 200 mousedown 1
sleep 0.9
import -window "$wid" "$tmp/held.png"
xdotool mouseup 1
shot sheet
[ "$(differ top2 sheet 460x200+170+140)" -gt 2000 ] && ok "a long press shows the row's actions" ||
    fail "long press: no actions shown"
[ "$(differ held sheet)" = 0 ] && ok "shown while held; the release did nothing more" ||
    fail "the release after the long press changed $(differ held sheet) px"
xdotool key Escape
shot nosheet
[ "$(differ top2 nosheet 800x50+0+0)" = 0 ] && [ "$(differ top2 nosheet 460x200+170+140)" -lt 2000 ] &&
    ok "Escape takes the actions away" || fail "Escape: the sheet stayed"

# 4. A tap opens the row under it.
xdotool mousemove --window "$wid" 400 200 click 1
shot opened
[ "$(differ top2 opened)" -gt 5000 ] && ok "a tap opens the row" || fail "tap: nothing opened"
stop

# 5. The contents of the seed article (8 headings): C, End, Enter jumps to
# the last section's page; C and a tap on the same row do the same.
seed=$src/assets/articles/seed-article-ar.txt
start --state-dir "$tmp/c" "$seed"
shot p1
xdotool key c
shot contents
[ "$(differ p1 contents)" -gt 5000 ] && ok "C opens the contents" || fail "C: no contents screen"
xdotool key End Return
shot last
[ "$(differ p1 last)" -gt 5000 ] && ok "Enter jumps to the section's page" ||
    fail "contents: Enter did not move"
[ "$(differ p1 last 500x30+300+450)" -gt 20 ] && ok "the status bar changed (page, section)" ||
    fail "contents: the status bar did not change"
xdotool key Home
shot home
xdotool key c
shot contents2
# The last row of the list (the screen holds six): its middle, from the
# header (60 px) and the row's height read off the list.
xdotool key End
shot contents3
# A tap on the row selected by End: the selection bar's middle.
row_y=$(convert "$tmp/contents3.png" -crop 8x420+792+60 +repage -fuzz 30% -trim -format '%h %Y' info: |
    awk '{ y = $2; sub(/^\+/, "", y); print 60 + y + int($1 / 2) }')
xdotool mousemove --window "$wid" 400 "$row_y" click 1
shot tapped
[ "$(differ last tapped)" = 0 ] && ok "a tap on the row jumps to the same page (y=$row_y)" ||
    fail "contents: the tap at y=$row_y gave another page ($(differ last tapped) px)"
stop

# 6. Screenshots of both UI languages, mixed-direction values.
for lang in en ar; do
    "$sahifa" --lang "$lang" --library "$tmp/lib" --state-dir "$tmp/s-$lang" \
        --screenshot "$tmp/shot-lib-$lang.png" 2>/dev/null || fail "--screenshot $lang"
done
# The English UI: row 1 (Arabic title) ends at the right edge, row 2 (Latin)
# starts at the left; the Arabic UI mirrors the Latin one only.
r1=$(ink "$tmp/shot-lib-en.png" 800x34+0+62)
r2=$(ink "$tmp/shot-lib-en.png" 800x34+0+162)
[ "${r1#* }" -ge 770 ] && ok "en: an Arabic title at the right ($r1)" ||
    fail "en: the Arabic title is not at the right: $r1"
[ "${r2%% *}" -le 40 ] && ok "en: a Latin title at the left ($r2)" ||
    fail "en: the Latin title is not at the left: $r2"
r2=$(ink "$tmp/shot-lib-ar.png" 800x34+0+162)
[ "${r2%% *}" -le 40 ] && ok "ar: a Latin title at the left ($r2)" ||
    fail "ar: the Latin title is not at the left: $r2"
"$sahifa" --lang en --state-dir "$tmp/s-en" --screenshot "$tmp/shot-read-en.png" "$seed" &&
    "$sahifa" --lang ar --state-dir "$tmp/s-ar" --screenshot "$tmp/shot-read-ar.png" "$seed" ||
    fail "--screenshot of the page"

if [ -n "${SAHIFA_GUI_SHOTS:-}" ]; then
    cp "$tmp"/*.png "$SAHIFA_GUI_SHOTS"/
fi
echo "test-touch: $failures failed"
[ "$failures" = 0 ]
