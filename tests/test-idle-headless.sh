#!/bin/sh
# test-idle-headless.sh SAHIFA SOURCE_ROOT - the window asleep where SDL
# 2.26 would poll for input every millisecond (its offscreen driver, as its
# kmsdrm one on a Pi without a desktop): the app's own wait (poll() on SDL's
# input devices and an eventfd), through the real program.
#  1. the library, idle: no wake-up in 2 s (the context switches of all the
#     app's threads);
#  2. an article copied into the library folder: the watch's thread wakes
#     the wait, the library is read again (SAHIFA_TRACE_LIBRARY), and then
#     no wake-up again;
#  3. SIGTERM ends it at once, exit 0, its --stats counting a handful of
#     wake-ups (the one reading, the quit), not thousands;
#  4. the reader on an article, idle once its work ahead and its position's
#     save are done.
set -u
sahifa=$1
src=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export SAHIFA_TRACE_LIBRARY=1
mkdir -p "$tmp/assets" "$tmp/lib/news"
export SAHIFA_ASSETS_DIR=$tmp/assets
cp "$src/assets/articles/guide-ar.txt" "$tmp/lib/news/guide.txt"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

switches() {
    cat /proc/"$pid"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }
# settle: until no CPU time is spent for 0.5 s, 15 s at most.
settle() {
    before=$(cpu)
    for _ in $(seq 30); do
        sleep 0.5
        now=$(cpu)
        [ "$now" = "$before" ] && return 0
        before=$now
    done
}
idle() {
    settle
    s0=$(switches)
    sleep 2
    s1=$(switches)
    [ "$s0" = "$s1" ] && ok "idle $1: 0 wake-ups in 2 s" ||
        fail "idle $1: $((s1 - s0)) context switches in 2 s"
}
readings() { grep -c "library read again" "$tmp/stderr"; }

# 1-3. The library.
"$sahifa" --headless --stats --library "$tmp/lib" 2>"$tmp/stderr" &
pid=$!
idle "in the library"
cp "$src/assets/articles/seed-article-ar.txt" "$tmp/lib/news/seed.txt"
for _ in $(seq 50); do
    [ "$(readings)" -ge 1 ] && break
    sleep 0.1
done
grep "library read again" "$tmp/stderr" | grep -q ": 2 articles" &&
    ok "an article copied in wakes the wait: $(grep 'read again' "$tmp/stderr")" ||
    fail "no reading after the copy: $(cat "$tmp/stderr")"
idle "after the reading"
t0=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$rc" = 0 ] && [ "$ms" -lt 3000 ] && ok "SIGTERM: exit 0 in $ms ms" ||
    fail "SIGTERM: exit $rc after $ms ms"
n=$(sed -n 's/.*stats: \([0-9]*\) wake-ups.*/\1/p' "$tmp/stderr")
[ -n "$n" ] && [ "$n" -lt 50 ] && ok "$n wake-ups in all (--stats)" ||
    fail "--stats counts ${n:-no} wake-ups: $(grep stats "$tmp/stderr")"

# 4. The reader.
"$sahifa" --headless --state-dir "$tmp/s" "$src/assets/articles/seed-article-ar.txt" \
    2>"$tmp/stderr" &
pid=$!
settle
sleep 5.5 # the reading position's save, if one is due (coalesced for 5 s)
idle "in the reader"
kill -TERM "$pid"
wait "$pid"

echo "test-idle-headless: $failures failed"
[ "$failures" = 0 ]
