#!/bin/sh
# test-store-cli.sh SAHIFA SQLQ SOURCE_ROOT - the store's troubles as the
# user meets them, through the real program: for each reason the store
# cannot save (another sahifa holds it, a read-only file, a read-only folder,
# a full disk, a damaged file, a newer sahifa's file) --import-bookmarks
# exits 1 with the reason and writes nothing, and the first screen
# (--screenshot, library and reader) shows the notice. Also: a -shm and -wal
# left read-only are repaired; offsets of 2^32 are refused and never shown
# on page 1; a failed --export-bookmarks leaves no part of a file and the
# old file whole; a FIFO or /dev/zero given to --import-bookmarks is refused
# at once. The store is read back through SQLite itself (SQLQ, tests/sqlq.c).
#
# Read-only cases run without CAP_DAC_OVERRIDE when run as root (setpriv),
# since root writes a chmod 444 file anyway. The full disk is a 256 KiB
# tmpfs in a user and mount namespace (unshare -rm); without user
# namespaces those cases are skipped, said so. The pixel checks need
# ImageMagick (compare, convert) and are skipped without it.
set -u
if [ "${1:-}" = --full-disk ]; then
    inside_ns=yes
    shift
fi
sahifa=$1
sqlq=$2
src=$3
wrap=${MESON_EXE_WRAPPER:-} # split into words on use: "qemu-arm-static -L DIR"
art=$src/assets/articles/seed-article-ar.txt
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
ok() { echo "ok: $*"; }
q() { $wrap "$sqlq" "$@"; }

if [ "$(id -u)" = 0 ]; then
    # Root without the capabilities that override file permissions: a
    # chmod 444 file and a chmod 555 folder are then what they are for a user.
    unpriv() { setpriv --bounding-set=-dac_override,-dac_read_search,-fowner --inh-caps=-all -- "$@"; }
else
    unpriv() { "$@"; }
fi

# run NAME [unpriv] ARGS...: runs sahifa; $tmp/NAME.out, .err, .rc.
run() {
    name=$1
    shift
    pre=
    if [ "${1:-}" = unpriv ]; then
        pre=unpriv
        shift
    fi
    $pre $wrap "$sahifa" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
}
# expect NAME RC TEXT WHAT: the exit status and a text of stdout/stderr.
expect() {
    r=$(cat "$tmp/$1.rc")
    if [ "$r" = "$2" ] && grep -qF -- "$3" "$tmp/$1.out" "$tmp/$1.err"; then
        ok "$4 (exit $r: $(grep -hF -- "$3" "$tmp/$1.out" "$tmp/$1.err" | head -1 | cut -c1-150))"
    else
        fail "$4: exit $r (want $2), '$3' not said; stdout: $(cat "$tmp/$1.out"); stderr: $(cat "$tmp/$1.err")"
    fi
}
# count DIR OFFSET: bookmarks of the seed article at OFFSET in DIR's store.
count() { q "$1/sahifa.sqlite" "SELECT count(*) FROM bookmarks WHERE hash = '$hash' AND byte_offset = $2"; }
mode() { stat -c %a "$1"; }

have_im=yes
for tool in compare convert; do
    command -v $tool >/dev/null 2>&1 || have_im=no
done
# differ A B GEOMETRY: how many pixels of two screenshots differ in a crop.
differ() {
    convert "$tmp/$1.png" -crop "$3" +repage "$tmp/c1.png" &&
        convert "$tmp/$2.png" -crop "$3" +repage "$tmp/c2.png" &&
        compare -metric AE "$tmp/c1.png" "$tmp/c2.png" null: 2>&1 | cut -d' ' -f1
}
# At 800x480 (scale 1) the notice band across the top is one bold line and
# its rule, about 62 px: its text lies within the top 44 px, and what the
# screen shows under it starts below 70.
STRIP=800x44+0+0
ABOVE=800x410+0+70
# shifted PLAIN NOTICE: the top of PLAIN (a screen without the band) is
# NOTICE's screen moved down under its band.
shifted() {
    convert "$tmp/$1.png" -crop 800x300+0+0 +repage "$tmp/c1.png"
    for y in $(seq 44 100); do
        convert "$tmp/$2.png" -crop 800x300+0+$y +repage "$tmp/c2.png"
        [ "$(compare -metric AE "$tmp/c1.png" "$tmp/c2.png" null: 2>&1 | cut -d' ' -f1)" = 0 ] &&
            return 0
    done
    return 1
}
# pixels_check WHAT CMP: an assertion on pixels, or a skip without ImageMagick.
pixels() {
    what=$1
    shift
    if [ $have_im = no ]; then
        echo "skip: $what (no ImageMagick)"
    elif "$@"; then
        ok "$what"
    else
        fail "$what"
    fi
}
gt() { [ "$(differ "$1" "$2" "$3")" -gt "$4" ]; }
eq() { [ "$(differ "$1" "$2" "$3")" = 0 ]; }

