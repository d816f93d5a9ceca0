#!/bin/sh
# test-store-kill.sh SAHIFA SQLQ SOURCE_ROOT - kill -9 of the real program
# while it writes, then the store read back through SQLite itself (SQLQ,
# tests/sqlq.c, which replays the WAL as the next sahifa would):
#  1. `sahifa --import-bookmarks` of 20,000 bookmarks, killed at a random
#     moment of its run: the store passes integrity_check and holds all of
#     the file or none of it; all when "added" was printed before the kill.
#  2. the reader in an X window (Xvfb), turning pages and pressing B as fast
#     as xdotool types, killed at a random moment: every bookmark and every
#     position the app said it had saved (SAHIFA_TRACE_SAVES: one line per
#     change once it is on the disk) is in the store, which passes
#     integrity_check; `sahifa --export-bookmarks` lists them too.
#  3. a disk that fills while the reader runs (a 600 KiB tmpfs in a user and
#     mount namespace, under Xvfb): B on a full disk is refused, the status
#     bar says "Not saving: the disk is full", and once room is made the next
#     bookmark is saved and the notice goes.
# Parts 2 and 3 skip (said so) without xvfb-run, xdotool, ImageMagick or
# user namespaces; the whole runs in about 45 s.
set -u
sahifa=$1
sqlq=$2
src=$3
wrap=${MESON_EXE_WRAPPER:-}
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
ok() { echo "ok: $*"; }
q() { $wrap "$sqlq" "$@"; }
# rand N: a random integer in [0, N).
rand() { echo $(($(od -An -N4 -tu4 /dev/urandom) % $1)); }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# ms_sleep MS
ms_sleep() { sleep "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"; }

# integrity DB WHAT: the store passes SQLite's integrity_check.
integrity() {
    res=$(q "$1" "PRAGMA integrity_check" 2>&1)
    [ "$res" = ok ] || fail "$2: integrity_check says: $res"
}

# ---- 3. the disk fills under the reader (inside unshare -rm and xvfb-run) -
if [ "${4:-}" = --fill ]; then
    tmp=$5
    art=$src/assets/articles/seed-article-ar.txt
    export SDL_VIDEODRIVER=x11 SAHIFA_TRACE_SAVES=1
    disk=$tmp/disk
    mkdir -p "$disk"
    mount -t tmpfs -o size=600k sahifa-test "$disk" || exit 77
    "$sahifa" --lang en --state-dir "$disk/s" "$art" 2>"$tmp/fill.err" &
    pid=$!
    wid=$(xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1)
    [ -n "$wid" ] || {
        echo "FAIL: no window: $(cat "$tmp/fill.err")"
        exit 1
    }
    xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid"
    # step NAME KEYS...: keys, then the window once the app has written.
    step() {
        name=$1
        shift
        xdotool key "$@"
        sleep 1
        import -window "$wid" "$tmp/$name.png"
        convert "$tmp/$name.png" -crop 800x44+0+0 +repage "$tmp/$name-start.png"
    }
    start_differ() { compare -metric AE "$tmp/$1-start.png" "$tmp/$2-start.png" null: 2>&1 | cut -d' ' -f1; }
    step saving b
    dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null
    step full Left b
    rm "$disk/filler"
    step room Left b
    # Back to page 1, as it was drawn before the disk filled: with the
    # notice gone the band is gone and the page is laid out as before.
    step back Home
    kill -TERM "$pid"
    wait "$pid"
    db=$disk/s/sahifa.sqlite
    [ "$(grep -c '^sahifa: saved: bookmark ' "$tmp/fill.err")" = 2 ] &&
        grep -qF "The disk is full: the change was not saved." "$tmp/fill.err" &&
        ok "B on a full disk is refused and logged; before and after, saved" ||
        fail "B on a full disk: $(cat "$tmp/fill.err")"
    [ "$(q "$db" "SELECT count(*) FROM bookmarks")" = 2 ] && ok "the store holds the 2 saved" ||
        fail "the store holds $(q "$db" "SELECT count(*) FROM bookmarks") bookmarks"
    [ "$(start_differ saving full)" -gt 300 ] && ok "the notice band says the disk is full" ||
        fail "no notice band on a full disk"
    [ "$(start_differ saving back)" = 0 ] && ok "once a change is saved again, the notice goes" ||
        fail "the notice stays after room was made"
    exit $failures
