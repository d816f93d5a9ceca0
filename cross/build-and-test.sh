#!/usr/bin/env bash
# cross/build-and-test.sh ARCH - build sahifa for a Raspberry Pi
# architecture on Debian 12 (x86-64) and prove it works there, under
# qemu-user:
#   1. installs the native and cross dependencies (.ci/deps.sh,
#      .ci/deps-cross.sh; root) unless SAHIFA_CROSS_NO_DEPS=1; with
#      SAHIFA_CROSS_SYSROOT=1 the target's libraries are unpacked into a
#      sysroot instead (cross/sysroot.sh: for when they cannot be installed
#      at the machine's own versions, e.g. the mirror's foreign-architecture
#      security index is mid-sync), and run from it (QEMU_LD_PREFIX);
#   2. cross-builds with -Werror (cross/ARCH.txt) and runs the whole test
#      suite through the cross file's exe_wrapper (qemu-user-static);
#   3. renders every page of the seed article headless (sahifa-render
#      --out-dir, A8 and ARGB32) on x86-64 and on ARCH and compares the
#      decoded pixels (ImageMagick compare -metric AE) and the PNG bytes.
# ARCH: aarch64 (arm64) or armhf. Build trees go to $SAHIFA_CROSS_DIR
# (default build-cross/, ignored by git). -j2 (shared machine).
# Ends with "ARCH: N passed, N failed" and the wall time; exit 0 only if
# every test passed and every page is pixel-identical (armhf: or at most
# 1/255 of coverage apart where FreeType's 32-bit rasterizer differs; see
# the comparison below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

case "${1:-}" in
    aarch64 | arm64) arch=aarch64 deb=arm64 ;;
    armhf | arm) arch=armhf deb=armhf ;;
    *) echo "usage: cross/build-and-test.sh aarch64|armhf" >&2; exit 2 ;;
esac
qemu=$(sed -n "s/^exe_wrapper = '\(.*\)'/\1/p" "cross/$arch.txt")
out=${SAHIFA_CROSS_DIR:-$root/build-cross}
seed=$root/assets/articles/seed-article-ar.txt
start=$SECONDS
log() { printf '\n== [%s %ds] %s\n' "$arch" $((SECONDS - start)) "$*"; }

sysroot=()
if [ "${SAHIFA_CROSS_NO_DEPS:-0}" != 1 ]; then
    log "dependencies"
    sh .ci/deps.sh
    [ "${SAHIFA_CROSS_SYSROOT:-0}" = 1 ] || sh .ci/deps-cross.sh "$deb"
fi
mkdir -p "$out"
if [ "${SAHIFA_CROSS_SYSROOT:-0}" = 1 ]; then
    log "sysroot of $deb libraries (cross/sysroot.sh)"
    cross/sysroot.sh "$deb" "$out/sysroot-$deb"
    sysroot=(--cross-file "$out/sysroot-$deb/cross.txt")
    export QEMU_LD_PREFIX=$out/sysroot-$deb/root
fi

log "native sahifa-render (the reference for the pixels)"
[ -f "$out/native/build.ninja" ] ||
    meson setup "$out/native" -Dtests=false >"$out/native.setup.log"
ninja -j2 -C "$out/native" render/sahifa-render >"$out/native.build.log"

log "cross build (cross/$arch.txt${sysroot:+ and the sysroot}, -Werror)"
rm -rf "$out/$arch"
meson setup "$out/$arch" --cross-file "cross/$arch.txt" "${sysroot[@]}" -Dwerror=true \
    >"$out/$arch.setup.log" || { tail -30 "$out/$arch.setup.log"; exit 1; }
ninja -j2 -C "$out/$arch" >"$out/$arch.build.log" || { tail -40 "$out/$arch.build.log"; exit 1; }
file -b "$out/$arch/render/sahifa-render" | cut -d, -f1-2
build_s=$((SECONDS - start))

log "test suite under $qemu"
# tests/test-gui.sh starts the reader itself, not through meson's
# exe_wrapper: a foreign binary runs only if the kernel hands it to qemu
# (binfmt_misc). Without that the suite is left out and said so.
no_suite=()
if ! grep -qs '^enabled' "/proc/sys/fs/binfmt_misc/$(basename "$qemu" -static)"; then
    no_suite=(--no-suite gui)
    echo "no binfmt_misc handler for $arch: suite 'gui' not run"
fi
set +e
# Emulation is 3-10x slower and this machine is shared: the timeouts are
# tripled (store-powercut took 43-120 s of its 120 under qemu).
meson test -C "$out/$arch" --num-processes 2 --print-errorlogs "${no_suite[@]}" \
    --timeout-multiplier "${SAHIFA_CROSS_TIMEOUT_MULTIPLIER:-3}" |
    grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Skipped|Timeout):'