# ---- the full-disk cases, inside a user and mount namespace --------------
if [ "${inside_ns:-}" = yes ]; then
    tmp=$4
    hash=$(cat "$tmp/hash")
    full=$tmp/full
    mkdir -p "$full"
    mount -t tmpfs -o size=256k sahifa-test "$full" || exit 77
    cp -a "$tmp/base" "$full/old"            # a store made before the disk filled
    echo "the old export" >"$full/export.jsonl" # an export made before
    dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null
    run full-new --state-dir "$full/new" --import-bookmarks "$tmp/one.jsonl"
    expect full-new 1 "the disk is full" "full disk, new store: import refused"
    run full-old --state-dir "$full/old" --import-bookmarks "$tmp/one.jsonl"
    expect full-old 1 "full" "full disk, existing store: import refused"
    rm "$full/filler" # for sqlq's own -shm
    [ "$(count "$full/old" 100)" = 0 ] && ok "full disk: nothing imported" ||
        fail "full disk: the bookmark is there after a refused import"
    dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null
    run full-shot --state-dir "$full/new" --lang en --screenshot "$tmp/full-lib.png"
    expect full-shot 0 "cannot be saved" "full disk: the screenshot is taken, the log says why"
    run full-export --state-dir "$tmp/base" --export-bookmarks "$full/export.jsonl"
    expect full-export 1 "not written" "export onto a full disk refused"
    [ "$(cat "$full/export.jsonl")" = "the old export" ] && ok "the old export is whole" ||
        fail "the old export was changed: $(head -c 200 "$full/export.jsonl")"
    [ -z "$(find "$full" -name 'export.jsonl.tmp-*')" ] && ok "no part of the new export is left" ||
        fail "left behind: $(find "$full" -name 'export.jsonl.tmp-*')"
    umount "$full"
    exit $failures
fi

