# tests/xlib.sh - the frame of the tests that drive the reader in a real X
# window (Xvfb, xdotool, ImageMagick). Sourced after `set -u` and the
# test's $sahifa and $src, with $xlib_tools naming any tool it needs
# beyond these:
#
#   xlib_tools="python3"
#   . "$src/tests/xlib.sh"
#
# It skips the test (77) when a tool is missing; runs the test again under
# xvfb-run on an 800x480 screen; makes $tmp, removed at exit with the app
# ($pid) killed if it still runs; points every XDG folder into $tmp (no
# cache, state or configuration of the user's is read or written) and SDL
# at X11; and gives fail/ok (counted in $failures), shot, differ,
# like_ref and app_state. A test with its own kind of picture defines its
# own shot() after this.

for tool in xvfb-run xdotool import compare convert ${xlib_tools:-}; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool not installed (.ci/deps.sh installs it)"
        exit 77
    fi
done
if [ -z "${SAHIFA_IN_XVFB:-}" ]; then
    SAHIFA_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 800x480x24" "$0" "$@"
fi

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
export SDL_VIDEODRIVER=x11
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# window ERRFILE: the app's ($pid) window in $wid, activated for keys; with
# none, the test fails with the app's stderr (ERRFILE) and stops.
window() {
    wid=$(xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1)
    if [ -z "$wid" ]; then
        fail "no window (stderr: $(cat "$1"))"
        exit 1
    fi
    xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid"
}

# app_state: the app's scheduling state and CPU time (/proc/PID/stat's
# state and utime + stime).
app_state() { awk '{ print $3, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }

# shot NAME: the window ($wid) as $tmp/NAME.png, once the app has settled:
# pictures alike 0.25 s apart for three steps in a row, with the app asleep
# at each moment and no CPU time spent between them. The pictures alone are
# not enough: the page count is found while idle, and on a loaded machine
# (CPU or disk) the app stood still for over 0.25 s while the status bar
# still said "page 1 of ...". One quiet step is not enough either: with the
# machine loaded, the app can sit in a round trip to a starved X server
# (asleep, no CPU, the picture unchanged) between two steps of its idle
# work. SAHIFA_GUI_SHOTS=DIR keeps a copy of every picture.
shot() {
    sleep 0.3
    import -window "$wid" "$tmp/$1.png" || fail "import $1"
    local before now settled=no quiet=0
    before=$(app_state)
    for _ in $(seq 60); do
        sleep 0.25
        import -window "$wid" "$tmp/settle.png" || break
        now=$(app_state)
        if [ "$(compare -metric AE "$tmp/$1.png" "$tmp/settle.png" null: 2>&1 | cut -d' ' -f1)" = 0 ] &&
            [ "$now" = "$before" ] && [ "${now%% *}" = S ]; then
            quiet=$((quiet + 1))
            if [ $quiet -ge 3 ]; then
                settled=yes
                break
            fi
        else
            quiet=0
        fi
        mv "$tmp/settle.png" "$tmp/$1.png"
        before=$now
    done
    [ "$settled" = yes ] || echo "note: $1 taken before the app settled (15 s)"
    if [ -n "${SAHIFA_GUI_SHOTS:-}" ]; then
        mkdir -p "$SAHIFA_GUI_SHOTS" && cp "$tmp/$1.png" "$SAHIFA_GUI_SHOTS/"
    fi
}

# differ A B [GEOMETRY]: how many pixels of $tmp/A.png and $tmp/B.png
# differ (in a crop, if given).
differ() {
    if [ -n "${3:-}" ]; then
        convert "$tmp/$1.png" -crop "$3" +repage "$tmp/c1.png"
        convert "$tmp/$2.png" -crop "$3" +repage "$tmp/c2.png"
        compare -metric AE "$tmp/c1.png" "$tmp/c2.png" null: 2>&1 | cut -d' ' -f1
    else
        compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>&1 | cut -d' ' -f1
    fi
}

# like_ref NAME REF: at most 1% of the pixels of $tmp/NAME.png differ by
# more than 10% from the reviewed reference $ref/REF (fonts' hinting may
# move an edge, not a word); the caller sets $ref.
like_ref() {
    n=$(compare -metric AE -fuzz 10% "$tmp/$1.png" "$ref/$2" null: 2>&1 | cut -d' ' -f1)
    if [ "${n%.*}" -le 3840 ] 2>/dev/null; then
        ok "$1 looks like $2 ($n pixels differ)"
    else
        fail "$1 differs from $2 in $n pixels (SAHIFA_GUI_SHOTS=DIR keeps it)"
    fi
}
