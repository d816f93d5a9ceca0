#!/bin/sh
# test-long-count.sh SAHIFA SOURCE_ROOT - an 8 MB article in a real X
# window (Xvfb, xdotool, ImageMagick): it opens on its headline, and a key
# pressed while its thousands of pages are still being counted (idle work,
# a page a step) turns the page at once: the window shows a new page while
# the app is still busy counting, rather than after the whole count.
# Skips (77) without xvfb-run, xdotool, ImageMagick or python3.
set -u
sahifa=$1
src=$2

xlib_tools="python3"
. "$src/tests/xlib.sh"

# 480 copies of the seed, each line ending in its copy's number, so that
# the parser hides none of them as repeats: about 8.4 MB, thousands of pages.
python3 - "$src/assets/articles/seed-article-ar.txt" "$tmp/long.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for k in range(1, 481):
        f.write("\n".join(l + f" ({k})" if l.strip() else l for l in lines) + "\n")
PY
size=$(wc -c <"$tmp/long.txt")
[ "$size" -gt 8000000 ] && [ "$size" -le 8388608 ] || { fail "the article is $size bytes"; exit 1; }

# CPU time (utime + stime, clock ticks) of the app.
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }

"$sahifa" --width 800 --height 480 "$tmp/long.txt" 2>"$tmp/stderr" &
pid=$!
window "$tmp/stderr"
sleep 0.5
import -window "$wid" "$tmp/page1.png" || fail "import page1"
# The headline at the top right: ink in the top band, up to the margin.
right=$(convert "$tmp/page1.png" -crop 800x70+0+0 +repage -fuzz 30% -trim -format '%w %X' info: |
    awk '{ sub(/^\+/, "", $2); print $1 + $2 }')
[ "${right:-0}" -ge 770 ] && [ "${right:-0}" -le 780 ] &&
    ok "opens on its headline (right edge x=$right)" || fail "page 1's headline edge at x=$right"

# Left is forward in Arabic. The page area (above the status bar) must
# change within a second, and the app must still be counting after it.
xdotool key Left
sleep 1
import -window "$wid" "$tmp/page2.png" || fail "import page2"
c1=$(cpu)
sleep 0.5
c2=$(cpu)
convert "$tmp/page1.png" -crop 800x420+0+0 +repage "$tmp/a.png"
convert "$tmp/page2.png" -crop 800x420+0+0 +repage "$tmp/b.png"
diff=$(compare -metric AE "$tmp/a.png" "$tmp/b.png" null: 2>&1 | cut -d' ' -f1)
[ "${diff:-0}" -gt 1000 ] && ok "Left turned the page ($diff pixels)" ||
    fail "Left did not turn the page within 1 s (${diff:-?} pixels differ)"
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -gt "$c1" ]; then
    ok "the count was still going when the key was answered"
else
    echo "note: the count had ended before the key was answered (a fast machine): not a failure"
fi

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] && ok "exit 0 on SIGTERM" || fail "exit $rc on SIGTERM: $(cat "$tmp/stderr")"
echo "test-long-count: $failures failures"
[ "$failures" = 0 ]
