#!/bin/sh
# The pages of tests/data/html/: each NAME.html's blocks, as html-dump
# prints them (JSON Lines, the same lines `sahifa --dump-article` prints),
# must equal NAME.jsonl. Adding a case is adding the two files.
#   test-html-pages.sh HTML_DUMP DATA_DIR
dump="$1"
dir="$2"
fail=0
n=0
for page in "$dir"/*.html; do
    want="${page%.html}.jsonl"
    [ -f "$want" ] || continue
    n=$((n + 1))
    got=$("$dump" "$page" 2>&1)
    if [ "$got" != "$(cat "$want")" ]; then
        echo "$page: expected $(basename "$want"), got:"
        printf '%s\n' "$got" | diff -u "$want" - | head -40
        fail=$((fail + 1))
    fi
done
echo "html pages: $n pages, $fail failed"
[ "$n" -gt 0 ] && [ "$fail" -eq 0 ]
