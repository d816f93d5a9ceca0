#!/usr/bin/env bash
# bench/instructions.sh [BUILD_DIR] - instruction budget of the reader's
# moments, counted by callgrind (valgrind --tool=callgrind): exact and
# repeatable on a noisy shared machine, where times are not.
#
# Runs, on the seed article, build/bench/bench-reader-instr (the reader
# screen as the app drives it: phases at the top of bench-reader-instr.c)
# and build/bench/bench-instr (the engine's parts: bench-instr.c), and
# prints, per moment, the instructions (x86-64, the build's own
# optimization) and the projected time on a Raspberry Pi 3 class board:
#
#   ms = instructions x ARM_FACTOR / (PI_GHZ x 1e9 x PI_IPC) x 1e3
#
# PI_GHZ=1.2 (Cortex-A53 of the Pi 3 B), PI_IPC=0.7 (a dual-issue in-order
# core on branchy, cache-missing code: shaping and font loading), and
# ARM_FACTOR=1.0: AArch64 code of this kind runs about as many
# instructions as x86-64 (fewer spills, more registers, but no memory
# operands); on a Pi with valgrind installed the same script counts the
# AArch64 instructions themselves and the factor is not needed.
# Environment variables override the three numbers. Note: callgrind counts
# each iteration of x86's "rep movs/stos" (glibc's memcpy/memset on large
# blocks) as an instruction, so big copies count more here than the NEON
# loops they are on a Pi.
#
# Launches are counted as the second and later ones are: with the font
# memo the first launch wrote (fontchain.h); the first launch, which asks
# fontconfig, is printed too.
#
# Long articles (issue 20's moments), generated in a temporary folder:
# long = 480 copies of the seed (8.2 MB; the parser hides the copies as
# repeats, so it reads as the seed), distinct = 480 copies each line of
# which ends in its copy's number (8.4 MB, nothing hidden: thousands of
# pages to count). Both open by their head (article.h's
# sah_article_load_head(): page 1 from the first 32 KiB) and are parsed
# whole on a worker thread (app/ui/bgparse.h), waited for here and printed
# apart (it runs on another core); the first step after it swaps the whole
# article in (the page found again and drawn). For each: the launch to
# page 1 beside the seed's, the whole parse, the largest single step of
# work ahead among the first 600 (main.c looks at the input queue between
# two; the identity comes with the whole parse, then pages are counted),
# and on the distinct one a font size step 90% through (laid out from the
# place's paragraph: anchored pages, render/page/pager.h), a turn back from
# there at once, and the largest of the 600 steps of work ahead after them
# (the pages before the place counted from the start, one a step).
#
# The library's cold index (bench-library N --cold-once): N articles of 17
# KB, every one read, parsed and keyed (XXH3-128; the SHA-256 identity is
# the index step's), and listed; N=100 (LIB_N) under callgrind, printed
# with its x20 for 2,000 (the per-article cost is flat: no step of the scan
# is worse than linear; the cache's creation, about 3 M once, is counted
# 20 times so). Then the search index the
# listing leaves for the app's idle loop: two steps a file (read, parsed
# and hashed; its words inserted) and a commit every 32 files, printed as
# the average a file; then SAHIFA_BENCH_STEPS=1 bench-library 40
# --cold-once counts each step apart: its largest (the first file, whose
# words are all new to the index) and the commit are printed with the
# median, against the 2 M of a step.
#
# And the real app's launch (bench/launch-instr.sh): from exec() to the
# first frame presented, on SDL's offscreen driver and on X11 under Xvfb
# (skipped without xvfb-run), then its work until idle (the font memo's
# check among it).
#
# Targets: a page turn under 2 M instructions, the first page under 40 M,
# a step of work ahead under 2 M, a reflow under 30 M, the app's launch to
# its first frame under 60 M. Exit status 0 whatever the figures (a
# benchmark, not a test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build}
: "${PI_GHZ:=1.2}" "${PI_IPC:=0.7}" "${ARM_FACTOR:=1.0}"
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind" >&2; exit 1; }
ninja -C "$build" bench/bench-instr bench/bench-reader-instr bench/bench-library >/dev/null
: "${LIB_N:=100}"
seed=$root/assets/articles/seed-article-ar.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run PROGRAM NAME ARGS...: one callgrind run; NAME.tsv gets
# "phase<TAB>instructions".
run() {
    local prog=$1 name=$2
    shift 2
    valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" \
        "$build/bench/$prog" "$@" "$seed" >"$work/$name.log" 2>"$work/$name.err" ||
        { cat "$work/$name.err" >&2; exit 1; }
    for f in "$work/$name".out.*; do
        printf '%s\t%s\n' "$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")" \
            "$(sed -n 's/^totals: //p' "$f")"
    done >"$work/$name.tsv"
}

