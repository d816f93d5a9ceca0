#!/bin/sh
# test-library-screen.sh SAHIFA SOURCE_ROOT - the library's orders, filters
# and problems, and a broken file opened directly, in a real X window (Xvfb)
# driven by xdotool and looked at through screenshots. Checks: S cycles
# through the five sorts and comes back to the first picture; by title the
# first row is the title that sorts first; F shows one bundle's articles
# (fewer rows), F again the next; P lists the file that could not be read
# and Esc comes back; M opens the library's menu and Enter on its second row
# sorts as S did; `sahifa broken.txt` opens a window (not exit 1) with the
# reason across the top and one line on stderr; --screenshot of it writes
# that screen and exits 1. SAHIFA_GUI_SHOTS=DIR keeps the screenshots.
# Skips (77) without xvfb-run, xdotool or ImageMagick.
set -u
sahifa=$1
src=$2

. "$src/tests/xlib.sh"

mkdir -p "$tmp/assets" "$tmp/lib/a-news" "$tmp/lib/b-sport"
export SAHIFA_ASSETS_DIR=$tmp/assets
# Two bundles; in the library's order (bundle by bundle, by file name) the
# titles are ثعلب, باب | جمل, أرنب; by title أرنب comes first.
art() {
    printf -- '---\ntitle: %s\nsource: %s\n---\nفقرة من مقالة عن %s فيها كلام يكفي لتكون مقالة.\n' \
        "$3" "$4" "$3" >"$tmp/lib/$1/$2"
}
art a-news 1.txt "ثعلب" "الشرق"
art a-news 2.txt "باب" "البيان"
art b-sport 1.txt "جمل" "الشرق"
art b-sport 2.txt "أرنب" "البيان"
printf 'text\0with a NUL byte\n' >"$tmp/lib/b-sport/broken.txt"
shot() {
    sleep 0.6
    import -window "$wid" "$tmp/$1.png" || fail "import $1"
}
# ink NAME GEOMETRY: the width of the ink in a crop (0: blank).
ink() {
    w=$(convert "$tmp/$1.png" -crop "$2" +repage -fuzz 30% -trim -format '%w %h' info: 2>/dev/null)
    # ImageMagick trims a blank crop to 1x1.
    [ "$w" = "1 1" ] && echo 0 || echo "${w%% *}"
}
start() {
    "$sahifa" "$@" 2>"$tmp/stderr" &
    pid=$!
    window "$tmp/stderr"
}
stop() {
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" = 0 ] && ok "exit 0 on SIGTERM" || fail "exit $rc on SIGTERM: $(cat "$tmp/stderr")"
}

start --library "$tmp/lib"
shot shelf
# 1. S: the next sort (recent, unread first, source, title), and back.
xdotool key s
shot recent
[ "$(differ shelf recent 800x56+0+0)" -gt 50 ] && ok "S names the sort in the header" ||
    fail "S: the header did not change"
xdotool key s s s
shot title
[ "$(differ shelf title)" -gt 1000 ] && ok "S S S S: by title, another order" ||
    fail "by title: the list did not change"
xdotool key s
shot shelf2
[ "$(differ shelf shelf2)" = 0 ] && ok "a fifth S: the library's order again" ||
    fail "five sorts: $(differ shelf shelf2) pixels differ from the first picture"

# 2. F: one bundle's articles (2 of 4), then the other's.
xdotool key f
shot bundle1
# Four rows of 100 px from y=56: the bottom two are blank with one bundle.
[ "$(ink shelf 760x180+20+260)" -gt 100 ] && [ "$(ink bundle1 760x180+20+260)" = 0 ] &&
    [ "$(ink bundle1 760x180+20+60)" -gt 100 ] && ok "F: one bundle, 2 rows of 4" ||
    fail "F: ink below the second row: $(ink bundle1 760x180+20+260)"
xdotool key f
shot bundle2
[ "$(differ bundle1 bundle2)" -gt 1000 ] && [ "$(ink bundle2 760x180+20+260)" = 0 ] &&
    ok "F again: the other bundle" || fail "F F: $(differ bundle1 bundle2) pixels differ"
xdotool key f f f
shot all
[ "$(differ shelf all)" = 0 ] && ok "F through the sources back to all" ||
    fail "F x5: $(differ shelf all) pixels differ from the first picture"

# 3. P: the problems, one row; Esc back.
xdotool key p
shot problems
# One row of 56 px under the header: nothing below it.
[ "$(differ shelf problems)" -gt 1000 ] && [ "$(ink problems 760x40+20+64)" -gt 100 ] &&
    [ "$(ink problems 760x300+20+120)" = 0 ] && ok "P lists the one file that could not be read" ||
    fail "P: ink below the first row: $(ink problems 760x300+20+120)"
xdotool key Escape Escape
shot back
[ "$(differ shelf back)" = 0 ] && ok "Esc Esc: the library as it was" ||
    fail "back: $(differ shelf back) pixels differ"

# 4. M: the library's menu; its second row is "Sort: recently read".
xdotool key m
shot menu
[ "$(differ shelf menu)" -gt 1000 ] && ok "M opens the library's menu" || fail "M: nothing"
xdotool key Home Down Return
shot menu-recent
[ "$(differ recent menu-recent)" = 0 ] && ok "its second row sorts as S did" ||
    fail "menu sort: $(differ recent menu-recent) pixels differ from S's picture"
stop

# 5. A broken file opened directly (from anywhere, as a file manager does):
# a window, the reason across the top, one line on stderr naming it.
mkdir "$tmp/elsewhere"
printf 'text\0with a NUL byte\n' >"$tmp/elsewhere/broken.txt"
rm "$tmp/lib/b-sport/broken.txt"
start --library "$tmp/lib" "$tmp/elsewhere/broken.txt"
shot broken
kill -0 "$pid" 2>/dev/null && ok "sahifa broken.txt keeps its window" || fail "the app ended"
[ "$(grep -c 'broken.txt' "$tmp/stderr")" = 1 ] && ok "one line on stderr: $(cat "$tmp/stderr")" ||
    fail "stderr: $(cat "$tmp/stderr")"
[ "$(differ shelf broken 800x40+0+0)" -gt 200 ] && ok "the reason across the top" ||
    fail "no notice band"
stop
"$sahifa" --library "$tmp/lib" --screenshot "$tmp/broken-shot.png" "$tmp/elsewhere/broken.txt" \
    2>"$tmp/shot-err"
rc=$?
[ "$rc" = 1 ] && [ -s "$tmp/broken-shot.png" ] && [ "$(differ broken broken-shot)" = 0 ] &&
    grep -q "broken.txt" "$tmp/shot-err" &&
    ok "--screenshot: the same screen, exit 1, $(cat "$tmp/shot-err")" ||
    fail "--screenshot: exit $rc, $(differ broken broken-shot) pixels differ, $(cat "$tmp/shot-err")"

if [ -n "${SAHIFA_GUI_SHOTS:-}" ]; then
    cp "$tmp"/*.png "$SAHIFA_GUI_SHOTS"/
fi
echo "test-library-screen: $failures failed"
[ "$failures" = 0 ]
