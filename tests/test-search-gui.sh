#!/bin/sh
# test-search-gui.sh SAHIFA SOURCE_ROOT - search, find, the on-screen
# keyboard, notes and short messages in a real X window (Xvfb), driven by
# clicks on the screen's keys and real key presses (xdotool), looked at
# through window screenshots (ImageMagick import) and the store's export:
#  1. the library's Search button opens the search screen with the Arabic
#     keyboard; حكومة typed by clicking its keys lists the seed article with
#     the hit boxed; the keyboard's Search key hides it; a tap on the result
#     opens the article at the hit, boxed, with find's bar ("1 of 2"); n goes
#     to the second hit (page 9), Esc takes the bar away;
#  2. find in an article of mixed text (tests/data/find/mixed.txt): Ctrl+F,
#     "kernel " typed on the physical keyboard (SDL text input), تحديثا on
#     the screen's keys, Enter: the hit, which crosses from the Latin run
#     into the Arabic, is two boxes on its line with "Linux" unboxed between;
#  3. B says "Bookmark added" for a few seconds and then nothing, and the
#     app sleeps (no CPU, no context switch) once the message is gone; a
#     note typed on the physical keyboard is saved on the bookmark (the
#     export has it); the bookmark deleted from the list comes back, note
#     and all, with the message's Undo.
# Screenshots are compared with references in tests/data/ref/ reviewed by
# eye (search-keyboard, search-results, find-mixed), with a small
# tolerance for anti-aliasing. SAHIFA_GUI_SHOTS=DIR keeps the screenshots.
# Skips (77) without xvfb-run, xdotool, ImageMagick or python3.
set -u
sahifa=$1
src=$2

xlib_tools="python3"
. "$src/tests/xlib.sh"

ref=$src/tests/data/ref

# boxes NAME GEOMETRY: the hit boxes in a crop of one text line: runs of
# columns where the boxes' own grey (the commonest colour that is neither
# the page nor the ink) spans at least 6 rows.
boxes() {
    convert "$tmp/$1.png" -crop "$2" +repage -colorspace gray -depth 8 "$tmp/b.gray"
    python3 - "$tmp/b.gray" "${2%%x*}" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
w = int(sys.argv[2]); h = len(data) // w
count = {}
for v in data:
    if 30 < v < 235:
        count[v] = count.get(v, 0) + 1
grey = max(count, key=count.get) if count else -1
cols = [sum(1 for y in range(h) if data[y * w + x] == grey) >= 6 for x in range(w)]
runs, prev = 0, False
for c in cols:
    runs += c and not prev
    prev = c
print(runs)
PY
}
tap() { xdotool mousemove --window "$wid" "$1" "$2" click 1; sleep 0.15; }
# The on-screen keyboard at 800x480 (app/ui/keyboard.c): 4 rows of 54 px
# from y = 260, 12 columns of 66 px from x = 4; a key's centre is
# (37 + 66 col, 287 + 54 row). Arabic keys used here by (col, row):
# ح (9,0) ك (9,1) و (7,2) م (8,1) ة (6,2) ت (6,1) د (11,0) ي (2,1) ث (2,0) ا (5,1).
key() {
    case $1 in
    ح) tap 631 287 ;; ك) tap 631 341 ;; و) tap 499 395 ;; م) tap 565 341 ;; ة) tap 433 395 ;;
    ت) tap 433 341 ;; د) tap 763 287 ;; ي) tap 169 341 ;; ث) tap 169 287 ;; ا) tap 367 341 ;;
    search) tap 713 449 ;;
    esac
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
    [ "$rc" = 0 ] && ok "exit 0 on SIGTERM" || fail "exit $rc on SIGTERM: $(cat "$tmp/stderr")"
}

# 1. The library's search, typed on the screen's keys.
start --state-dir "$tmp/s1"
shot library
tap 80 25 # the header's Search button (the end edge: left in Arabic)
shot keyboard
like_ref keyboard search-keyboard-ar-800x480.png
for k in ح ك و م ة; do key $k; done
shot typed
[ "$(differ keyboard typed 650x50+140+5)" -gt 100 ] && ok "the keys type into the field" ||
    fail "the field did not change"
