#!/bin/sh
# valgrind memcheck on the app's headless screenshot path: the
# whole program - options, the store, the UI fonts, the article, layout,
# pagination, rasterization, the PNG - with 0 errors and 0 leaks required.
#
#   tests/valgrind-screenshot.sh BUILD/app/sahifa SOURCE_ROOT
#
# Suppressions (tests/valgrind.supp) cover third-party libraries only, each
# with its reason. Skips (77) when valgrind is not installed. The state dir,
# XDG folders and the PNG are in a temp dir removed on exit.
set -u
sahifa=${1:?usage: valgrind-screenshot.sh SAHIFA SOURCE_ROOT}
root=${2:?usage: valgrind-screenshot.sh SAHIFA SOURCE_ROOT}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind not found (apt install valgrind)"
    exit 77
fi
# A cross build's reader (cross/build-and-test.sh) is a binary of another
# machine: valgrind runs only its own (its ELF machine field differs from
# the shell's).
if [ "$(od -An -j18 -N2 -tx2 "$sahifa")" != "$(od -An -j18 -N2 -tx2 /bin/sh)" ]; then
    echo "SKIP: $sahifa is built for another machine; valgrind checks native binaries only"
    exit 77
fi
# A sanitizer build cannot run under valgrind (both replace malloc); the
# ASan+UBSan suite covers that build.
if grep -q __asan_init "$sahifa" 2>/dev/null; then
    echo "SKIP: $sahifa is built with AddressSanitizer; valgrind needs a plain build"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-valgrind-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
status=0
# The article (the reader's first page) and the library screen: both paths
# sahifa --screenshot takes (app/cli.c).
for what in article library; do
    if [ "$what" = article ]; then
        set -- "$root/assets/articles/seed-article-ar.txt"
    else
        set --
    fi
    log="$tmp/valgrind-$what.log"
    valgrind --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        --suppressions="$root/tests/valgrind.supp" --num-callers=30 --log-file="$log" \
        "$sahifa" --state-dir "$tmp/state/sahifa" --screenshot "$tmp/$what.png" "$@"
    rc=$?
    # The figures: errors (after suppressions) and the leak summary.
    echo "== $what: exit $rc"
    grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|suppressed:' "$log" |
        sed 's/^==[0-9]*== */  /'
    if [ "$rc" -ne 0 ] || [ ! -s "$tmp/$what.png" ]; then
        echo "FAIL: $what: valgrind exit $rc or no PNG; the log:"
        cat "$log"
        status=1
    fi
done
exit $status