fi

# ---- 2. the reader under Xvfb (this script again, inside xvfb-run) -------
if [ "${4:-}" = --in-xvfb ]; then
    tmp=$5
    export SDL_VIDEODRIVER=x11 SAHIFA_TRACE_SAVES=1
    # A long Arabic article (Left turns forward): hundreds of pages. Each
    # paragraph numbered: a line repeated at once is a caption's repeat
    # (docs/article-format.md), shown once.
    mkdir -p "$tmp/lib"
    para="فقرة من نص للاختبار تملأ الصفحة بكلمات عربية كثيرة حتى تنتقل القراءة من صفحة إلى أخرى."
    {
        echo "مقال طويل للاختبار"
        # Long enough (about 570 pages at 800x480) that the driver never
        # reaches the end in 10 s: on the last page B would toggle one
        # bookmark on and off, and a delete committed but killed before it
        # was acknowledged would read as a lost bookmark.
        for i in $(seq 1000); do
            echo "$i. $para $para $para $para $para"
        done
    } >"$tmp/lib/long.txt"
    rounds=4
    marks=0 positions=0
    for r in $(seq $rounds); do
        st=$tmp/app-$r
        "$sahifa" --state-dir "$st" "$tmp/lib/long.txt" 2>"$tmp/app-$r.err" &
        pid=$!
        wid=$(xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1)
        if [ -z "$wid" ]; then
            fail "round $r: no window ($(cat "$tmp/app-$r.err"))"
            kill -9 "$pid" 2>/dev/null
            continue
        fi
        xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid"
        # Pages turn and marks are made as fast as the app takes them; the
        # reading position is written every 5 s (coalesced), bookmarks at once.
        (while :; do xdotool key Left b Left; done) 2>/dev/null &
        driver=$!
        ms_sleep $((3000 + $(rand 7000)))
        kill -9 "$pid"
        kill "$driver"
        wait "$pid" 2>/dev/null
        wait "$driver" 2>/dev/null
        db=$st/sahifa.sqlite
        integrity "$db" "round $r"
        # Every acknowledged bookmark, by id, hash and offset, unless an
        # acknowledged delete took it away after (B on a marked page).
        n=0 missing=0
        while read -r id hash off; do
            n=$((n + 1))
            [ "$(q "$db" "SELECT count(*) FROM bookmarks WHERE id = $id AND hash = '$hash' AND byte_offset = $off")" = 1 ] ||
                missing=$((missing + 1))
        done <<EOF
