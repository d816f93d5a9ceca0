#!/bin/sh
# Web-page extraction on Readability's own test pages (../shared, absent in
# a user's clone: exit 77), beside Debian's python3-readability when it is
# installed (Debian's python3, not a pyenv or venv one, has it):
#   bench/bench-html.sh [BUILD_DIR] [PAGES_DIR]
# Prints title/byline/dir match rates, mean body-text F1, times per page.
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "bench-html: no build directory"; exit 1; }
pages=$2
cd "$(dirname "$0")/.." || exit 1
[ -n "$pages" ] || pages=../shared/readability-test-pages
if [ ! -d "$pages" ]; then
    echo "bench-html: $pages not found: skipped"
    exit 77
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" bench/html-score.py "$build/bench/html-dump" "$pages" --peer