set -e
read -r passed failed skipped < <(python3 - "$out/$arch/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP": s += 1
    else: f += 1
print(p, f, s)
PY
)
test_s=$((SECONDS - start - build_s))

log "seed article: x86-64 pages against $arch pages"
# armhf is ILP32: FreeType's smooth rasterizer (ftgrays.c) divides through
# reciprocals sized by `long`, so the same outline (checked identical) can
# get a coverage 1/255 apart in a few pixels: with Debian 12's FreeType
# 2.12.1, 0-0.008% of the glyph pixels of Noto Naskh Arabic and Noto Sans at
# 15-26 px, never by more than 1 level; aarch64, LP64 like x86-64, draws
# every glyph identically. So on armhf a page passes if its A8 coverage is
# at most 1 level off and its ARGB32 pixels differ exactly where the A8
# ones do (the same cause through the theme's colour table); counted apart.
# Anything else fails, on armhf too.
pages=0 same_bytes=0 diff_pages=0 ilp32_pages=0 ilp32_px=0
# levels A B: the largest difference of one channel, in 1/255 levels.
# (compare exits 1 when the images differ: not an error here.)
levels() {
    { compare -metric PAE "$1" "$2" null: 2>&1 || true; } | sed -n 's/.*(\(.*\))/\1/p' |
        awk '{ printf "%d", $1 * 255 + 0.5 }'
}
# mask A B OUT: white where A and B differ.
mask() {
    compare -compose src -highlight-color white -lowlight-color black "$1" "$2" "$3" 2>/dev/null ||
        true
}
for fmt in a8 argb32; do
    x86=$out/pages-x86_64-$fmt tgt=$out/pages-$arch-$fmt
    rm -rf "$x86" "$tgt"
    "$out/native/render/sahifa-render" --format $fmt --out-dir "$x86" "$seed" >/dev/null
    "$qemu" "$out/$arch/render/sahifa-render" --format $fmt --out-dir "$tgt" "$seed" >/dev/null
    n_x86=$(ls "$x86" | wc -l) n_tgt=$(ls "$tgt" | wc -l)
    if [ "$n_x86" != "$n_tgt" ] || [ "$n_x86" = 0 ]; then
        echo "$fmt: $n_x86 pages on x86-64, $n_tgt on $arch"
        diff_pages=$((diff_pages + 1))
        continue
    fi
    for png in "$x86"/page-*.png; do
        name=$(basename "$png")
        pages=$((pages + 1))
        cmp -s "$png" "$tgt/$name" && same_bytes=$((same_bytes + 1))
        # AE: the number of pixels that differ (exit 1 when some do).
        ae=$(compare -metric AE "$png" "$tgt/$name" null: 2>&1) || true
        [ "$ae" = 0 ] && continue
        lv=$(levels "$png" "$tgt/$name")
        mask "$png" "$tgt/$name" "$out/mask-$arch-$fmt-$name"
        ok=false
        if [ "$arch" = armhf ] && [ "$fmt" = a8 ] && [ "$lv" -le 1 ]; then
            ok=true
        elif [ "$arch" = armhf ] && [ "$fmt" = argb32 ] && [ -f "$out/mask-$arch-a8-$name" ] &&
            [ "$(compare -metric AE "$out/mask-$arch-a8-$name" "$out/mask-$arch-$fmt-$name" null: 2>&1 || true)" = 0 ]; then
            ok=true
        fi
        if $ok; then
            echo "$fmt/$name: $ae pixels differ, by at most $lv/255 (armhf's FreeType, see above)"
            ilp32_pages=$((ilp32_pages + 1)) ilp32_px=$((ilp32_px + ae))
        else
            echo "$fmt/$name: $ae pixels differ, by up to $lv/255"
            diff_pages=$((diff_pages + 1))
        fi
    done
    echo "$fmt: $n_x86 pages compared"
done
rm -f "$out"/mask-"$arch"-*.png
echo "pages: $((pages - diff_pages - ilp32_pages))/$pages pixel-identical, $same_bytes/$pages PNG files byte-identical"
[ "$ilp32_pages" -gt 0 ] &&
    echo "pages: $ilp32_pages/$pages with $ilp32_px pixels in all 1/255 apart (armhf's 32-bit FreeType rasterizer)"
echo
echo "$arch: build ${build_s}s, tests ${test_s}s, total $((SECONDS - start))s (wall)"
echo "$arch: skipped $skipped"
echo "$arch: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$diff_pages" -eq 0 ]