$(awk '$3 == "bookmark" { kept[$7] = $4 " " $5 }
       $3 == "deleted" { delete kept[$5] }
       END { for (id in kept) print id, kept[id] }' "$tmp/app-$r.err")
EOF
        # The last acknowledged position: there, or one further on (written,
        # killed before it was acknowledged); pages only went forward.
        last=$(grep '^sahifa: saved: position ' "$tmp/app-$r.err" | tail -1)
        p=0
        if [ -n "$last" ]; then
            set -- $last
            p=$(grep -c '^sahifa: saved: position ' "$tmp/app-$r.err")
            have=$(q "$db" "SELECT byte_offset FROM positions WHERE hash = '$4'")
            [ -n "$have" ] && [ "$have" -ge "$5" ] ||
                fail "round $r: the position acknowledged at byte $5 is lost (store: '$have')"
        else
            fail "round $r: no position was acknowledged (the first is written at once)"
        fi
        exported=$($wrap "$sahifa" --state-dir "$st" --export-bookmarks - 2>/dev/null | grep -c '"article"')
        [ "$missing" = 0 ] && [ "$exported" -ge "$n" ] &&
            ok "round $r: killed after $n bookmarks and $p positions acknowledged: all in the store, $exported exported" ||
            fail "round $r: $missing of $n acknowledged bookmarks missing; $exported exported"
        marks=$((marks + n))
        positions=$((positions + p))
    done
    [ "$marks" -ge 10 ] && ok "$marks bookmarks and $positions positions acknowledged over $rounds kills" ||
        fail "only $marks bookmarks acknowledged over $rounds kills: the driver did not reach the app"
    exit $failures
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/xdg/state XDG_DATA_HOME=$tmp/xdg/data XDG_CONFIG_HOME=$tmp/xdg/config
export XDG_CACHE_HOME=$tmp/xdg/cache LC_ALL=C.UTF-8

# ---- 1. --import-bookmarks killed ------------------------------------------
N=20000
# list R: N bookmarks of the article whose hash is R in 64 hex digits.
list() {
    awk -v h="$(printf '%064x' "$1")" -v n=$N 'BEGIN {
        print "{\"format\":\"sahifa-bookmarks\",\"version\":1}"
        for (i = 0; i < n; i++)
            printf "{\"article\":\"%s\",\"offset\":%d,\"snippet\":\"line %d of a reading list\"}\n", h, i * 7, i
    }' >"$tmp/list-$1.jsonl"
}
st=$tmp/import
list 1
t0=$(now_ms)
$wrap "$sahifa" --state-dir "$st" --import-bookmarks "$tmp/list-1.jsonl" >"$tmp/i.out" 2>"$tmp/i.err"
t=$(($(now_ms) - t0))
grep -qF "$N bookmarks added" "$tmp/i.out" || fail "the unkilled import: $(cat "$tmp/i.out" "$tmp/i.err")"
echo "note: an import of $N bookmarks takes $t ms here"
rounds=12 before=0 after=0
for r in $(seq 2 $((rounds + 1))); do
    list "$r"
    $wrap "$sahifa" --state-dir "$st" --import-bookmarks "$tmp/list-$r.jsonl" >"$tmp/i.out" 2>"$tmp/i.err" &
    pid=$!
    ms_sleep $(rand $((t * 2 + 1)))
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    integrity "$st/sahifa.sqlite" "import round $r"
    n=$(q "$st/sahifa.sqlite" "SELECT count(*) FROM bookmarks WHERE hash = '$(printf '%064x' "$r")'")
    if grep -qF "$N bookmarks added" "$tmp/i.out"; then
        after=$((after + 1))
        [ "$n" = $N ] || fail "import round $r: \"$N added\" was printed, $n are in the store"
    else
        before=$((before + 1))
        [ "$n" = 0 ] || [ "$n" = $N ] || fail "import round $r: killed half-way, $n of $N are in the store"
    fi
    rm "$tmp/list-$r.jsonl"
done
[ "$(q "$st/sahifa.sqlite" "SELECT count(*) FROM bookmarks WHERE hash = '$(printf '%064x' 1)'")" = $N ] ||
    fail "the first import's bookmarks were lost by the kills after it"
ok "import: $rounds kills, $before before the import said 'added' (none or all kept), $after after (all kept)"

# ---- 2. the reader --------------------------------------------------------
if command -v xvfb-run >/dev/null 2>&1 && command -v xdotool >/dev/null 2>&1; then
    xvfb-run -a -s "-screen 0 800x480x24" "$0" "$sahifa" "$sqlq" "$src" --in-xvfb "$tmp"
    failures=$((failures + $?))
else
    echo "skip: the reader killed under Xvfb (needs xvfb-run and xdotool: .ci/deps.sh)"
fi

# ---- 3. the disk fills under the reader ------------------------------------
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xdotool >/dev/null 2>&1 ||
    ! command -v import >/dev/null 2>&1 || ! command -v compare >/dev/null 2>&1; then
    echo "skip: a disk that fills under the reader (needs xvfb-run, xdotool, ImageMagick)"
elif ! unshare -rm true 2>/dev/null; then
    echo "skip: a disk that fills under the reader (no user namespaces: unshare -rm failed)"
else
    unshare -rm xvfb-run -a -s "-screen 0 800x480x24" "$0" "$sahifa" "$sqlq" "$src" --fill "$tmp"
    rc=$?
    if [ "$rc" = 77 ]; then
        echo "skip: a disk that fills under the reader (no tmpfs in a user namespace)"
    else
        failures=$((failures + rc))
    fi
fi
echo "$failures failure(s)"
[ "$failures" = 0 ]
