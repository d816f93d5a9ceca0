#!/bin/sh
# test-fleet-rsync.sh SAHIFA SOURCE_ROOT - docs/fleet.md tried on one machine:
# a newsroom folder is rsynced into the library folder of a RUNNING reader
# (headless window, the live library of app/libwatch.c), as a kiosk's sync
# timer would, twice. Checks, through the reader's own output (its trace of
# each reading, SAHIFA_TRACE_LIBRARY) and its library cache (what each
# reading parsed: path, size, title):
#   - new articles appear, a changed one shows its new title, deleted ones
#     leave, all without a restart (one process throughout, exit 0 on
#     SIGTERM);
#   - no reading ever holds rsync's temporary file (.NAME.XXXXXX) or a file
#     whose size is not that of a whole version: the cache is sampled every
#     20 ms through both syncs, and the large article is sent slowly
#     (--bwlimit) so that readings happen while it is mid-transfer.
# Without rsync the script does what rsync does (a temporary file beside
# the target written in pieces, its mtime set, renamed; --delete) and says
# so. .ci/deps.sh installs rsync.
set -u
sahifa=$1
src=$2
if [ -n "${MESON_EXE_WRAPPER:-}" ]; then
    echo "SKIP: the reader runs for seconds under the cross wrapper's emulator; native only"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-fleet-XXXXXX") || exit 1
pid=
sampler=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" \
    XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_DIRS="$tmp/none"
export SAHIFA_TRACE_LIBRARY=1
# No bundled articles: the library is ours alone.
mkdir -p "$HOME" "$tmp/assets" "$tmp/lib/news" "$tmp/newsroom/news"
export SAHIFA_ASSETS_DIR=$tmp/assets
cache=$tmp/cache/sahifa/library.sqlite
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

if command -v rsync >/dev/null 2>&1; then
    how="rsync $(rsync --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
    # The large article at 200 KB/s: about 2 s in its temporary file.
    sync() { rsync -rt --delete --bwlimit=200 "$tmp/newsroom/" "$tmp/lib/"; }
else
    how="rsync's way, emulated (rsync not installed)"
    sync() {
        python3 - "$tmp/newsroom" "$tmp/lib" <<'PY'
import os, random, string, sys, time
src, dst = sys.argv[1], sys.argv[2]
for root, dirs, files in os.walk(dst, topdown=False):
    rel = os.path.relpath(root, dst)
    for f in files:
        if not os.path.exists(os.path.join(src, rel, f)):
            os.unlink(os.path.join(root, f))
for root, dirs, files in os.walk(src):
    rel = os.path.relpath(root, src)
    os.makedirs(os.path.join(dst, rel), exist_ok=True)
    for f in sorted(files):
        s, d = os.path.join(root, f), os.path.join(dst, rel, f)
        st = os.stat(s)
        if os.path.exists(d) and os.stat(d).st_size == st.st_size and \
                int(os.stat(d).st_mtime) == int(st.st_mtime):
            continue
        tmp = os.path.join(dst, rel, "." + f + "." + "".join(random.choices(string.ascii_letters, k=6)))
        data = open(s, "rb").read()
        with open(tmp, "wb") as out:
            for i in range(0, len(data), 32768):
                out.write(data[i:i + 32768])
                out.flush()
                time.sleep(0.15)
        os.utime(tmp, (st.st_atime, st.st_mtime))
        os.rename(tmp, d)
PY
    }
fi
echo "syncing with $how"

# article FILE TITLE [PARAGRAPHS]: an article of that title.
article() {
    {
        printf '%s\n\n' "$2"
        i=0
        while [ "$i" -lt "${3:-3}" ]; do
            printf 'Paragraph %s of the story %s, with words enough for a line or two of text.\n\n' \
                "$i" "$2"
            i=$((i + 1))
        done
    } >"$1"
}
versions=$tmp/versions # name, size and title of every whole version, one a line
remember() { printf '%s\t%s\t%s\n' "$(basename "$1")" "$(wc -c <"$1")" "$2" >>"$versions"; }

article "$tmp/lib/news/old.txt" "Old story"
remember "$tmp/lib/news/old.txt" "Old story"

# Every 20 ms, what the reader's last reading parsed: (name, size, title)
# rows, each distinct row once, into $tmp/seen.
python3 - "$cache" "$tmp/seen" "$tmp/stop" <<'PY' &
import os, sqlite3, sys, time
cache, out, stop = sys.argv[1:4]
seen = set()
while not os.path.exists(stop):
    try:
        db = sqlite3.connect("file:%s?mode=ro" % cache, uri=True, timeout=0.05)
        for path, size, title in db.execute("SELECT path, size, title FROM article"):
            seen.add((os.path.basename(path), size, title or ""))
        db.close()
    except sqlite3.Error:
        pass
    time.sleep(0.02)
