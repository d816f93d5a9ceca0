#!/bin/sh
# test-idle-gui.sh SAHIFA SOURCE_ROOT - the window asleep when nothing
# happens, and typing, in a real X window (Xvfb):
#  1. every screen sleeps once it is drawn: the library, search (empty and
#     with results), the reader, its menu and its contents make no wake-up
#     in 2 s (the context switches of all the app's threads, as
#     test-library-watch.sh counts them);
#  2. Arabic typed on the physical keyboard (xdotool: keysyms through SDL's
#     X input method, which starts without libX11's Compose table) reaches
#     the search field: حكومة lists the seed article as the screen's keys do;
#  3. a kiosk left alone goes back to the library (SAHIFA_KIOSK_IDLE_MS
#     shortens its idle time to 3 s) and then sleeps: no wake-up over more than two
#     idle times, where it used to wake and present the same frame again
#     every idle time; a key then starts its idle time again.
# SAHIFA_GUI_SHOTS=DIR keeps the screenshots.
# Skips (77) without xvfb-run, xdotool or ImageMagick.
set -u
sahifa=$1
src=$2

. "$src/tests/xlib.sh"

# A UTF-8 locale, as a desktop has: the one whose Compose table is the big one.
export LC_ALL=C.UTF-8
unset XCOMPOSEFILE
ref=$src/tests/data/ref

# The app's context switches, all its threads: a wake-up is one.
switches() {
    cat /proc/"$pid"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
# settle: until the app has spent no CPU time for 0.5 s (its work ahead
# done), 15 s at most.
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }
settle() {
    before=$(cpu)
    for _ in $(seq 30); do
        sleep 0.5
        now=$(cpu)
        [ "$now" = "$before" ] && return 0
        before=$now
    done
}
# idle WHAT [SECONDS]: no wake-up while nothing happens.
idle() {
    settle
    s0=$(switches)
    sleep "${2:-2}"
    s1=$(switches)
    [ "$s0" = "$s1" ] && ok "idle $1: 0 wake-ups in ${2:-2} s (threads: $(ls /proc/"$pid"/task | wc -l))" ||
        fail "idle $1: $((s1 - s0)) context switches in ${2:-2} s"
}
shot() {
    settle
    import -window "$wid" "$tmp/$1.png" || fail "import $1"
    [ -n "${SAHIFA_GUI_SHOTS:-}" ] && mkdir -p "$SAHIFA_GUI_SHOTS" && cp "$tmp/$1.png" "$SAHIFA_GUI_SHOTS/"
}
start() {
    # The Arabic UI of the reference screenshots (a later --lang wins).
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

# 1 and 2. Each screen, and search typed on the keyboard.
start --state-dir "$tmp/s1"
shot library
idle "in the library"
xdotool key slash
idle "in search, empty"
xdotool type --delay 150 "حكومة"
shot results
like_ref results search-results-ar-800x480.png
idle "in search's results"
xdotool key Escape
shot library-again
[ "$(differ library library-again)" = 0 ] && ok "Esc: the library again" ||
    fail "not back in the library"
xdotool key Home Return
shot reader
[ "$(differ library reader)" -gt 10000 ] && ok "Return opens the article" || fail "no article"
sleep 5.5 # the reading position's one save (the store coalesces them for 5 s)
idle "in the reader"
xdotool key m
idle "in the menu"
xdotool key Escape c
shot contents
[ "$(differ reader contents)" -gt 10000 ] && ok "c shows the contents" || fail "no contents"
idle "in the contents"
stop

# 3. The kiosk left alone.
SAHIFA_KIOSK_IDLE_MS=3000 start --kiosk --state-dir "$tmp/s2"
shot kiosk-library
xdotool key Home Return
shot kiosk-reader
[ "$(differ kiosk-library kiosk-reader)" -gt 10000 ] && ok "the kiosk opens the article" ||
    fail "the kiosk opened no article"
# Back in the library: its header band (title, count, Search), which the row
# "continue reading" added since does not move, 10 s at most.
for _ in $(seq 20); do
    sleep 0.5
    import -window "$wid" "$tmp/kiosk-back.png" || break
    [ "$(differ kiosk-library kiosk-back 800x60+0+0)" = 0 ] && break
done
[ "$(differ kiosk-reader kiosk-back)" -gt 10000 ] &&
    [ "$(differ kiosk-library kiosk-back 800x60+0+0)" = 0 ] &&
    ok "left alone, the kiosk is back in the library" ||
    fail "the kiosk did not go back to the library"
sleep 5 # the reading position's one save (the store coalesces them for 5 s)
idle "in the kiosk, back in the library (over two idle times)" 7
shot kiosk-still
[ "$(differ kiosk-back kiosk-still)" = 0 ] && ok "and the library is as it was" ||
    fail "the idle kiosk's library changed"
xdotool key Down
sleep 0.3
s0=$(switches)
sleep 4
s1=$(switches)
[ "$s0" != "$s1" ] && ok "a key starts its idle time again (a wake-up after it)" ||
    fail "no wake-up after a key: the idle time did not start again"
stop

echo "test-idle-gui: $failures failed"
[ "$failures" = 0 ]