# launch NAME ENV... -- ARGS...: the real app's launch counted by
# bench/launch-instr.sh, twice on one set of folders: the first launch
# ever (fontconfig asked, the memo and the library's index written) and the
# next one (every launch but the first). NAME-first.tsv and NAME.tsv get
# "moment<TAB>instructions". ENV: variables for the app; DISPLAY=xvfb runs
# it in a fresh Xvfb (xvfb-run).
launch() {
    local name=$1 env=() xvfb=()
    shift
    while [ "$1" != -- ]; do
        if [ "$1" = DISPLAY=xvfb ]; then xvfb=(xvfb-run -a -s "-screen 0 800x480x24"); else env+=("$1"); fi
        shift
    done
    shift
    local home=$work/launch-$name
    env+=("XDG_STATE_HOME=$home/state" "XDG_DATA_HOME=$home/data" "XDG_CONFIG_HOME=$home/config"
          "XDG_CACHE_HOME=$home/cache")
    for run in first next; do
        "${xvfb[@]}" env "${env[@]}" bench/launch-instr.sh "$build/app/sahifa" "$home/cg" "$@" \
            >"$work/$name-$run.tsv" || { echo "instructions.sh: launch $name failed" >&2; exit 1; }
    done
}
ninja -C "$build" app/sahifa >/dev/null
launch offscreen-library -- --headless
launch offscreen-seed -- --headless "$seed"
x11=no
if command -v xvfb-run >/dev/null; then
    x11=yes
    # A UTF-8 locale, as a desktop has: libX11's input method would compile
    # en_US.UTF-8/Compose (what the app skips: platform/video.c).
    launch x11-library DISPLAY=xvfb SDL_VIDEODRIVER=x11 LC_ALL=C.UTF-8 -- 
    launch x11-seed DISPLAY=xvfb SDL_VIDEODRIVER=x11 LC_ALL=C.UTF-8 -- "$seed"
    compose=/usr/share/X11/locale/en_US.UTF-8/Compose
    [ -f "$compose" ] && launch x11-compose DISPLAY=xvfb SDL_VIDEODRIVER=x11 LC_ALL=C.UTF-8 \
        XCOMPOSEFILE=$compose --
fi

memo=$work/fonts.memo
# The first launch: fontconfig, and the memo written for the others.
run bench-reader-instr reader-first --font-memo "$memo"
run bench-reader-instr reader --steps 600 --font-memo "$memo"
run bench-instr argb32 --format argb32 --font-memo "$memo"
run bench-instr a8 --format a8 --font-memo "$memo"
python3 - "$seed" "$work" <<'PY'
import sys
seed, work = sys.argv[1], sys.argv[2]
text = open(seed, encoding="utf-8").read()
open(f"{work}/long.txt", "w", encoding="utf-8").write(text * 480)
lines = text.split("\n")
with open(f"{work}/distinct.txt", "w", encoding="utf-8") as f:
    for k in range(1, 481):
        f.write("\n".join(l + f" ({k})" if l.strip() else l for l in lines) + "\n")
PY
seed=$work/long.txt run bench-reader-instr long --turns 1 --steps 600 --font-memo "$memo"
seed=$work/distinct.txt run bench-reader-instr distinct --turns 1 --steps 600 --deep \
    --font-memo "$memo"
SAHIFA_SOURCE_ROOT=$root valgrind --tool=callgrind --callgrind-out-file="$work/library.out" \
    "$build/bench/bench-library" "$LIB_N" --cold-once >"$work/library.log" 2>"$work/library.err" ||
    { cat "$work/library.err" >&2; exit 1; }
for f in "$work"/library.out.*; do
    printf '%s\t%s\n' "$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")" \
        "$(sed -n 's/^totals: //p' "$f")"
done >"$work/library.tsv"
SAHIFA_SOURCE_ROOT=$root SAHIFA_BENCH_STEPS=1 valgrind --tool=callgrind \
    --callgrind-out-file="$work/steps.out" "$build/bench/bench-library" 40 --cold-once \
    >"$work/steps.log" 2>"$work/steps.err" || { cat "$work/steps.err" >&2; exit 1; }
