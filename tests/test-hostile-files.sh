#!/bin/sh
# test-hostile-files.sh SAHIFA - what a card or a USB stick may hold, through
# the real program (--list, --import, --screenshot), each run under timeout
# so that a hang fails instead of blocking:
#  - FIFOs and devices where a bundle.ini, an article, sahifa.ini or the
#    font memo should be (the one safe opener: non-blocking, regular files
#    only);
#  - symbolic links to files, devices, folders, loops and nothing, inside and
#    out of the folder (followed only while they stay inside);
#  - 100 links to one folder (read once), the library's total cap, an import
#    of more than the 20,000 articles a bundle holds (refused whole);
#  - INI lines longer than inih's buffer (refused whole, at their line);
#  - control characters in names (escaped on the terminal);
#  - dates that do not exist (2025-02-29 in front matter, a bookmark
#    created 2025-02-31).
# In a cross build meson test sets MESON_EXE_WRAPPER (qemu-user).
set -u
sahifa="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
wrap=${MESON_EXE_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-hostile-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" \
    XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
# An empty assets dir: the counts below are the test's articles only.
mkdir -p "$tmp/assets" "$HOME"
export SAHIFA_ASSETS_DIR="$tmp/assets"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# run NAME [OPTION]...: sahifa with a time limit; stdout in $tmp/NAME.out,
# stderr in $tmp/NAME.err, the exit status in $rc (124: it hung).
run() {
    name=$1
    shift
    timeout 60 $wrap "$sahifa" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    rc=$?
    [ "$rc" = 124 ] && fail "$name: still running after 60 s (a hang)"
}
# has NAME FILE TEXT: FILE (out or err) of run NAME holds TEXT.
has() { grep -q -- "$3" "$tmp/$1.$2"; }
# article FILE TITLE: a small article whose body is unique to FILE.
article() { printf '%s\n\nThe body of %s.\n' "$2" "$1" >"$1"; }
# articles: the number --list's last line gives.
articles() { tail -n 1 "$tmp/$1.out" | sed -n 's/^\([0-9]*\) article.*/\1/p'; }

# ---- FIFOs and devices: refused without blocking ------------------------
f=$tmp/fifo
mkdir "$f"
article "$f/a.txt" "Fifo bundle"
mkfifo "$f/bundle.ini" "$f/b.txt"
run fifo-list --library "$f" --list
if [ "$rc" = 0 ] && [ "$(articles fifo-list)" = 1 ] && has fifo-list err "bundle.ini: not a regular file" &&
    has fifo-list err "b.txt: not a regular file"; then
    ok "FIFO bundle.ini and article: named, the rest listed"
else
    fail "FIFO bundle.ini: exit $rc, $(cat "$tmp/fifo-list.err")"
fi
run fifo-import --import "$f"
if [ "$rc" = 1 ] && has fifo-import err "b.txt: cannot copy: not a regular file" &&
    has fifo-import err "bundle.ini: cannot copy: not a regular file" &&
    has fifo-import err "2 files cannot be copied; nothing imported" &&
    [ ! -e "$XDG_DATA_HOME/sahifa/bundles/fifo" ]; then
    ok "--import of a bundle with FIFOs: refused, nothing imported"
else
    fail "--import with FIFOs: exit $rc, $(cat "$tmp/fifo-import.err")"
fi
mkdir -p "$XDG_CONFIG_HOME/sahifa"
mkfifo "$XDG_CONFIG_HOME/sahifa/sahifa.ini"
run fifo-ini --library "$f" --list
if [ "$rc" = 0 ] && has fifo-ini err "sahifa.ini: cannot read: not a regular file"; then
    ok "FIFO sahifa.ini: named and ignored"
else
    fail "FIFO sahifa.ini: exit $rc, $(cat "$tmp/fifo-ini.err")"
fi
rm "$XDG_CONFIG_HOME/sahifa/sahifa.ini"
# The font memo is in the state dir, which a user (or a stick's script) can
# fill: a FIFO as the memo and as its temporary must not hang the start.
memo=$tmp/memo-state
mkdir -p "$memo"
mkfifo "$memo/fonts.memo" "$memo/fonts.memo.new"
printf 'T\n\nBody.\n' >"$tmp/memo.txt"
# The app's own assets (its UI strings) for the screenshot.
unset SAHIFA_ASSETS_DIR
run fifo-memo --state-dir "$memo" --screenshot "$tmp/memo.png" "$tmp/memo.txt"
export SAHIFA_ASSETS_DIR="$tmp/assets"
if [ "$rc" = 0 ] && [ -s "$tmp/memo.png" ] &&
    has fifo-memo err "fonts.memo: font memo not read: not a regular file"; then
    ok "FIFO font memo (and its temporary): named, the page drawn"
else
    fail "FIFO font memo: exit $rc, $(cat "$tmp/fifo-memo.err")"
fi

# ---- links: followed only while they stay inside ------------------------
secret=$tmp/secret.txt
article "$secret" "SECRET-TITLE"
b=$tmp/links
mkdir "$b" "$b/sub"
article "$b/a.txt" "Plain"
article "$b/sub/s.txt" "In a subfolder"
ln -s a.txt "$b/same.txt"         # inside: a duplicate of a.txt
ln -s sub/s.txt "$b/deeper.txt"   # inside, one folder down
ln -s "$secret" "$b/secret.txt"   # out of the folder, to a file
ln -s ../secret.txt "$b/dotdot.txt"
ln -s /dev/zero "$b/zero.txt"     # a device
ln -s sub "$b/folder.txt"         # a folder
ln -s loop.txt "$b/loop.txt"      # a loop
ln -s nothing.txt "$b/dangling.txt"
run links-list --library "$b" --list
if [ "$rc" = 0 ] && [ "$(articles links-list)" = 2 ] && has links-list out "duplicate files" &&
    has links-list out "deeper.txt" && ! has links-list out "SECRET" &&
    has links-list err "secret.txt: a link out of its folder" &&
    has links-list err "dotdot.txt: a link out of its folder" &&
    has links-list err "zero.txt: a link out of its folder" &&
    has links-list err "folder.txt: not a regular file" &&
    has links-list err "loop.txt: Too many levels" &&
    has links-list err "dangling.txt: a link to nothing"; then
    ok "--list: links inside followed; out, device, folder, loop, dangling named"
else
    fail "--list links: exit $rc, $(cat "$tmp/links-list.out" "$tmp/links-list.err")"
fi
run links-import --import "$b"
if [ "$rc" = 1 ] && has links-import err "secret.txt: cannot copy: a link out of its folder" &&
    has links-import err "zero.txt: cannot copy: a link out of its folder" &&
    has links-import err "dangling.txt: cannot copy: a link to nothing" &&
    has links-import err "6 files cannot be copied; nothing imported" &&
    [ ! -e "$XDG_DATA_HOME/sahifa/bundles/links" ] &&
    ! grep -rqs SECRET "$XDG_DATA_HOME"; then
    ok "--import of a bundle linking out: refused, nothing copied"
else
    fail "--import links: exit $rc, $(cat "$tmp/links-import.err")"
fi
# Only links that stay inside: imported, as the files they lead to.
rm "$b/secret.txt" "$b/dotdot.txt" "$b/zero.txt" "$b/folder.txt" "$b/loop.txt" "$b/dangling.txt"
run links-import2 --import "$b"
copy=$XDG_DATA_HOME/sahifa/bundles/links
if [ "$rc" = 0 ] && [ -f "$copy/same.txt" ] && [ ! -L "$copy/same.txt" ] &&
    cmp -s "$copy/deeper.txt" "$b/sub/s.txt"; then
    ok "--import of links inside the bundle: copied as files"
else
    fail "--import inside links: exit $rc, $(cat "$tmp/links-import2.err")"
fi
rm -rf "$XDG_DATA_HOME/sahifa/bundles"

# Bundle folders under a root: a link out is not followed; 100 links to one
# folder read it once.
lib=$tmp/lib
outside=$tmp/outside
mkdir -p "$lib/real" "$outside"
for i in 1 2 3 4 5; do article "$lib/real/$i.txt" "Real $i"; done
article "$outside/o.txt" "OUTSIDE-TITLE"
ln -s "$outside" "$lib/away"
ln -s nowhere "$lib/broken"
i=0
while [ $i -lt 100 ]; do
    ln -s real "$lib/l$i"
    i=$((i + 1))
done
run root-links --library "$lib" --list
if [ "$rc" = 0 ] && [ "$(articles root-links)" = 5 ] && ! has root-links out "duplicate" &&
    ! has root-links out "OUTSIDE" && has root-links err "away: a link out of its folder" &&
    has root-links err "broken: a link to nothing"; then
    ok "a root: 100 links to one folder read once; a link out named, not followed"
else
    fail "root links: exit $rc, $(cat "$tmp/root-links.out" "$tmp/root-links.err")"
fi

# ---- caps -----------------------------------------------------------------
# More than a bundle holds: an import is refused whole, not cut.
# many DIR TAG: 20,001 small articles in DIR, unique to TAG (one process).
many() {
    mkdir "$1"
    awk -v d="$1" -v t="$2" 'BEGIN { for (i = 0; i <= 20000; i++) {
        f = d "/" i ".txt"; printf "T%s%d\n\nB%s%d\n", t, i, t, i > f; close(f) } }'
}
big=$tmp/big
many "$big" a
run big-import --import "$big"
if [ "$rc" = 1 ] && has big-import err "more than 20000 articles; not imported" &&
    [ ! -e "$XDG_DATA_HOME/sahifa/bundles/big" ]; then
    ok "--import of 20,001 articles: refused whole (exit 1)"
