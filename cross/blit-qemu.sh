#!/bin/sh
# cross/blit-qemu.sh - the page buffers' pixel loops on AArch64 (NEON)
# without a sysroot: render/raster/blit.c and tests/test-blit.c need libc
# only, so the cross compiler's own libc (gcc-aarch64-linux-gnu) is enough
# to build them, and qemu-user runs the result. Builds the test twice, with
# the NEON loops (as meson's `simd=auto` does on AArch64) and with the C
# loops only (`simd=scalar`), runs both, and ends with "blit-qemu: ok" or
# exits 1. The whole application on AArch64: cross/build-and-test.sh.
#   CC=aarch64-linux-gnu-gcc QEMU=qemu-aarch64-static cross/blit-qemu.sh
set -eu
cd "$(dirname "$0")/.."
cc=${CC:-aarch64-linux-gnu-gcc}
qemu=${QEMU:-qemu-aarch64-static}
prefix=${QEMU_LD_PREFIX:-/usr/aarch64-linux-gnu}
for tool in "$cc" "$qemu"; do
    command -v "$tool" >/dev/null || { echo "blit-qemu: $tool is not installed"; exit 77; }
done
out=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-blit-qemu-XXXXXX")
trap 'rm -rf "$out"' EXIT
status=0
for loops in neon scalar; do
    def=""
    [ $loops = neon ] && def=-DSAH_BLIT_NEON
    # The project's flags (meson.build): C11, POSIX 2008, -O2, warnings as errors.
    # shellcheck disable=SC2086 # $def is empty or one word
    "$cc" -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
        $def -I. -Itests render/raster/blit.c tests/test-blit.c -o "$out/test-blit-$loops"
    echo "== $(file -b "$out/test-blit-$loops" | cut -d, -f1-2), $loops loops, under $qemu"
    QEMU_LD_PREFIX=$prefix "$qemu" "$out/test-blit-$loops" || status=1
done
[ $status = 0 ] && echo "blit-qemu: ok" || echo "blit-qemu: FAILED"
exit $status
