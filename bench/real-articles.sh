#!/usr/bin/env bash
# bench/real-articles.sh [BUILD_DIR] [-v] - the article parser as a reader
# judges it, on the 45 real scraped pages of ../shared/real-articles (beside
# the repository): bench/real-articles/check.py runs `sahifa --dump-article`
# on each page against bench/real-articles/expected.json and prints every
# failing page ("expected X, got Y"), then "lines dropped: K of S" and
# "clean N/M". Target (issue #16): clean >= 43/45 and no line dropped.
#
# A measurement, not a test: exit status 0 whatever the figures, and 0 with
# a note when ../shared/real-articles is not there (a user's clone).
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
[ $# -gt 0 ] && shift
python3 bench/real-articles/check.py --sahifa "$build/app/sahifa" \
    --dir ../shared/real-articles "$@"
rc=$?
[ "$rc" -eq 77 ] && exit 0
exit "$rc"
