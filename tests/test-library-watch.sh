#!/bin/sh
# test-library-watch.sh SAHIFA SOURCE_ROOT - the library that updates itself,
# in a real X window (Xvfb): the app is started on a library folder, then
# files are written into it as a sync engine would, and the app's trace
# (SAHIFA_TRACE_LIBRARY: one line each time it reads the library again) and
# window screenshots say what it did. Checks: the idle app makes no
# wake-up with the watch on (its threads' context switches over 2 s); an
# article copied in appears without a restart (one reading, the window
# changes); a Syncthing or rsync temporary file causes no reading; a file
# written in two halves is left out while half-written and listed once
# closed; 20 files copied at once are one reading or two; an article open
# on the reader whose file is removed still turns its pages; idle again
# after all this. SAHIFA_GUI_SHOTS=DIR keeps the screenshots.
# Skips (77) without xvfb-run, xdotool or ImageMagick.
set -u
sahifa=$1
src=$2

xlib_tools="python3"
. "$src/tests/xlib.sh"
export SAHIFA_TRACE_LIBRARY=1

# No bundled articles: the library is ours alone.
mkdir -p "$tmp/assets" "$tmp/lib/news"
export SAHIFA_ASSETS_DIR=$tmp/assets
lib=$tmp/lib/news
cp "$src/assets/articles/guide-ar.txt" "$lib/guide.txt"

# The app's context switches, all its threads: a wake-up is one.
switches() {
    cat /proc/"$pid"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
readings() { grep -c "library read again" "$tmp/stderr"; }
last_reading() { grep "library read again" "$tmp/stderr" | tail -1; }
# wait_readings N: until the app has read the library N times (10 s at most).
wait_readings() {
    for _ in $(seq 100); do
        [ "$(readings)" -ge "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
shot() {
    sleep 0.5
    import -window "$wid" "$tmp/$1.png" || fail "import $1"
}
idle() {
    sleep 0.5
    s0=$(switches)
    sleep 2
    s1=$(switches)
    [ "$s0" = "$s1" ] && ok "idle $1: 0 wake-ups in 2 s (threads: $(ls /proc/"$pid"/task | wc -l))" ||
        fail "idle $1: $((s1 - s0)) context switches in 2 s"
}

"$sahifa" --library "$tmp/lib" 2>"$tmp/stderr" &
pid=$!
window "$tmp/stderr"
shot one
idle "with the watch on"

# 1. An article copied in: one reading, two articles, the window changes.
cp "$src/assets/articles/seed-article-ar.txt" "$lib/seed.txt"
wait_readings 1 && last_reading | grep -q ": 2 articles" &&
    ok "a new article appears without a restart: $(last_reading)" ||
    fail "new article: $(cat "$tmp/stderr")"
shot two
[ "$(differ one two)" -gt 1000 ] && ok "the window shows it" || fail "the window did not change"

# 2. A sync engine's temporary files: no reading at all.
echo "نص مؤقت" >"$lib/.syncthing.seed2.txt.tmp"
echo "نص مؤقت" >"$lib/.seed3.txt.Xy12Ab"
echo "نص مؤقت" >"$lib/seed4.txt.~tmp~"
sleep 1.5
[ "$(readings)" = 1 ] && ok "temporary files are no change" ||
    fail "temporary files caused a reading: $(last_reading)"
rm -f "$lib/.syncthing.seed2.txt.tmp" "$lib/.seed3.txt.Xy12Ab" "$lib/seed4.txt.~tmp~"
sleep 1
shot two-again
[ "$(differ two two-again)" = 0 ] && ok "the window is unchanged" ||
    fail "temporary files changed the window"

# 3. A file written in two halves, slowly: while it is half-written another
# file arrives (a reading), which leaves the slow one out; once it is
# closed, a reading lists it.
n=$(readings)
python3 - "$lib/slow.txt" "$src/assets/articles/guide-en.txt" "$lib/third.txt" \
    "$src/tests/data/search/forms-ar.txt" <<'PY' &
import shutil, sys, time
data = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "wb") as f:
    f.write(data[:len(data) // 2])
    f.flush()
    time.sleep(0.5)
    shutil.copy(sys.argv[4], sys.argv[3])  # another article meanwhile
    time.sleep(2.5)
    f.write(data[len(data) // 2:])
PY
writer=$!
wait_readings $((n + 1))
last_reading | grep -q ": 3 articles.*1 being written" &&
    ok "a half-written file is left out: $(last_reading)" ||
    fail "half-written: $(grep 'read again' "$tmp/stderr" | tail -2)"
wait "$writer"
wait_readings $((n + 2)) && last_reading | grep -q ": 4 articles.*0 being written" &&
    ok "and listed once closed: $(last_reading)" || fail "closed: $(last_reading)"

# 4. A burst: 20 files at once are one reading or two.
n=$(readings)
mkdir "$tmp/burst"
for i in $(seq 20); do
    { cat "$src/assets/articles/guide-en.txt"; printf '\nCopy %s.\n' "$i"; } >"$tmp/burst/b$i.txt"
done
cp "$tmp/burst"/*.txt "$lib/"
sleep 2
k=$(($(readings) - n))
[ "$k" -ge 1 ] && [ "$k" -le 2 ] && last_reading | grep -q ": 24 articles" &&
    ok "20 files at once: $k reading(s), $(last_reading)" || fail "burst: $k readings, $(last_reading)"
idle "after the readings"

# 5. The reader open on an article whose file is then removed: it still
# turns its pages; back in the library, the article is gone.
xdotool key Home Return
shot open1
n=$(readings)
rm -f "$lib/seed.txt" "$lib/guide.txt" "$lib/slow.txt" "$lib/third.txt" "$lib"/b*.txt
wait_readings $((n + 1)) && last_reading | grep -q ": 0 articles" &&
    ok "every file removed: $(last_reading)" || fail "removed: $(last_reading)"
xdotool key Next
shot open2
[ "$(differ open1 open2)" -gt 1000 ] && ok "the open article still turns its page" ||
    fail "the reader did not turn after its file went"
kill -0 "$pid" 2>/dev/null && ok "still running" || fail "the app ended"

kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" = 0 ] && ok "exit 0 on SIGTERM" || fail "exit $rc on SIGTERM: $(cat "$tmp/stderr")"
if [ -n "${SAHIFA_GUI_SHOTS:-}" ]; then
    cp "$tmp"/*.png "$SAHIFA_GUI_SHOTS"/
fi
echo "test-library-watch: $failures failed"
[ "$failures" = 0 ]