for f in "$work"/steps.out.*; do
    printf '%s\t%s\n' "$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")" \
        "$(sed -n 's/^totals: //p' "$f")"
done >"$work/steps.tsv"

python3 - "$work" "$PI_GHZ" "$PI_IPC" "$ARM_FACTOR" "$LIB_N" "$x11" <<'PY'
import os, statistics, sys
work, ghz, ipc, factor, lib_n = sys.argv[1], *map(float, sys.argv[2:6])
x11 = sys.argv[6] == "yes"

def load(name):
    return {k: int(v) for k, v in (l.rstrip("\n").split("\t") for l in open(f"{work}/{name}.tsv"))}

def ms(instr):
    return instr * factor / (ghz * 1e9 * ipc) * 1e3

def moments(c):
    turns = sorted(int(k.split("-")[1]) for k in c if k.startswith("turn-") and k.endswith("-layout"))
    t = lambda p: (c[f"{p}-layout"], c[f"{p}-draw"])
    turn = [t(f"turn-{n}") for n in turns]
    by_total = sorted(turn, key=sum)
    return [
        ("start, open, page 1", c["startup"] + c["open"] + c["page1-layout"], c["page1-draw"], None),
        ("  of which open (fonts)", c["open"], 0, None),
        ("another article to page 1", *t("reopen"), None),
        (f"next page from scratch, median {len(turn)}", *by_total[len(turn) // 2], None),
        ("next page from scratch, worst", *by_total[-1], None),
        ("reflow 20 -> 24 px", *t("reflow"), None),
    ]

def steps_of(c, prefix):
    return [v for k, v in c.items() if k.startswith(prefix) and k[len(prefix):].isdigit()]

def reader_moments(c):
    turns = sorted(int(k.split("-")[1]) for k in c if k.startswith("turn-") and k.endswith("-press"))
    press = sorted(c[f"turn-{n}-press"] for n in turns)
    ahead = sorted(sum(steps_of(c, f"turn-{n}-ahead-")) for n in turns)
    step = max(max(steps_of(c, f"turn-{n}-ahead-"), default=0) for n in turns)
    bigger = steps_of(c, "bigger-ahead-")
    return [
        ("launch to the first frame", c["startup"] + c["launch"], 40e6),
        ("  of which startup (loader)", c["startup"], None),
        ("work ahead on page 1", sum(steps_of(c, "step-")) + c["ahead-rest"], None),
        ("  its largest step", max(steps_of(c, "step-")), 2e6),
        (f"page turn, median of {len(press)}", press[len(press) // 2], 2e6),
        ("page turn, worst", press[-1], 2e6),
        ("work ahead per turn, median", ahead[len(ahead) // 2], None),
        ("work ahead per turn, worst", ahead[-1], None),
        ("  its largest step", step, 2e6),
        ("font size step to its frame", c["bigger-press"], 30e6),
        ("  and its work ahead", sum(bigger), None),
        ("  its largest step", max(bigger, default=0), 2e6),
    ]

def row(label, tot, target, lay=None, draw=None, width=32):
    verdict = "" if target is None else ("ok" if tot < target else f"OVER {target / 1e6:g} M")
    cols = "" if lay is None else f"{lay / 1e6:7.2f}M " + (f"{draw / 1e6:7.2f}M" if draw else " " * 8)
    t = f"{tot / 1e6:7.2f}M" if tot >= 1e5 else f"{tot / 1e3:7.1f}K"
    m = f"{ms(tot):7.1f}ms" if ms(tot) >= 0.1 else f"{ms(tot):7.3f}ms"
    print(f"  {label:<{width}} {cols} {t} {m}  {verdict}")

print(f"Pi 3 projection: {ghz:g} GHz x {ipc:g} instructions/cycle, "
      f"x86-64 -> AArch64 factor {factor:g}")
print("\nThe reader (app/ui/reader.h as main.c drives it), 800x480, 22 px; a turn shows the")
print("neighbour drawn while the page before was read, then draws the next one ahead:")
print(f"  {'moment':<32} {'total':>8} {'Pi 3':>9}  target")
for label, tot, target in reader_moments(load("reader")):
    row(label, tot, target)
first = load("reader-first")
row("first launch ever (fontconfig)", first["startup"] + first["launch"], None)

print("\nLong articles, as the reader above (seed: its launch; the rest beside it):")
print(f"  {'moment':<32} {'total':>8} {'Pi 3':>9}  target")
reader = load("reader")
row("seed: launch to page 1", reader["launch"], None)
for name, title in (("long", "8.2 MB (480 copies)"), ("distinct", "8.4 MB (480 distinct)")):
    c = load(name)
    row(f"{title}: launch to page 1", c["launch"], 40e6)
    row("  more than the seed's", c["launch"] - reader["launch"], None)
    if "whole-parse" in c:
        row("  whole parse (worker thread)", c["whole-parse"], None)
    steps = sorted(v for k, v in c.items() if k.startswith("step-"))
    if steps:
        row(f"  largest of {len(steps)} steps ahead", steps[-1], 2e6)
        row(f"  median step ahead", steps[len(steps) // 2], None)
    row("  font size step (page 2)", c["bigger-press"], 30e6)
    bigger = steps_of(c, "bigger-ahead-")
    row("  and the largest step ahead after it", max(bigger, default=0), 2e6)
    if "deep-reflow" in c:
        row("  font size step 90% through", c["deep-reflow"], 30e6)
    if "deep-back" in c:
        row("  then a turn back at once", c["deep-back"], None)
    deep = sorted(v for k, v in c.items() if k.startswith("deep-step-"))
    if deep:
        row(f"  then the largest of {len(deep)} steps ahead", deep[-1], 2e6)
libc = load("library")
lib = libc["cold"]
print(f"\nThe library's cold index (bench-library {lib_n:g} --cold-once), 17 KB articles:")
row(f"{lib_n:g} articles", lib, None)
row(f"  x{2000 / lib_n:g}: 2,000 articles", lib * 2000 / lib_n, 1.5e9)
row("  per article", lib / lib_n, None)
if "index" in libc:
    print("  then the search index in the app's idle loop (two steps a file, a commit each 32):")
    row(f"  {lib_n:g} articles", libc["index"], None)
    row("  per article (two steps)", libc["index"] / lib_n, None)
    row("  per step, on average", libc["index"] / (2 * lib_n), None)
stepc = load("steps")
steps = [stepc[f"step-{k}"] for k in range(1, len(stepc) + 1) if f"step-{k}" in stepc]
if steps:
    s = sorted(steps)
    print(f"  each step apart (SAHIFA_BENCH_STEPS=1 bench-library 40, {len(steps)} steps):")
    row("  median step", s[len(s) // 2], 2e6)
    row("  the largest step", s[-1], 2e6)
    over = [v for v in steps if v >= 2e6]
    print(f"    {len(over)} of {len(steps)} steps over 2 M: "
          + ", ".join(f"step {steps.index(v) + 1} {v / 1e6:.2f}M" for v in over))

print("\nThe real app's launch (bench/launch-instr.sh: exec(), the dynamic loader included,")
print("to the first frame presented; then the work until it is idle), 800x480, every")
print("launch but the first (the font memo and the library's index written):")
W = 50
print(f"  {'moment':<{W}} {'total':>8} {'Pi 3':>9}  target")
rows = [("offscreen", "offscreen-library", "the library"), ("offscreen", "offscreen-seed", "the seed article")]
if x11:
    rows += [("X11 (Xvfb, C.UTF-8)", "x11-library", "the library"),
             ("X11 (Xvfb, C.UTF-8)", "x11-seed", "the seed article")]
for driver, name, what in rows:
    c = load(f"{name}-next")
    row(f"{driver}: {what}, to the first frame", c["first-present"], 60e6, width=W)
    row("  then its work until idle (the work ahead)", c["after-first"], None, width=W)
    row("  of which the font memo's check", c["revalidate"], None, width=W)
    row("  the very first launch, to the first frame", load(f"{name}-first")["first-present"], None,
        width=W)
if x11 and os.path.exists(f"{work}/x11-compose-next.tsv"):
    row("X11, the library, with libX11's Compose table", load("x11-compose-next")["first-present"],
        None, width=W)
    print("  (XCOMPOSEFILE set to en_US.UTF-8/Compose: what every launch did before)")
if not x11:
    print("  (X11 left out: xvfb-run is not installed)")

for name, title in (("argb32", "The engine's parts (bench-instr), ARGB32 page 480x800, 20 px"),
                    ("a8", "The same, A8 page (coverage only)")):
    print(f"\n{title}:")
    print(f"  {'moment':<32} {'layout':>8} {'draw':>8} {'total':>8} {'Pi 3':>9}")
    for label, lay, draw, target in moments(load(name)):
        row(label, lay + draw, target, lay, draw)
PY
