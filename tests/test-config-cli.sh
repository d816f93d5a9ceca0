#!/bin/sh
# test-config-cli.sh SAHIFA SOURCE_ROOT - sahifa.ini through the real program:
# an option that runs once and exits (list, import, screenshot,
# export-bookmarks, import-bookmarks, help) or the tests' headless, written
# in the file, is refused with one line naming the file, the line and the
# name; the settings around it still apply, and the app starts as it would
# without it: a screenshot of the library is written at the file's size, and
# a headless kiosk is still running seconds later (before, such a line made
# every start do its action and exit 0: a kiosk unit restarted every 5 s).
# In a cross build meson test sets MESON_EXE_WRAPPER, which runs SAHIFA.
set -u
sahifa=$1
wrap=${MESON_EXE_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-config-cli-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$tmp/config/sahifa"
ini=$tmp/config/sahifa/sahifa.ini
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# png_size FILE: "WxH" from the PNG's IHDR (bytes 16-23, big-endian).
png_size() {
    od -An -tu1 -j16 -N8 "$1" 2>/dev/null |
        awk '{ printf "%dx%d", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

printf 'T\nx\n' >"$tmp/bm-in.txt"
for kv in "list = true" "import = $tmp" "screenshot = $tmp/from-ini.png" \
    "export-bookmarks = $tmp/exported.jsonl" "import-bookmarks = $tmp/bm-in.txt" \
    "help = yes" "headless = 1"; do
    key=${kv%% =*}
    printf 'width = 640\n%s\nheight = 400\n' "$kv" >"$ini"
    rm -f "$tmp/shot.png"
    $wrap "$sahifa" --screenshot "$tmp/shot.png" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    want="$ini:2: '$key' is for the command line only (ignored)"
    size=$(png_size "$tmp/shot.png")
    if [ $rc != 0 ]; then
        fail "$key in sahifa.ini: exit $rc: $(cat "$tmp/err")"
    elif [ "$size" != 640x400 ]; then
        fail "$key in sahifa.ini: screenshot is '$size', expected 640x400 (the file's size)"
    elif [ "$(grep -c "sahifa.ini" "$tmp/err")" != 1 ] || ! grep -qxF "sahifa: $want" "$tmp/err"; then
        fail "$key in sahifa.ini: expected the one line 'sahifa: $want', got: $(cat "$tmp/err")"
    elif [ -s "$tmp/out" ] || [ -e "$tmp/from-ini.png" ] || [ -e "$tmp/exported.jsonl" ] ||
        [ -d "$tmp/data/sahifa/bundles" ]; then
        fail "$key in sahifa.ini: its action ran (stdout: $(head -c 200 "$tmp/out"))"
    else
        ok "$key in sahifa.ini: refused on line 2 with one message, a 640x400 screenshot"
    fi
done

# The real start: no action on the command line, the window on SDL's
# offscreen driver; it must still be running after 3 s, and SIGTERM ends it
# with 0 (the place saved).
printf 'list = true\nexport-bookmarks = %s/exported.jsonl\nscreenshot = %s/from-ini.png\nkiosk = true\n' \
    "$tmp" "$tmp" >"$ini"
$wrap "$sahifa" --headless >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 3
if kill -0 $pid 2>/dev/null; then
    kill -TERM $pid
    wait $pid
    rc=$?
    n=$(grep -c "is for the command line only" "$tmp/err")
    if [ $rc = 0 ] && [ "$n" = 3 ] && [ ! -s "$tmp/out" ]; then
        ok "a headless start with list, export-bookmarks and screenshot in sahifa.ini runs until SIGTERM (exit 0, 3 lines refused)"
    else
        fail "headless start: exit $rc, $n refusals (expected 0 and 3): $(cat "$tmp/err")"
    fi
else
    wait $pid
    fail "headless start with actions in sahifa.ini ended by itself (exit $?): $(head -c 300 "$tmp/out") $(cat "$tmp/err")"
fi

[ $failures = 0 ] || exit 1
echo "config-cli: all passed"
