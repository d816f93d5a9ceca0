#!/bin/sh
# .ci/format.sh - every tracked C source and header must be as clang-format
# (with the committed .clang-format) writes it. Lists the files that are
# not and exits 1; `clang-format -i FILE` fixes one.
cd "$(dirname "$0")/.." || exit 2
command -v clang-format >/dev/null || { echo "format: clang-format is not installed"; exit 2; }
bad=0
for f in $(git ls-files '*.c' '*.h'); do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "format: $f differs from clang-format's layout"
        bad=$((bad + 1))
    fi
done
echo "format: $bad files to reformat"
[ "$bad" -eq 0 ]
