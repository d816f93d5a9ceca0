#!/bin/sh
# test-rotate-screenshot.sh SAHIFA SOURCE_ROOT - a screenshot is
# the page as the reader sees it (logical), whatever --rotate says: on an
# 800x480 panel, --rotate 90 and 270 give the very pixels of a 480x800
# screen, --rotate 180 those of the unturned 800x480 one; for the seed
# article and for the library screen; `rotate = 90` in sahifa.ini is
# --rotate 90; so is the headless fallback's sahifa-screen.png (no display).
# Pixels are compared decoded (ImageMagick compare -metric AE: the number of
# pixels that differ), and the sizes with identify. In a cross build meson
# test sets MESON_EXE_WRAPPER (qemu-user, with its arguments), which runs
# SAHIFA. Skips (77) without ImageMagick.
set -u
sahifa="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" # absolute: one run is from $tmp
src=$2
wrap=${MESON_EXE_WRAPPER:-} # split into words on use: "qemu-arm-static -L DIR"
for tool in compare identify; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "SKIP: $tool not installed (ImageMagick; .ci/deps.sh installs it)"
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-rotate-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
seed=$src/assets/articles/seed-article-ar.txt
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# shot NAME [OPTION]...: a screenshot with a state dir of its own (page 1).
shot() {
    name=$1
    shift
    $wrap "$sahifa" --state-dir "$tmp/st-$name" --screenshot "$tmp/$name.png" "$@" ||
        fail "$name: sahifa exited $?"
}
# same A B WHAT: A and B are the same size and no pixel differs.
same() {
    sa=$(identify -format '%wx%h' "$tmp/$1.png" 2>&1) sb=$(identify -format '%wx%h' "$tmp/$2.png" 2>&1)
    ae=$(compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>&1)
    if [ "$sa" = "$sb" ] && [ "$ae" = 0 ]; then
        ok "$3 ($sa, 0 pixels differ)"
    else
        fail "$3: $1 is $sa, $2 is $sb, pixels differing: $ae"
    fi
}

for what in article library; do
    if [ $what = article ]; then set -- "$seed"; else set --; fi
    shot "$what-portrait" --width 480 --height 800 "$@"
    shot "$what-landscape" --width 800 --height 480 "$@"
    shot "$what-r90" --width 800 --height 480 --rotate 90 "$@"
    shot "$what-r270" --width 800 --height 480 --rotate 270 "$@"
    shot "$what-r180" --width 800 --height 480 --rotate 180 "$@"
    shot "$what-r0" --rotate 0 "$@"
    same "$what-r90" "$what-portrait" "$what: --rotate 90 on 800x480 is the 480x800 screen"
    same "$what-r270" "$what-portrait" "$what: --rotate 270 likewise"
    same "$what-r180" "$what-landscape" "$what: --rotate 180 is the unturned screen"
    same "$what-r0" "$what-landscape" "$what: --rotate 0 changes nothing"
done

# sahifa.ini's rotate = 90, and --rotate on the command line winning over it.
mkdir -p "$tmp/config/sahifa"
printf 'rotate = 90\n' >"$tmp/config/sahifa/sahifa.ini"
shot ini90 "$seed"
same ini90 article-portrait "sahifa.ini: rotate = 90"
shot ini-cli0 --rotate 0 "$seed"
same ini-cli0 article-landscape "--rotate 0 wins over sahifa.ini"
printf 'rotate = 45\n' >"$tmp/config/sahifa/sahifa.ini"
shot ini45 "$seed" 2>"$tmp/ini45.err"
if grep -q "rotate = 45" "$tmp/ini45.err"; then
    same ini45 article-landscape "sahifa.ini: rotate = 45 named and ignored"
else
    fail "rotate = 45 not reported: $(cat "$tmp/ini45.err")"
fi
rm "$tmp/config/sahifa/sahifa.ini"

# Bad values on the command line: usage error (2), no image.
for bad in 45 -90 360 ""; do
    $wrap "$sahifa" --rotate "$bad" --screenshot "$tmp/bad.png" "$seed" 2>"$tmp/bad.err"
    rc=$?
    if [ "$rc" = 2 ] && [ ! -e "$tmp/bad.png" ] && grep -q -- "--rotate" "$tmp/bad.err"; then
        ok "--rotate '$bad' refused"
    else
        fail "--rotate '$bad': exit $rc"
    fi
done

# No display: the headless fallback writes what --screenshot does (logical).
(cd "$tmp" && env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 60 $wrap "$sahifa" \
    --state-dir "$tmp/st-nodisp" --rotate 90 "$seed" 2>"$tmp/nodisp.err")
rc=$?
if [ "$rc" = 0 ] && [ -f "$tmp/sahifa-screen.png" ]; then
    mv "$tmp/sahifa-screen.png" "$tmp/nodisp.png"
    same nodisp article-portrait "no display, --rotate 90: sahifa-screen.png is the page as read"
else
    fail "no display: exit $rc: $(cat "$tmp/nodisp.err")"
fi

echo "test-rotate-screenshot: $failures failed"
[ "$failures" = 0 ]
