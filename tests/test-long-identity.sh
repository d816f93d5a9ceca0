#!/bin/sh
# test-long-identity.sh SAHIFA SQLQ SOURCE_ROOT - a long article opened as a
# FILE (no library: its identity is found after page 1, in idle steps) keeps
# what the reader saves, under the right key, read back through SQLite
# itself (SQLQ, tests/sqlq.c):
#  1. pages turned at once and a bookmark (B) before the app ends: the store
#     holds the bookmark and the place under the SHA-256 of the normalised
#     text (computed here, apart from the app), and nothing under any other
#     key (none under "", none under a half-computed hash);
#  2. opened again, the window shows the page the reader left (the same
#     pixels above the status bar), not page 1.
# Skips (77) without xvfb-run, xdotool, ImageMagick or python3.
set -u
sahifa=$1
sqlq=$2
src=$3
wrap=${MESON_EXE_WRAPPER:-}

xlib_tools="python3"
. "$src/tests/xlib.sh"
q() { $wrap "$sqlq" "$@"; }

# 200 distinct copies of the seed (3.5 MB: far past what is hashed at the
# open), and its identity as article.h defines it: BOM dropped, lines
# trimmed of spaces, tabs and U+00A0, blank ones dropped, joined by LF.
want=$(python3 "$src/tests/long_article.py" "$src/assets/articles/seed-article-ar.txt" "$tmp/long.txt" 200)
[ ${#want} = 64 ] || { fail "no identity computed here"; exit 1; }

# run NAME: the app on the article; its window in $wid.
run() {
    "$sahifa" --width 800 --height 480 "$tmp/long.txt" 2>"$tmp/$1.err" &
    pid=$!
    window "$tmp/$1.err"
}
stop() {
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    pid=
    [ "$rc" = 0 ] || fail "exit $rc on SIGTERM: $(cat "$tmp/$1.err")"
}
# The top of the page area (above where the "bookmark added" toast shows).
grab() {
    import -window "$wid" "$tmp/$1-full.png" &&
        convert "$tmp/$1-full.png" -crop 800x300+0+0 +repage "$tmp/$1.png"
}

# 1. Three pages forward at once (Left is forward in Arabic), then B.
run first
grab page1
xdotool key Left Left Left
sleep 1
xdotool key b
sleep 0.5
grab left
stop first
db=$tmp/state/sahifa/sahifa.sqlite
[ -f "$db" ] || { fail "no store at $db"; exit 1; }
[ "$(q "$db" "PRAGMA integrity_check")" = ok ] && ok "integrity_check" || fail "integrity_check"
n=$(q "$db" "SELECT count(*) FROM bookmarks WHERE hash = '$want'")
[ "$n" = 1 ] && ok "the bookmark is under the text's identity" ||
    fail "$n bookmarks under $want; all: $(q "$db" "SELECT hash, byte_offset FROM bookmarks")"
off=$(q "$db" "SELECT byte_offset FROM positions WHERE hash = '$want'")
[ "${off:-0}" -gt 0 ] && ok "the place is saved under it (byte $off)" ||
    fail "no place past page 1 under $want: $(q "$db" "SELECT hash, byte_offset FROM positions")"
other=$(q "$db" "SELECT count(*) FROM (SELECT hash FROM articles UNION ALL SELECT hash FROM positions
    UNION ALL SELECT hash FROM bookmarks) WHERE hash <> '$want'")
[ "$other" = 0 ] && ok "nothing under another key" ||
    fail "$other rows under other keys: $(q "$db" "SELECT hash FROM articles")"

# 2. Opened again: the page left, once the identity is found.
run second
sleep 1.5
grab again
stop second
d1=$(compare -metric AE "$tmp/left.png" "$tmp/again.png" null: 2>&1 | cut -d' ' -f1)
d0=$(compare -metric AE "$tmp/page1.png" "$tmp/again.png" null: 2>&1 | cut -d' ' -f1)
[ "${d1:-1}" = 0 ] && [ "${d0:-0}" -gt 1000 ] && ok "reopened at the page left" ||
    fail "reopened: ${d1:-?} pixels differ from the page left, ${d0:-?} from page 1"
echo "test-long-identity: $failures failures"
[ "$failures" = 0 ]