else
    fail "--import of 20,001 articles: exit $rc, $(cat "$tmp/big-import.err")"
fi
# The library's total: 50,000 articles (three folders of 20,001 names).
total=$tmp/total
mkdir "$total"
mv "$big" "$total/a"
many "$total/b" b
many "$total/c" c
run total --library "$total" --list
if [ "$rc" = 0 ] && [ "$(articles total)" = 50000 ] &&
    has total err "c: more than 50000 articles in the library"; then
    ok "the library stops at 50,000 articles, naming the folder"
else
    fail "total cap: exit $rc, $(articles total) articles, $(grep -v 'more than 20000' "$tmp/total.err")"
fi
rm -rf "$total"

# ---- INI lines longer than inih's buffer ------------------------------------
# 97 Arabic letters: a 201-byte line 2, refused whole at line 2.
n=$tmp/name
mkdir "$n"
article "$n/a.txt" "Named"
letters() {
    s=
    k=0
    while [ $k -lt "$1" ]; do
        s="$s$(printf '\330\250')"
        k=$((k + 1))
    done
    printf '%s' "$s"
}
printf '[bundle]\nname = %s\nsort = title\n' "$(letters 97)" >"$n/bundle.ini"
run long-name --library "$n" --list
if [ "$rc" = 0 ] && has long-name err "bundle.ini:2: line longer than 198 bytes; using the defaults"; then
    ok "bundle.ini: a 201-byte name line refused whole, at line 2"
