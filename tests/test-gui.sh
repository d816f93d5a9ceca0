#!/bin/sh
# test-gui.sh SAHIFA SOURCE_ROOT - the reader in a real X window (Xvfb), driven
# by real key presses and clicks (xdotool), looked at through window
# screenshots (ImageMagick import). Checks: the library shows; Enter on the
# seed article opens it with its headline at the right edge; Left turns to
# page 2 (pixels change, and the status bar's page number with them); Right
# comes back to the same picture; a click on the left third turns forward
# (RTL); SIGTERM ends the app cleanly (exit 0); the menu changes the theme
# and closes; the bookmarks list jumps (keys and taps); O shows the original
# file and O again the same page; a long press marks
# the page while held; with --rotate 90 the window is the screenshot turned,
# and taps and swipes on the panel mean what they mean on the page;
# --screenshot writes PNGs (SAHIFA_GUI_SHOTS=DIR keeps the window
# screenshots).
# Skips (77) without xvfb-run, xdotool or ImageMagick.
set -u
sahifa=$1
src=$2

. "$src/tests/xlib.sh"

# untoast NAME...: the message a bookmark brings (toast.h: for a few
# seconds over the bottom of the page) painted out, so that a page with
# its message compares with the same page without it.
untoast() {
    for n in "$@"; do
        convert "$tmp/$n.png" -fill black -draw "rectangle 120,358 679,417" "$tmp/$n.png"
    done
}
# ink_right NAME GEOMETRY: x of the right edge of the ink in a crop.
ink_right() {
    convert "$tmp/$1.png" -crop "$2" +repage -fuzz 30% -trim -format '%w %X' info: 2>/dev/null |
        awk '{ sub(/^\+/, "", $2); print $1 + $2 }'
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

# 1. The library (a fresh store), then the seed article (the last row) opened with Enter.
start
shot library
if [ "$(convert "$tmp/library.png" -fuzz 30% -trim -format '%w' info:)" -gt 300 ]; then
    ok "the library shows"
else
    fail "the library window is blank"
fi
xdotool key End Return
shot page1
[ "$(differ library page1)" -gt 1000 ] && ok "Enter opens an article" || fail "Enter did nothing"
right=$(ink_right page1 800x70+0+0)
[ "$right" -ge 770 ] && [ "$right" -le 780 ] &&
    ok "headline ends at the right margin (x=$right)" ||
    fail "headline's right edge at x=$right, expected 776 +- 4"

# 2. Left = next page in an RTL article; the status bar's number changes.
xdotool key Left
shot page2
[ "$(differ page1 page2)" -gt 1000 ] && ok "Left turns the page" || fail "Left changed nothing"
[ "$(differ page1 page2 240x28+0+452)" -gt 20 ] && ok "the status bar's page number changes" ||
    fail "status bar unchanged"
xdotool key Right
shot back
[ "$(differ page1 back)" = 0 ] && ok "Right comes back to the same picture" ||
    fail "Right: $(differ page1 back) pixels differ from page 1"
# A click on the left third turns forward too (RTL).
xdotool mousemove --window "$wid" 100 200 click 1
shot click
[ "$(differ page2 click)" = 0 ] && ok "a tap on the left third turns forward" ||
    fail "tap: $(differ page2 click) pixels differ from page 2"
xdotool key Home
shot home
[ "$(differ page1 home)" = 0 ] && ok "Home" || fail "Home"
stop

# 3. Straight to the article (at its saved place: page 1); PageDown and Space turn forward, Backspace back.
start "$src/assets/articles/seed-article-ar.txt"
shot direct
[ "$(differ page1 direct)" = 0 ] && ok "sahifa FILE shows page 1" ||
    fail "sahifa FILE: $(differ page1 direct) pixels differ"
xdotool key Next
shot pgdn
[ "$(differ page2 pgdn)" = 0 ] && ok "PageDown" || fail "PageDown"
xdotool key BackSpace
shot bksp
[ "$(differ page1 bksp)" = 0 ] && ok "Backspace" || fail "Backspace"
stop

# 4. The store: B bookmarks page 3, SIGTERM, a restart reopens on page 3
# with its ribbon, and the bookmark is in the store's export.
start "$src/assets/articles/seed-article-ar.txt"
xdotool key Left Left
shot p3
xdotool key b
shot p3b
[ "$(differ p3 p3b 40x30+0+0)" -gt 20 ] && ok "B draws a ribbon" || fail "no ribbon after B"
stop
start "$src/assets/articles/seed-article-ar.txt"
shot reopened
untoast p3b reopened
[ "$(differ p3b reopened)" = 0 ] && ok "reopens on the same page, bookmark shown" ||
    fail "reopened: $(differ p3b reopened) pixels differ from page 3 with its ribbon"
stop
"$sahifa" --export-bookmarks "$tmp/bm.jsonl" 2>/dev/null
[ "$(grep -c '"offset"' "$tmp/bm.jsonl")" = 1 ] && ok "the bookmark is in the store" ||
    fail "store export: $(cat "$tmp/bm.jsonl")"
# The library now offers "continue reading" (one more row than before).
start
shot library2
[ "$(differ library library2)" -gt 1000 ] && ok "the library changed (continue reading)" ||
    fail "library unchanged after reading"
stop

# 5. The menu (M) over the reader, reopened on page 3 with its ribbon: Down
# Down Left changes the theme (the menu's background changes at once), Esc
# closes on the same page in the new theme, T T comes back to day (the same
# picture). The bookmarks list: L then Enter jumps to page 3 from page 1; so
# do taps on the menu's Bookmarks button and the list's first row. A long
# press draws the ribbon while still held; B takes it away again.
pixel() { convert "$tmp/$1.png" -format "%[hex:p{$2}]" info:; }
start "$src/assets/articles/seed-article-ar.txt"
shot m0
xdotool key m
shot menu
[ "$(differ m0 menu)" -gt 1000 ] && ok "M opens the menu" || fail "M: the menu did not show"
xdotool key Down Down Left
shot menu-night
bg0=$(pixel menu 400,470)
bg1=$(pixel menu-night 400,470)
[ "$bg0" != "$bg1" ] && ok "the theme changes the menu's background ($bg0 -> $bg1)" ||
    fail "theme: background still $bg1"
xdotool key Escape
shot m-night
[ "$(pixel m-night 400,300)" = "$bg1" ] && [ "$(differ m0 m-night)" -gt 1000 ] &&
    ok "Esc closes the menu: the page in the new theme" || fail "Esc: $(pixel m-night 400,300)"
xdotool key t t
shot m-day
[ "$(differ m0 m-day)" = 0 ] && ok "T T: day again, the same page" ||
    fail "T T: $(differ m0 m-day) pixels differ from page 3"
xdotool key Home l
shot list
[ "$(differ m0 list)" -gt 1000 ] && [ "$(ink_right list 800x60+0+0)" -ge 760 ] &&
    ok "L shows the bookmarks list (title at the right)" || fail "L: no list"
xdotool key Return
shot jumped
[ "$(differ m0 jumped)" = 0 ] && ok "Enter jumps to the bookmark's page" ||
    fail "jump: $(differ m0 jumped) pixels differ from page 3"
xdotool key Home
shot h1
xdotool mousemove --window "$wid" 400 240 click 1
sleep 0.3
xdotool mousemove --window "$wid" 709 370 click 1
sleep 0.3
xdotool mousemove --window "$wid" 400 90 click 1
shot tapped
[ "$(differ m0 tapped)" = 0 ] && ok "taps: menu, Bookmarks, the first row: page 3" ||
    fail "taps: $(differ m0 tapped) pixels differ from page 3"
# O shows the original file (every line, chrome included) at the same place,
# and O again the article's page 3 as it was.
xdotool key o
shot original
[ "$(differ m0 original)" -gt 1000 ] && ok "O shows the original file" ||
    fail "O: the page did not change"
xdotool key o
shot unoriginal
[ "$(differ m0 unoriginal)" = 0 ] && ok "O again: back to page 3 of the article" ||
    fail "O O: $(differ m0 unoriginal) pixels differ from page 3"
xdotool key Home
xdotool mousemove --window "$wid" 400 240 mousedown 1
sleep 1.2
import -window "$wid" "$tmp/held.png"
xdotool mouseup 1
shot released
untoast h1 held released
[ "$(differ h1 held 40x30+0+0)" -gt 20 ] && ok "a long press bookmarks while held" ||
    fail "long press: no ribbon while held"
[ "$(differ held released)" = 0 ] && ok "and its release does nothing more" ||
    fail "release after a long press changed $(differ held released) pixels"
xdotool key b
shot unmarked
untoast unmarked
[ "$(differ h1 unmarked)" = 0 ] && ok "B takes the ribbon away" || fail "B did not remove it"
stop
"$sahifa" --export-bookmarks "$tmp/bm2.jsonl" 2>/dev/null
[ "$(grep -c '"offset"' "$tmp/bm2.jsonl")" = 1 ] && ok "the store has the one bookmark still" ||
    fail "store export: $(cat "$tmp/bm2.jsonl")"

# 6. A landscape panel mounted portrait: --rotate 90 on the 800x480 screen.
# The window shows the 480x800 page turned clockwise; the page's left third
# (forward, in Arabic) is the panel's top third, its middle the panel's
# middle band, and a swipe down the panel is a swipe to the page's right
# (forward). Keys are not turned: Right is still back.
seed=$src/assets/articles/seed-article-ar.txt
"$sahifa" --lang ar --state-dir "$tmp/rot-fresh" --rotate 90 --screenshot "$tmp/r1-logical.png" "$seed"
convert "$tmp/r1-logical.png" -rotate 90 "$tmp/r1-turned.png"
start --state-dir "$tmp/rot" --rotate 90 "$seed"
shot r1
[ "$(differ r1 r1-turned)" = 0 ] && ok "--rotate 90: the window is the screenshot turned clockwise" ||
    fail "--rotate 90: $(differ r1 r1-turned) pixels differ from the turned screenshot"
xdotool mousemove --window "$wid" 400 60 click 1
shot r2
[ "$(differ r1 r2)" -gt 1000 ] &&
    ok "--rotate 90: a tap on the panel's top third (the page's left third) turns" ||
    fail "--rotate 90: the tap on the panel's top third changed nothing"
xdotool mousemove --window "$wid" 100 240 click 1
shot rmenu
[ "$(differ r2 rmenu)" -gt 1000 ] && ok "--rotate 90: a tap on the panel's left (the page's middle) opens the menu" ||
    fail "--rotate 90: no menu from the page's middle"
xdotool key Escape Right
shot rback
[ "$(differ r1 rback)" = 0 ] && ok "--rotate 90: Esc, then Right goes back (keys not turned)" ||
    fail "--rotate 90: Right: $(differ r1 rback) pixels differ from page 1"
xdotool mousemove --window "$wid" 400 100 mousedown 1 mousemove --window "$wid" 400 250 \
    mousemove --window "$wid" 400 400 mouseup 1
shot rswipe
[ "$(differ r2 rswipe)" = 0 ] && ok "--rotate 90: a swipe down the panel (to the page's right) turns forward" ||
    fail "--rotate 90: swipe: $(differ r2 rswipe) pixels differ from page 2"
stop
# The saved place is page 2 now: its screenshot, turned, is what was shown.
"$sahifa" --lang ar --state-dir "$tmp/rot" --rotate 90 --screenshot "$tmp/r2-logical.png" "$seed"
convert "$tmp/r2-logical.png" -rotate 90 "$tmp/r2-turned.png"
[ "$(differ r2 r2-turned)" = 0 ] && ok "--rotate 90: and that was page 2 (the saved place, turned)" ||
    fail "--rotate 90: $(differ r2 r2-turned) pixels differ from page 2's screenshot, turned"

if [ -n "${SAHIFA_GUI_SHOTS:-}" ]; then
    cp "$tmp"/*.png "$SAHIFA_GUI_SHOTS"/
fi

# 7. Headless screenshots of both screens.
"$sahifa" --lang ar --screenshot "$tmp/s-lib.png" && [ -s "$tmp/s-lib.png" ] &&
    ok "--screenshot (library)" || fail "--screenshot (library)"
# (a state dir of its own: the article's saved place is page 3 by now)
"$sahifa" --lang ar --state-dir "$tmp/fresh" --screenshot "$tmp/s-read.png" \
    "$src/assets/articles/seed-article-ar.txt" && [ "$(compare -metric AE "$tmp/s-read.png" "$tmp/page1.png" null: 2>&1 | cut -d' ' -f1)" = 0 ] &&
    ok "--screenshot equals the window" || fail "--screenshot differs from the window"
# No display at all: a message and the headless fallback (the first screen
# written to sahifa-screen.png in the current directory), never a crash.
sahifa_abs="$(cd "$(dirname "$sahifa")" && pwd)/$(basename "$sahifa")"
(cd "$tmp" && env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 20 "$sahifa_abs" --lang ar \
    --state-dir "$tmp/fresh" "$src/assets/articles/seed-article-ar.txt" 2>"$tmp/nodisp")
rc=$?
[ "$rc" = 0 ] && grep -q "cannot open a display" "$tmp/nodisp" &&
    grep -q "written to sahifa-screen.png" "$tmp/nodisp" &&
    [ "$(compare -metric AE "$tmp/sahifa-screen.png" "$tmp/s-read.png" null: 2>&1 | cut -d' ' -f1)" = 0 ] &&
    ok "no display: a message and the first screen as a PNG" ||
    fail "no display: exit $rc: $(cat "$tmp/nodisp")"

echo "test-gui: $failures failed"
[ "$failures" = 0 ]
