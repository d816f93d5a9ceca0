#!/bin/sh
# test-xdg.sh SAHIFA VERSION - where the real program keeps and reads things
# (platform/paths.h), and its version:
#   - the caches (the library's index, the font memo) go to
#     $XDG_CACHE_HOME/sahifa; the state dir keeps only the store; caches an
#     older sahifa left in the state dir are removed, the store beside them
#     (with its bookmarks) left byte for byte;
#   - sahifa.ini is read from each $XDG_CONFIG_DIRS entry, the last listed
#     first (the first is the most important), then from $XDG_CONFIG_HOME:
#     the messages come in that order, and a fleet-wide file's setting
#     applies;
#   - the bundled articles are found beside the executable (the build
#     tree's build/share/sahifa) with no $SAHIFA_ASSETS_DIR, and through
#     $XDG_DATA_DIRS for a copy of the binary that has nothing beside it;
#   - --version prints "sahifa VERSION"; --font-chain is the option's name
#     and --fonts its alias (the same page).
# In a cross build meson test sets MESON_EXE_WRAPPER, which runs SAHIFA.
set -u
sahifa=$1
version=$2
wrap=${MESON_EXE_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-xdg-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" \
    XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_DIRS="$tmp/none"
unset SAHIFA_ASSETS_DIR
mkdir -p "$HOME"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# ---- caches ---------------------------------------------------------------
mkdir -p "$tmp/state/sahifa"
# What an older sahifa left: its caches beside the store.
printf 'not a cache any more' >"$tmp/state/sahifa/library.sqlite"
printf 'x' >"$tmp/state/sahifa/library.sqlite-wal"
printf 'old memo' >"$tmp/state/sahifa/fonts.memo"
head -c 4096 /dev/urandom >"$tmp/state/sahifa/sahifa.sqlite"
cp "$tmp/state/sahifa/sahifa.sqlite" "$tmp/store-before"
$wrap "$sahifa" --list >"$tmp/list.out" 2>"$tmp/list.err"
rc=$?
if [ $rc = 0 ] && [ -s "$tmp/cache/sahifa/library.sqlite" ]; then
    ok "--list: the library's cache in \$XDG_CACHE_HOME/sahifa"
else
    fail "--list: exit $rc, cache dir: $(ls -A "$tmp/cache/sahifa" 2>&1), $(cat "$tmp/list.err")"
fi
left=$(cd "$tmp/state/sahifa" && ls -A | tr '\n' ' ')
if [ "$left" = "sahifa.sqlite " ] && cmp -s "$tmp/store-before" "$tmp/state/sahifa/sahifa.sqlite"; then
    ok "the old caches left the state dir; the store is untouched"
else
    fail "state dir after --list: '$left'"
fi
$wrap "$sahifa" --screenshot "$tmp/shot.png" >/dev/null 2>"$tmp/shot.err"
if [ -s "$tmp/cache/sahifa/fonts.memo" ] && [ ! -e "$tmp/state/sahifa/fonts.memo" ]; then
    ok "--screenshot: the font memo in \$XDG_CACHE_HOME/sahifa"
else
    fail "font memo: cache $(ls -A "$tmp/cache/sahifa"), state $(ls -A "$tmp/state/sahifa")"
fi
# --state-dir keeps everything in that one folder, as before.
$wrap "$sahifa" --state-dir "$tmp/one" --list >/dev/null 2>&1
if [ -s "$tmp/one/library.sqlite" ]; then
    ok "--state-dir: the cache in that folder"
else
    fail "--state-dir: $(ls -A "$tmp/one" 2>&1)"
fi

# ---- bundled articles ---------------------------------------------------------
if grep -q "seed-article-ar.txt" "$tmp/list.out"; then
    ok "the bundled articles found beside the executable (build/share/sahifa)"
else
    fail "no bundled articles in --list: $(cat "$tmp/list.out")"
fi
if [ -z "$wrap" ]; then
    # A copy of the binary with nothing beside it finds them through
    # $XDG_DATA_DIRS (the first entry that has sahifa/).
    mkdir -p "$tmp/bin" "$tmp/share-a" "$tmp/share-b/sahifa/articles"
    cp "$sahifa" "$tmp/bin/sahifa"
    printf 'Found through XDG_DATA_DIRS\n\nA body.\n' >"$tmp/share-b/sahifa/articles/x.txt"
    XDG_DATA_DIRS="relative/ignored:$tmp/share-a:$tmp/share-b" "$tmp/bin/sahifa" --list \
        >"$tmp/data-dirs.out" 2>&1
    if grep -q "Found through XDG_DATA_DIRS" "$tmp/data-dirs.out" &&
        ! grep -q "seed-article-ar.txt" "$tmp/data-dirs.out"; then
        ok "a relocated binary reads \$XDG_DATA_DIRS/sahifa"
    else
        fail "XDG_DATA_DIRS: $(cat "$tmp/data-dirs.out")"
    fi
fi

# ---- sahifa.ini: $XDG_CONFIG_DIRS, then the user's ---------------------------
mkdir -p "$tmp/etc-a/sahifa" "$tmp/etc-b/sahifa" "$tmp/config/sahifa" "$tmp/fleet/news"
printf 'Fleet news\n\nFrom the fleet-wide library.\n' >"$tmp/fleet/news/a.txt"
printf 'library = %s\nbogus-a = 1\n' "$tmp/fleet" >"$tmp/etc-a/sahifa/sahifa.ini"
printf 'bogus-b = 1\n' >"$tmp/etc-b/sahifa/sahifa.ini"
printf 'bogus-user = 1\n' >"$tmp/config/sahifa/sahifa.ini"
XDG_CONFIG_DIRS="$tmp/etc-a:relative/ignored:$tmp/etc-b" $wrap "$sahifa" --list \
    >"$tmp/ini.out" 2>"$tmp/ini.err"
order=$(sed -n "s/.*unknown option or bad value '\(bogus-[a-z]*\) = 1'.*/\1/p" "$tmp/ini.err" |
    tr '\n' ' ')
if [ "$order" = "bogus-b bogus-a bogus-user " ]; then
    ok "sahifa.ini read from \$XDG_CONFIG_DIRS last to first, then \$XDG_CONFIG_HOME"
else
    fail "ini order: '$order' ($(cat "$tmp/ini.err"))"
fi
if grep -q "Fleet news" "$tmp/ini.out"; then
    ok "a fleet-wide setting (library = ...) applies"
else
    fail "the fleet's library is not listed: $(cat "$tmp/ini.out")"
fi
rm -f "$tmp/config/sahifa/sahifa.ini"

# ---- --version, --font-chain and its alias -----------------------------------------
out=$($wrap "$sahifa" --version)
rc=$?
if [ $rc = 0 ] && [ "$out" = "sahifa $version" ]; then
    ok "--version: $out"
else
    fail "--version: exit $rc, '$out' (expected 'sahifa $version')"
fi
seed=$tmp/seed.txt
printf 'A headline\n\nA body of words in a paragraph.\n' >"$seed"
$wrap "$sahifa" --state-dir "$tmp/fc" --font-chain "DejaVu Sans" --screenshot "$tmp/chain.png" \
    "$seed" 2>"$tmp/chain.err"
rc1=$?
$wrap "$sahifa" --state-dir "$tmp/fc" --fonts "DejaVu Sans" --screenshot "$tmp/alias.png" \
    "$seed" 2>>"$tmp/chain.err"
rc2=$?
$wrap "$sahifa" --state-dir "$tmp/fc" --screenshot "$tmp/default.png" "$seed" 2>>"$tmp/chain.err"
if [ $rc1 = 0 ] && [ $rc2 = 0 ] && cmp -s "$tmp/chain.png" "$tmp/alias.png" &&
    ! cmp -s "$tmp/chain.png" "$tmp/default.png"; then
    ok "--font-chain sets the fonts; --fonts is the same option"
else
    fail "--font-chain: exit $rc1, --fonts: exit $rc2, $(cat "$tmp/chain.err")"
fi

echo "$failures failures"
[ "$failures" = 0 ]