else
    fail "long name: exit $rc, $(cat "$tmp/long-name.err")"
fi
# 198 bytes: read whole ("name = " and 95 letters and "x").
printf '[bundle]\nname = %sx\n' "$(letters 95)" >"$n/bundle.ini"
run name-198 --library "$n" --list
if [ "$rc" = 0 ] && ! has name-198 err "bundle.ini" && has name-198 out "$(letters 14)"; then
    ok "bundle.ini: a 198-byte line read whole"
else
    fail "198-byte line: exit $rc, $(cat "$tmp/name-198.out" "$tmp/name-198.err")"
fi
# sahifa.ini: `lang = en`, 190 spaces, `height = 100` on one line is not a
# height: the screen stays 800x480.
spaces=$(printf '%190s' '')
printf 'lang = en%sheight = 100\n' "$spaces" >"$XDG_CONFIG_HOME/sahifa/sahifa.ini"
unset SAHIFA_ASSETS_DIR # the screen needs the UI strings
run long-ini --state-dir "$tmp/st-ini" --screenshot "$tmp/ini.png" "$n/a.txt"
export SAHIFA_ASSETS_DIR="$tmp/assets"
size=$(od -An -tu1 -j16 -N8 "$tmp/ini.png" 2>/dev/null | awk '{print $3*256+$4 "x" $7*256+$8}')
if [ "$rc" = 0 ] && [ "$size" = 800x480 ] &&
    has long-ini err "sahifa.ini:1: line longer than 198 bytes (ignored)"; then
    ok "sahifa.ini: a 209-byte line refused whole; the screen stays 800x480"
