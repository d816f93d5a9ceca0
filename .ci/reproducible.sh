#!/usr/bin/env bash
# .ci/reproducible.sh - two builds of this tree in two different folders
# (different names and depths, the source copied to each) install identical
# files: no build or source folder in any binary (no compiled-in path: the
# app finds its data at run time, platform/paths.h; __FILE__ and the debug
# information are relative, meson.build's -ffile-prefix-map). Each is built
# as a user builds it (meson's default buildtype, with debug information),
# with the tools, and installed with `meson install --destdir`; the two
# installed trees are compared with diff -r and every file with cmp.
# Ends with "N passed, N failed". SAHIFA_REPRO_DIR keeps the work folder.
set -uo pipefail
cd "$(dirname "$0")/.."
work=${SAHIFA_REPRO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sahifa-repro-XXXXXX")}
[ -n "${SAHIFA_REPRO_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if "${@:2}"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }

build() { # build SOURCE_FOLDER: copy, set up, build, install into SOURCE_FOLDER.root
    local src=$1
    mkdir -p "$src"
    git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$src"
    (cd "$src" && meson setup "_build-$(basename "$src")" --prefix /usr -Dtests=false -Dtools=true &&
        ninja -C "_build-$(basename "$src")" &&
        DESTDIR= meson install -C "_build-$(basename "$src")" --no-rebuild --quiet \
            --destdir "$src.root") >"$src.log" 2>&1 || { tail -30 "$src.log"; return 1; }
}
start=$SECONDS
check "build 1 in $work/one/sahifa" build "$work/one/sahifa"
check "build 2 in $work/two/a/much/deeper/checkout" build "$work/two/a/much/deeper/checkout"
echo "built both in $((SECONDS - start)) s"
a=$work/one/sahifa.root b=$work/two/a/much/deeper/checkout.root
echo "installed: $(cd "$a" && find . -type f | wc -l) files, $(du -sh "$a" | cut -f1)"
check "diff -r: the same files, the same bytes" diff -r "$a" "$b"
same_bytes() {
    local f bad=0
    while IFS= read -r -d '' f; do
        cmp -s "$a/$f" "$b/$f" || { echo "differs: $f"; bad=1; }
    done < <(cd "$a" && find . -type f -print0)
    return $bad
}
check "cmp: every installed file" same_bytes
no_path() {
    local hits
    hits=$(grep -rlaF -e "$work" "$a" "$b" || true)
    [ -z "$hits" ] || { echo "$hits"; return 1; }
}
check "no build or source folder named in an installed file" no_path
elf_debug() { # the binaries do carry debug information: the check means something
    readelf -S "$a/usr/bin/sahifa" | grep -q '\.debug_info'
}
check "the compared binaries carry debug information" elf_debug
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
