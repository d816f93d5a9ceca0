#!/usr/bin/env bash
# bench/pass-instr.sh [BUILD_DIR] - the whole cold pass (decode, layout,
# paginate and raster of every page) of sahifa-render beside the Pango peer
# (../shared/peers/pango-pager, built here into a temporary folder), in
# instructions (callgrind) and in wall time, A8 and ARGB32, on the seed and
# on the 50-copy corpus. Issue 20's first target is 5x Pango in both.
#
# Instructions per pass: (N passes - 1 pass) / (N - 1) under callgrind, so
# that start-up (fonts, the first renders into the glyph cache, which both
# programs keep across passes) is left out: N = 3 on the seed, 2 on the
# corpus (800 pages). Wall time: median of the per-pass medians of RUNS
# alternating runs of each program (30 passes on the seed, 5 on the corpus).
# A release build is what the figures mean (meson setup build-rel
# --buildtype=release -Dtests=false); exit 0 whatever the figures.
#   RUNS=3 ONLY=seed|corpus FORMATS="a8 argb32" bench/pass-instr.sh build-rel
# PEERS names another copy of the peers' folder; SIMD=off passes --simd off;
# KASHIDA=off passes --kashida off (justified by the spaces alone, as Pango
# justifies; the default is sahifa-render's, kashida moderate).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
: "${RUNS:=3}" "${ONLY:=}" "${FORMATS:=a8 argb32}" "${PEERS:=../shared/peers}" "${SIMD:=on}"
: "${KASHIDA:=}"
command -v valgrind >/dev/null || { echo "pass-instr.sh: needs valgrind" >&2; exit 1; }
ninja -C "$build" render/sahifa-render >/dev/null
ours=$build/render/sahifa-render
opts=() # sahifa-render's own options
[ "$SIMD" = off ] && opts=(--simd off)
[ -n "$KASHIDA" ] && opts+=(--kashida "$KASHIDA")
seed=assets/articles/seed-article-ar.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq 50); do cat "$seed"; printf '\n'; done >"$work/corpus50.txt"

peer=""
if [ -d "$PEERS" ]; then
    cp -r "$PEERS" "$work/peers" && chmod -R u+w "$work/peers"
    if make -s -C "$work/peers" pango-pager >/dev/null 2>&1; then
        peer=$work/peers/pango-pager
    else
        echo "note: the Pango peer did not build (libpango1.0-dev libcairo2-dev missing?)"
    fi
else
    echo "note: $PEERS not found: our figures only"
fi

run() { # run PROGRAM PASSES FORMAT FILE [VALGRIND ARGS...]: one run, its output
    local prog=$1 passes=$2 fmt=$3 file=$4 cmd
    shift 4
    cmd=("$prog")
    [ "$prog" = "$ours" ] && cmd+=("${opts[@]}")
    cmd+=(--quiet --repeat "$passes" --format "$fmt" "$file")
    [ $# = 0 ] || cmd=(valgrind "$@" "${cmd[@]}")
    "${cmd[@]}"
}
instr() { # instr PROGRAM PASSES FORMAT FILE: callgrind's total
    run "$@" --tool=callgrind --callgrind-out-file="$work/cg.out" >/dev/null 2>"$work/cg.err" ||
        { cat "$work/cg.err" >&2; exit 1; }
    sed -n 's/^totals: //p' "$work/cg.out"
}
per_pass() { # per_pass PROGRAM N FORMAT FILE: instructions of one cold pass
    local one many
    one=$(instr "$1" 1 "$3" "$4")
    many=$(instr "$1" "$2" "$3" "$4")
    echo $(((many - one) / ($2 - 1)))
}
wall() { # wall PROGRAM PASSES FORMAT FILE: the run's median ms per pass
    run "$@" | awk '/ms per pass: median/ { print $5 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "== cold pass: sahifa-render vs pango-pager ($(uname -m), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
echo "sahifa: $ours ${opts[*]:+${opts[*]} }--quiet --repeat N --format FORMAT FILE"
[ -z "$peer" ] || echo "Pango:  $PEERS/pango-pager --quiet --repeat N --format FORMAT FILE"
echo "instructions: valgrind --tool=callgrind, (N passes - 1 pass) / (N - 1); N = 3 seed, 2 corpus"
printf '%-16s %12s %12s %7s   %10s %10s %7s\n' "" "sahifa instr" "Pango instr" ratio \
    "sahifa ms" "Pango ms" ratio
for which in seed corpus; do
    [ -n "$ONLY" ] && [ "$ONLY" != "$which" ] && continue
    if [ $which = seed ]; then file=$seed n=3 passes=30; else file=$work/corpus50.txt n=2 passes=5; fi
    for fmt in $FORMATS; do
        a=$(per_pass "$ours" $n "$fmt" "$file")
        p=""
        [ -z "$peer" ] || p=$(per_pass "$peer" $n "$fmt" "$file")
        : >"$work/ours.ms" && : >"$work/peer.ms"
        for _ in $(seq "$RUNS"); do
            wall "$ours" $passes "$fmt" "$file" >>"$work/ours.ms"
            [ -z "$peer" ] || wall "$peer" $passes "$fmt" "$file" >>"$work/peer.ms"
        done
        am=$(median <"$work/ours.ms")
        pm=$([ -z "$peer" ] || median <"$work/peer.ms")
        awk -v l="$which $fmt" -v a="$a" -v p="$p" -v am="$am" -v pm="$pm" 'BEGIN {
            printf "%-16s %11.2fM %11s %7s   %10.3f %10s %7s\n", l, a / 1e6,
                p == "" ? "-" : sprintf("%.2fM", p / 1e6), p == "" ? "-" : sprintf("%.2fx", p / a),
                am, pm == "" ? "-" : sprintf("%.3f", pm), pm == "" ? "-" : sprintf("%.2fx", pm / am) }'
    done
done