else
    fail "long sahifa.ini line: exit $rc, size $size, $(cat "$tmp/long-ini.err")"
fi
rm "$XDG_CONFIG_HOME/sahifa/sahifa.ini"

# ---- control characters in names: escaped ---------------------------------
esc=$(printf '\033')
c="$tmp/c${esc}]0;pwned$(printf '\007')"
mkdir "$c"
printf 'Escaped\n\nA body.\n' >"$c/a${esc}[2J.txt"
printf 'Not\001text\n' >"$c/bad${esc}[31m.txt"
run ctrl --library "$c" --list
if [ "$rc" = 0 ] && ! grep -q "$esc" "$tmp/ctrl.out" "$tmp/ctrl.err" &&
    has ctrl out 'a\\x1B\[2J.txt' && has ctrl err 'bad\\x1B\[31m.txt'; then
    ok "control characters in names: escaped in --list and in messages"
else
    fail "control characters: exit $rc, $(od -c "$tmp/ctrl.out" | head -20)"
fi

# ---- dates that do not exist ------------------------------------------------
d=$tmp/dates
mkdir "$d"
printf -- '---\ntitle: Leap\ndate: 2024-02-29\n---\nBody one.\n' >"$d/leap.txt"
printf -- '---\ntitle: Not leap\ndate: 2025-02-29\n---\nBody two.\n' >"$d/noleap.txt"
printf -- '---\ntitle: Thirty-first\ndate: 2025-02-31\n---\nBody three.\n' >"$d/feb31.txt"
run dates --library "$d" --list
if [ "$rc" = 0 ] && has dates out "2024-02-29" && ! has dates out "2025-02-29" &&
    ! has dates out "2025-02-31" && has dates err 'date "2025-02-29" is not valid' &&
    has dates err 'date "2025-02-31" is not valid'; then
    ok "front matter dates: 2024-02-29 kept, 2025-02-29 and 2025-02-31 refused"
else
    fail "dates: exit $rc, $(cat "$tmp/dates.out" "$tmp/dates.err")"
fi

# A bookmark's created time: 2025-02-31 is refused (timegm() made it
# 2025-03-03), 2024-02-29 kept.
h=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
{
    echo '{"format":"sahifa-bookmarks","version":1}'
    echo '{"article":"'$h'","offset":1,"snippet":"x","created":"2025-02-31T12:00:00Z"}'
    echo '{"article":"'$h'","offset":2,"snippet":"y","created":"2024-02-29T12:00:00Z"}'
} >"$tmp/bm.jsonl"
run bm-import --state-dir "$tmp/st-bm" --import-bookmarks "$tmp/bm.jsonl"
run bm-export --state-dir "$tmp/st-bm" --export-bookmarks -
if has bm-import out "1 bookmark added, 0 already there, 1 rejected" &&
    has bm-import err "bm.jsonl:2: skipped" && has bm-export out '"created":"2024-02-29T12:00:00Z"' &&
    ! has bm-export out '2025-03-03'; then
    ok "bookmark created 2025-02-31: rejected, not stored as 2025-03-03"
else
    fail "created: $(cat "$tmp/bm-import.out" "$tmp/bm-import.err" "$tmp/bm-export.out")"
fi

echo "test-hostile-files: $failures failed"
[ "$failures" = 0 ]
