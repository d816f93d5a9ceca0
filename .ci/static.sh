#!/usr/bin/env bash
# .ci/static.sh - static analysis of sahifa's sources: cppcheck and
# clang-tidy over render/ fonts/ platform/ app/ (not tests/, bench/, fuzz/).
#
#   .ci/static.sh            # every finding as FILE:LINE: [check] message
#
# cppcheck: --enable=warning,style,performance,portability with POSIX's
# library file, suppressions in .ci/cppcheck.supp (each with its reason);
# then unusedFunction in a run of its own, over tests/, bench/ and fuzz/ as
# well: it needs every source in one process (no -j), and a function that
# a test, a benchmark or a fuzz target calls counts as used (it is the
# module's tested interface), so only what nothing at all calls is named.
# clang-tidy: the checks of .clang-tidy (each exclusion with its reason),
# with the compile commands of a meson build (build-static/, configured once
# with -Dtests=false; STATIC_BUILD to use another build directory).
# Ends with one line "static: N findings (cppcheck C, clang-tidy T)";
# exit status 1 when N > 0, 2 when a tool is missing or fails to run.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
build=${STATIC_BUILD:-$root/build-static}
dirs=(render fonts platform app)

for tool in cppcheck clang-tidy meson; do
    command -v "$tool" >/dev/null || { echo "static: $tool is not installed"; exit 2; }
done
mapfile -t sources < <(find "${dirs[@]}" -name '*.c' | sort)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -f "$build/compile_commands.json" ]; then
    meson setup "$build" -Dtests=false >"$out/setup.log" 2>&1 ||
        { tail -20 "$out/setup.log"; echo "static: meson setup failed"; exit 2; }
fi
# Regenerate the compile commands if a meson.build changed (compiles nothing).
ninja -C "$build" build.ninja >"$out/ninja.log" 2>&1 ||
    { tail -20 "$out/ninja.log"; echo "static: meson reconfigure failed"; exit 2; }
# clang-tidy needs each file's flags: a source the build does not compile
# (a missing optional dependency) is named and skipped.
mapfile -t sources < <(for f in "${sources[@]}"; do
    if grep -q "\"file\": \"[^\"]*$f\"" "$build/compile_commands.json"; then echo "$f"
    else echo "static: $f is not in $build's compile commands, skipped" >&2; fi
done)

# cppcheck: the top of the tree as the include directory (every include is
# written from there: "render/text/layout.h"), the build's defines, no
# system headers (see .ci/cppcheck.supp).
echo "== cppcheck $(cppcheck --version | cut -d' ' -f2), clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1): ${#sources[@]} files"
cppcheck --std=c11 --enable=warning,style,performance,portability --library=posix \
    --inline-suppr --suppressions-list=.ci/cppcheck.supp --quiet -j 2 \
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D__GNUC__ \
    -I. \
    --template='{file}:{line}: [cppcheck {severity}/{id}] {message}' \
    "${sources[@]}" >"$out/cppcheck.raw" 2>&1
st=$?
if [ $st -gt 1 ] || grep -q '^cppcheck: error' "$out/cppcheck.raw"; then
    cat "$out/cppcheck.raw"
    echo "static: cppcheck failed"
    exit 2
fi
# Public functions nothing calls. cppcheck's text suppressions cannot name
# a symbol, its XML form can: "#symbol NAME" lines of .ci/cppcheck.supp
# (comments to cppcheck itself) become that XML.
{
    echo '<?xml version="1.0"?><suppressions>'
    sed -n 's/^#symbol[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/<suppress><id>unusedFunction<\/id><symbolName>\1<\/symbolName><\/suppress>/p' .ci/cppcheck.supp
    echo '</suppressions>'
} >"$out/unused.xml"
mapfile -t everything < <(find "${dirs[@]}" tests bench fuzz -name '*.c' | sort)
cppcheck --std=c11 --enable=unusedFunction --library=posix \
    --inline-suppr --suppressions-list=.ci/cppcheck.supp --suppress-xml="$out/unused.xml" --quiet \
    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D__GNUC__ \
    -I. \
    --template='{file}:{line}: [cppcheck {severity}/{id}] {message}' \
    "${everything[@]}" >"$out/unused.raw" 2>&1
st=$?
if [ $st -gt 1 ] || grep -q '^cppcheck: error' "$out/unused.raw"; then
    cat "$out/unused.raw"
    echo "static: cppcheck (unusedFunction) failed"
    exit 2
fi
# Only this check from that run: tests/, bench/ and fuzz/ are not held to
# the others (the first run's files are).
grep -F '/unusedFunction]' "$out/unused.raw" >>"$out/cppcheck.raw"
grep -E '^[^ ]+:[0-9]+: \[cppcheck' "$out/cppcheck.raw" | sort -u >"$out/cppcheck"
cat "$out/cppcheck"

# clang-tidy: two files at a time (2 cores, shared). A header's findings
# are reported once per including file: sorted unique.
printf '%s\n' "${sources[@]}" |
    xargs -P 2 -n 1 clang-tidy -p "$build" --quiet >"$out/tidy.raw" 2>"$out/tidy.err"
grep -q -E 'error: (unable to|could not)|Error while processing' "$out/tidy.err" "$out/tidy.raw" &&
    { grep -E 'error|Error' "$out/tidy.err" "$out/tidy.raw" | head; echo "static: clang-tidy failed"; exit 2; }
grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$out/tidy.raw" |
    sed -E "s|^$root/||; s|^([^ :]*/)?\.\./||; s|^([^:]+:[0-9]+):[0-9]+: (warning\|error): (.*) \[([^]]+)\]$|\1: [\4] \3|" |
    sort -u >"$out/tidy"
cat "$out/tidy"

c=$(wc -l <"$out/cppcheck")
t=$(wc -l <"$out/tidy")
echo "static: $((c + t)) findings (cppcheck $c, clang-tidy $t)"
[ $((c + t)) -eq 0 ]