with open(out, "w") as f:
    for row in sorted(seen):
        f.write("%s\t%s\t%s\n" % row)
PY
sampler=$!

"$sahifa" --headless --library "$tmp/lib" 2>"$tmp/stderr" &
pid=$!
readings() { grep -c "library read again" "$tmp/stderr"; }
# rows: the cache's rows now, "name<TAB>title" sorted.
rows() {
    python3 - "$cache" <<'PY'
import os, sqlite3, sys
try:
    db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=1)
    for p, t in sorted(db.execute("SELECT path, title FROM article")):
        print("%s\t%s" % (os.path.basename(p), t))
except sqlite3.Error as e:
    print("error: %s" % e)
PY
}
# wait_rows WANT: until the cache holds exactly WANT (15 s at most).
wait_rows() {
    for _ in $(seq 150); do
        [ "$(rows)" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
tab=$(printf '\t')
want0="old.txt${tab}Old story"
if wait_rows "$want0" && kill -0 "$pid" 2>/dev/null; then
    ok "the reader is running on its library: $(rows | tr '\t\n' ': ')"
else
    fail "the reader did not start: $(cat "$tmp/stderr")"
    exit 1
fi

# 1. The newsroom's first edition: three articles (one large), the old one gone.
article "$tmp/newsroom/news/a.txt" "Alpha v1"
article "$tmp/newsroom/news/b.txt" "Beta v1"
article "$tmp/newsroom/news/c.txt" "Gamma v1" 4000
for f in a b c; do remember "$tmp/newsroom/news/$f.txt" "$(head -n 1 "$tmp/newsroom/news/$f.txt")"; done
echo "c.txt: $(wc -c <"$tmp/newsroom/news/c.txt") bytes"
n=$(readings)
start=$(date +%s%N)
sync || fail "sync 1 failed"
took=$((($(date +%s%N) - start) / 1000000))
want1="a.txt${tab}Alpha v1
b.txt${tab}Beta v1
c.txt${tab}Gamma v1"
if wait_rows "$want1"; then
    ok "sync 1 ($took ms): new articles appear, the deleted one leaves, $(($(readings) - n)) reading(s)"
else
    fail "sync 1: the library holds $(rows | tr '\t\n' ': ')"
fi

# 2. The next edition: b changed, a deleted, d new.
sleep 1.1 # a later mtime, as a newsroom's edit has
article "$tmp/newsroom/news/b.txt" "Beta v2, corrected" 5
rm "$tmp/newsroom/news/a.txt"
article "$tmp/newsroom/news/d.txt" "Delta v1"
for f in b d; do remember "$tmp/newsroom/news/$f.txt" "$(head -n 1 "$tmp/newsroom/news/$f.txt")"; done
n=$(readings)
sync || fail "sync 2 failed"
want2="b.txt${tab}Beta v2, corrected
c.txt${tab}Gamma v1
d.txt${tab}Delta v1"
if wait_rows "$want2"; then
    ok "sync 2: the changed article shows its new title, the deleted one leaves, the new one appears"
else
    fail "sync 2: the library holds $(rows | tr '\t\n' ': ')"
fi

if kill -0 "$pid" 2>/dev/null; then
    ok "no restart: the same process ($pid) throughout, $(readings) readings"
else
    fail "the reader ended: $(cat "$tmp/stderr")"
fi
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" = 0 ] && ok "exit 0 on SIGTERM" || fail "exit $rc on SIGTERM: $(cat "$tmp/stderr")"

: >"$tmp/stop"
wait "$sampler"
sampler=
# Every row any reading held: a whole version, never a temporary file.
bad=$(awk -F'\t' 'NR == FNR { whole[$1 FS $2 FS $3] = 1; next }
    !(($1 FS $2 FS $3) in whole) || $1 ~ /^\./ { print }' "$versions" "$tmp/seen")
if [ -s "$tmp/seen" ] && [ -z "$bad" ]; then
    ok "$(wc -l <"$tmp/seen") distinct rows sampled: each a whole version, no temporary file"
else
    fail "rows that are not a whole version: $bad (seen: $(cat "$tmp/seen"))"
fi
# How many readings met a file still being written (and left it out).
echo "readings that left out a file being written: $(grep "library read again" "$tmp/stderr" |
    grep -vc ", 0 being written)")"

echo "$failures failures"
[ "$failures" = 0 ]