tmp=$(mktemp -d)
holder=
cleanup() {
    [ -n "$holder" ] && kill -9 "$holder" 2>/dev/null
    chmod -R u+w "$tmp" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_STATE_HOME=$tmp/xdg/state XDG_DATA_HOME=$tmp/xdg/data XDG_CONFIG_HOME=$tmp/xdg/config
export XDG_CACHE_HOME=$tmp/xdg/cache LC_ALL=C.UTF-8
chmod 755 "$tmp" # a user without DAC override reaches into it

# The base store: made by opening the article (which records its hash).
base=$tmp/base
run setup --state-dir "$base" --lang en --screenshot "$tmp/ok-art.png" "$art"
[ "$(cat "$tmp/setup.rc")" = 0 ] || fail "the base store: $(cat "$tmp/setup.err")"
hash=$(q "$base/sahifa.sqlite" "SELECT hash FROM articles WHERE path LIKE '%seed-article-ar.txt'")
[ -n "$hash" ] || {
    echo "FAIL: no article hash in the base store"
    exit 1
}
echo "$hash" >"$tmp/hash"
run setup-lib --state-dir "$base" --lang en --screenshot "$tmp/ok-lib.png"
printf '{"format":"sahifa-bookmarks","version":1}\n{"article":"%s","offset":100}\n' "$hash" \
    >"$tmp/one.jsonl"
# fresh NAME: a copy of the base store, as $tmp/NAME.
fresh() {
    rm -rf "${tmp:?}/$1"
    cp -a "$base" "$tmp/$1"
    echo "$tmp/$1"
}

# ---- 1. another sahifa holds the store (the real app, headless) ----------
st=$(fresh locked)
$wrap "$sahifa" --headless --state-dir "$st" "$art" 2>"$tmp/holder.err" &
holder=$!
for _ in $(seq 100); do
    [ "$(cat "$st/sahifa.sqlite.lock" 2>/dev/null)" = "$holder" ] && break
    kill -0 "$holder" 2>/dev/null || break
    sleep 0.1
done
if [ "$(cat "$st/sahifa.sqlite.lock" 2>/dev/null)" = "$holder" ]; then
    run locked --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
    expect locked 1 "already running (process $holder)" "held by a running sahifa: import refused"
    [ "$(count "$st" 100)" = 0 ] && ok "held: nothing imported" || fail "held: imported anyway"
    run locked-lib --state-dir "$st" --lang en --screenshot "$tmp/locked-lib.png"
    run locked-art --state-dir "$st" --lang en --screenshot "$tmp/locked-art.png" "$art"
    expect locked-lib 0 "already running" "held: a second window starts, and logs why"
    kill -TERM "$holder"
    wait "$holder"
    rc=$?
    holder=
    [ "$rc" = 0 ] && ok "the holder ends cleanly" || fail "the holder: exit $rc: $(cat "$tmp/holder.err")"
    run unlocked --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
    expect unlocked 0 "1 bookmark added" "once it is closed, the import goes in"
    [ "$(count "$st" 100)" = 1 ] && ok "and it is on the disk" || fail "not on the disk"
else
    fail "the headless sahifa did not take the store: $(cat "$tmp/holder.err")"
    kill -9 "$holder" 2>/dev/null
    holder=
fi

# ---- 2. a read-only file, and the -shm and -wal it leaves read-only -------
st=$(fresh rofile)
chmod 444 "$st/sahifa.sqlite"
run rofile unpriv --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
expect rofile 1 "read-only" "read-only file: import refused"
run rofile-lib unpriv --state-dir "$st" --lang en --screenshot "$tmp/rofile-lib.png"
# (sqlq without DAC override too: as root it would remove the -shm below.)
n=$(unpriv $wrap "$sqlq" "$st/sahifa.sqlite" "SELECT count(*) FROM bookmarks WHERE byte_offset = 100")
[ "$n" = 0 ] && ok "read-only file: nothing imported" || fail "imported anyway ($n)"
# Reading it made a -shm (and -wal) with the file's mode: 444.
if [ "$(mode "$st/sahifa.sqlite-shm" 2>/dev/null)" = 444 ]; then
    chmod 644 "$st/sahifa.sqlite"
    run stale unpriv --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
    expect stale 0 "1 bookmark added" "writable again: the read-only -shm no longer blocks"
    [ "$(count "$st" 100)" = 1 ] && ok "stale -shm: the bookmark is on the disk" ||
        fail "stale -shm: not on the disk"
    grep -qF "was read-only: made writable again" "$tmp/stale.err" &&
        ok "the log says what was repaired" || fail "no word of the repair: $(cat "$tmp/stale.err")"
else
    fail "no read-only -shm was left to test with ($(ls -l "$st"))"
fi
# Another user's -shm, left read-only: removed when no process uses it.
if [ "$(id -u)" = 0 ]; then
    st=$(fresh foreign)
    q "$st/sahifa.sqlite" "PRAGMA journal_mode" >/dev/null
    head -c 32768 /dev/zero >"$st/sahifa.sqlite-shm"
    chown 65534:65534 "$st/sahifa.sqlite-shm"
    chmod 444 "$st/sahifa.sqlite-shm"
    run foreign unpriv --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
    expect foreign 0 "1 bookmark added" "another user's read-only -shm: removed, import goes in"
    [ "$(count "$st" 100)" = 1 ] && ok "and it is on the disk" || fail "not on the disk"
fi

# ---- 3. a read-only folder ------------------------------------------------
st=$(fresh rodir)
chmod 555 "$st"
run rodir unpriv --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
expect rodir 1 "read-only" "read-only folder: import refused"
run rodir-lib unpriv --state-dir "$st" --lang en --screenshot "$tmp/rodir-lib.png"
run rodir-art unpriv --state-dir "$st" --lang en --screenshot "$tmp/rodir-art.png" "$art"
chmod 755 "$st"
[ "$(count "$st" 100)" = 0 ] && ok "read-only folder: nothing imported" || fail "imported anyway"
chmod 555 "$st"
run rodir-export unpriv --state-dir "$base" --export-bookmarks "$st/new.jsonl"
chmod 755 "$st"
expect rodir-export 1 "not written" "export into a read-only folder refused"
[ ! -e "$st/new.jsonl" ] && ok "and no file appears" || fail "a file appeared"

# ---- 4. a full disk (a namespace of its own) ------------------------------
if unshare -rm true 2>/dev/null; then
    unshare -rm "$0" --full-disk "$sahifa" "$sqlq" "$src" "$tmp"
    rc=$?
    if [ "$rc" = 77 ]; then
        echo "skip: full disk (no tmpfs in a user namespace)"
    else
        failures=$((failures + rc))
    fi
else
    echo "skip: full disk (no user namespaces: unshare -rm failed)"
fi

# ---- 5. a damaged file: moved aside, or not when the folder is read-only --
st=$(fresh damaged)
head -c 8192 /dev/urandom >"$st/sahifa.sqlite"
rm -f "$st/sahifa.sqlite-wal" "$st/sahifa.sqlite-shm"
cp "$st/sahifa.sqlite" "$tmp/junk"
chmod 555 "$st"
run damaged-ro unpriv --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
expect damaged-ro 1 "damaged" "damaged in a read-only folder: import refused"
chmod 755 "$st"
run damaged-lib --state-dir "$st" --lang en --screenshot "$tmp/damaged-lib.png"
run new-lib --state-dir "$tmp/new" --lang en --screenshot "$tmp/new-lib.png" # the same, saving
expect damaged-lib 0 "kept as" "damaged: moved aside, the log names where"
ls "$st"/sahifa.sqlite.corrupt-* >/dev/null 2>&1 && cmp -s "$tmp/junk" "$st"/sahifa.sqlite.corrupt-* &&
    ok "the damaged file is kept byte for byte" || fail "the damaged file was not kept"
run damaged --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
expect damaged 0 "1 bookmark added" "after the move, imports go to the new store"

# ---- 6. a newer sahifa's store ---------------------------------------------
st=$(fresh newer)
q "$st/sahifa.sqlite" "PRAGMA user_version = 99" >/dev/null
run newer --state-dir "$st" --import-bookmarks "$tmp/one.jsonl"
expect newer 1 "newer sahifa" "a newer store: import refused"
run newer-export --state-dir "$st" --export-bookmarks "$tmp/newer.jsonl"
expect newer-export 1 "newer sahifa" "a newer store: no empty export that says 0 bookmarks"

# ---- the notices on screen --------------------------------------------------
pixels "library: the notice band is drawn (held vs. saving)" gt ok-lib locked-lib $STRIP 300
pixels "library: a read-only folder's notice is drawn" gt ok-lib rodir-lib $STRIP 300
pixels "library: the notice says the cause (held vs. read-only)" gt locked-lib rodir-lib $STRIP 300
pixels "library: one cause, one notice (read-only file vs. folder)" eq rofile-lib rodir-lib $STRIP
pixels "library: under the band the causes look alike" eq locked-lib rodir-lib $ABOVE
pixels "library: a damaged store set aside is said" gt new-lib damaged-lib $STRIP 300
pixels "library: ... and the list is that of a new store, under the band" shifted new-lib damaged-lib
[ -e "$tmp/full-lib.png" ] &&
    pixels "library: a full disk is said" gt rodir-lib full-lib $STRIP 300
pixels "reader: the band carries the notice" gt ok-art locked-art $STRIP 300
pixels "reader: the page is the same, under the band" shifted ok-art locked-art
pixels "reader: the notice says the cause" gt locked-art rodir-art $STRIP 300

# ---- a title longer than the store keeps ----------------------------------
# Front matter does not bound a title; the store keeps 4096 bytes of one.
# The place must be kept all the same (it was refused whole, silently).
st=$(fresh longtitle)
python3 -c "import sys; open(sys.argv[1], 'w').write('---\ntitle: ' + 'ع' * 3000 + '\n---\nThe body.\n')" \
    "$tmp/longtitle.txt"
SAHIFA_TRACE_SAVES=1 run longtitle --state-dir "$st" --screenshot "$tmp/longtitle.png" "$tmp/longtitle.txt"
expect longtitle 0 "saved: position" "a 6,000-byte title: the place is saved"
[ "$(q "$st/sahifa.sqlite" "SELECT max(length(CAST(title AS BLOB))) FROM articles")" = 4096 ] &&
    ok "... and its title kept cut at 4096 bytes, whole characters" ||
    fail "long title: $(q "$st/sahifa.sqlite" "SELECT max(length(CAST(title AS BLOB))) FROM articles")"

# ---- defect: offsets of 2^32 and more ---------------------------------------
st=$(fresh big)
printf '{"article":"%s","offset":4294967296}\n{"article":"%s","offset":8388609}\n' "$hash" "$hash" \
    >"$tmp/big.jsonl"
run big --state-dir "$st" --import-bookmarks "$tmp/big.jsonl"
expect big 0 "0 bookmarks added, 0 already there, 2 rejected" "offsets past 8 MiB rejected at import"
expect big 0 '"offset" must be an integer from 0 to 8388608' "the line is named with the reason"
# As an older sahifa could have stored them: not shown on page 1 (no ribbon),
# and a position there opens page 1, not the last page.
q "$st/sahifa.sqlite" "INSERT INTO bookmarks(hash, byte_offset, snippet, created)
    VALUES ('$hash', 4294967296, '', 0)" >/dev/null
q "$st/sahifa.sqlite" "UPDATE positions SET byte_offset = 4294967296 WHERE hash = '$hash'" >/dev/null
run big-art --state-dir "$st" --lang en --screenshot "$tmp/big-art.png" "$art"
st0=$(fresh zero)
printf '{"article":"%s","offset":0}\n' "$hash" >"$tmp/zero.jsonl"
run zero --state-dir "$st0" --import-bookmarks "$tmp/zero.jsonl"
run zero-art --state-dir "$st0" --lang en --screenshot "$tmp/zero-art.png" "$art"
pixels "a bookmark at 0 shows its ribbon on page 1 (the check can fail)" gt ok-art zero-art 800x40+0+0 20
pixels "a bookmark at 2^32 shows nothing on page 1; a position there is page 1" eq ok-art big-art 800x480+0+0

# ---- --export-bookmarks: whole or not at all --------------------------------
run export --state-dir "$st0" --export-bookmarks "$tmp/e.jsonl"
expect export 0 "1 bookmark written" "export to a new file"
[ "$(wc -l <"$tmp/e.jsonl")" = 2 ] && ok "header and one bookmark" || fail "$(cat "$tmp/e.jsonl")"
echo old >"$tmp/real.jsonl"
ln -s real.jsonl "$tmp/link.jsonl"
run export-link --state-dir "$st0" --export-bookmarks "$tmp/link.jsonl"
[ -L "$tmp/link.jsonl" ] && [ "$(wc -l <"$tmp/real.jsonl")" = 2 ] &&
    ok "export through a link replaces the file it names, the link stays" ||
    fail "export through a link: $(ls -l "$tmp/link.jsonl" "$tmp/real.jsonl")"
n=$($wrap "$sahifa" --state-dir "$st0" --export-bookmarks /dev/stdout 2>"$tmp/pipe.err" |
    grep -c '"article"')
[ "$n" = 1 ] && ok "export to /dev/stdout, a pipe, writes in place" ||
    fail "export to /dev/stdout: $n bookmarks; $(cat "$tmp/pipe.err")"
[ -z "$(find "$tmp" -name '*.tmp-*')" ] && ok "no temporary file left by any export" ||
    fail "left behind: $(find "$tmp" -name '*.tmp-*')"

# ---- --import-bookmarks of a FIFO, /dev/zero, a folder -----------------------
mkfifo "$tmp/fifo"
for f in "$tmp/fifo" /dev/zero "$tmp"; do
    timeout 20 $wrap "$sahifa" --state-dir "$st0" --import-bookmarks "$f" >"$tmp/ff.out" 2>"$tmp/ff.err"
    rc=$?
    [ "$rc" = 1 ] && grep -qF "not a regular file" "$tmp/ff.err" &&
        ok "import of $f refused at once: $(cat "$tmp/ff.err")" ||
        fail "import of $f: exit $rc ($([ $rc = 124 ] && echo hung)): $(cat "$tmp/ff.err")"
done

q "$base/sahifa.sqlite" "PRAGMA integrity_check" | grep -qx ok || fail "the base store is damaged"
echo "$failures failure(s)"
[ "$failures" = 0 ]