key search
shot results
like_ref results search-results-ar-800x480.png
n=$(boxes results 770x30+14+145)
[ "$n" = 1 ] && ok "the snippet's hit is boxed" || fail "the snippet shows $n boxes, expected 1"
tap 400 150 # the first result
shot hit
[ "$(differ results hit)" -gt 10000 ] && ok "the result opens the article" || fail "no article"
n=$(boxes hit 760x40+20+290)
[ "$n" = 1 ] && ok "the hit is boxed on the page" || fail "the page shows $n boxes, expected 1"
xdotool key n
shot hit2
[ "$(differ hit hit2 800x420+0+0)" -gt 10000 ] && ok "n goes to the next hit's page" ||
    fail "n did not turn to the next hit"
[ "$(differ hit hit2 300x54+400+426)" -gt 20 ] && ok "the bar counts the hit (2 of 2, page 9)" ||
    fail "the bar did not change"
xdotool key Escape
shot nobar
[ "$(differ hit2 nobar 800x54+0+426)" -gt 500 ] && ok "Esc takes the bar away" ||
    fail "the bar stayed"
[ "$(differ hit2 nobar 800x400+0+0)" -gt 200 ] && ok "and the boxes with it" || fail "boxes stayed"
stop

# 2. Find in mixed text: the physical keyboard and the screen's keys together.
mixed=$src/tests/data/find/mixed.txt
start --state-dir "$tmp/s2" "$mixed"
shot page
xdotool key ctrl+f
sleep 0.3
xdotool type --delay 60 "kernel "
tap 400 30 # the field: the keyboard shows
for k in ت ح د ي ث ا; do key $k; done
shot field
like_ref field find-field-mixed-800x480.png
xdotool key Return
shot mixed
like_ref mixed find-mixed-800x480.png
n=$(boxes mixed 760x40+20+140)
[ "$n" = 2 ] && ok "a hit from a Latin run into Arabic is two boxes" ||
    fail "the hit shows $n boxes on its line, expected 2"
stop

# 3. A bookmark's message, its note, its deletion undone.
start --state-dir "$tmp/s3" "$mixed"
shot plain
xdotool key b
shot added 2>/dev/null
[ "$(differ plain added 560x60+120+358)" -gt 1000 ] && ok "B shows a message" ||
    fail "no message after B"
sleep 3.3
shot gone
[ "$(differ plain gone 560x60+120+358)" -lt 50 ] && ok "the message goes by itself" ||
    fail "the message stayed"
ctx() { cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s }'; }
c0=$(ctx)
t0=$(app_state)
sleep 2
c1=$(ctx)
t1=$(app_state)
[ "$c0" = "$c1" ] && [ "$t0" = "$t1" ] && ok "idle after the message: no wake-up in 2 s" ||
    fail "the app woke while idle ($c0 -> $c1 context switches, $t0 -> $t1)"
xdotool key l
shot marks
tap 170 92 # the first bookmark's Note button
shot note
xdotool type --delay 60 "tea at five"
xdotool key Return
shot noted
[ "$(differ marks noted 780x70+10+60)" -gt 200 ] && ok "the list shows the note" ||
    fail "no note in the list"
tap 66 92 # Delete
shot deleted
[ "$(differ noted deleted 560x60+120+358)" -gt 1000 ] && ok "delete offers Undo" ||
    fail "no message after delete"
tap 184 388 # Undo
shot undone
[ "$(differ noted undone 780x70+10+60)" -lt 50 ] && ok "Undo puts the bookmark back in the list" ||
    fail "the list differs after Undo"
stop
"$sahifa" --state-dir "$tmp/s3" --export-bookmarks "$tmp/bm.jsonl" 2>/dev/null
if grep -q '"note": *"tea at five"' "$tmp/bm.jsonl" && [ "$(grep -c '"offset"' "$tmp/bm.jsonl")" = 1 ]; then
    ok "the bookmark, back, keeps its note in the export"
else
    fail "export: $(cat "$tmp/bm.jsonl")"
fi

[ "$failures" = 0 ] && echo "all ok" || echo "$failures failed"
[ "$failures" = 0 ]
