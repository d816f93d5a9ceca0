#!/usr/bin/env bash
# bench/run.sh [BUILD_DIR] - every benchmark of the engine, side by side with
# the Pango peer built from ../shared/peers (beside the repository) when it is
# there. Prints medians and ratios measured in the same run; nothing is
# asserted (figures, not tests: CI machines are noisy).
#
#   meson setup build && ninja -C build && bench/run.sh build
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
seed=assets/articles/seed-article-ar.txt
work="$build/bench-work"
mkdir -p "$work"

# The 50-copy corpus, as the peers' Makefile makes it.
corpus="$work/corpus50.txt"
if [ ! -s "$corpus" ]; then
    for i in $(seq 50); do cat "$seed"; printf '\n'; done > "$corpus"
fi

peer=""
if [ -d ../shared/peers ]; then
    rm -rf "$work/peers" && cp -r ../shared/peers "$work/peers" && chmod -R u+w "$work/peers"
    if make -s -C "$work/peers" pango-pager raqm-line >/dev/null 2>&1; then
        peer="$work/peers/pango-pager"
    else
        echo "note: the Pango peer did not build (libpango1.0-dev libcairo2-dev missing?)"
    fi
else
    echo "note: ../shared/peers not found: our figures only"
fi

field() { # field LABEL FILE: the number after "LABEL" in FILE
    awk -v k="$1" 'index($0, k) { s = substr($0, index($0, k) + length(k)); split(s, a, " "); print a[1]; exit }' "$2"
}
rss() { # rss FILE: peak RSS in MB from /usr/bin/time -v
    awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

run_pair() { # run_pair NAME FILE PASSES FORMAT [extra sahifa args]
    local name=$1 file=$2 passes=$3 fmt=$4; shift 4
    local o="$work/$name.sahifa" p="$work/$name.peer"
    /usr/bin/time -v "$build/render/sahifa-render" --quiet --repeat "$passes" --format "$fmt" "$@" "$file" >"$o" 2>"$o.time"
    local ours pages lay ras first
    ours=$(field "ms per pass: median " "$o")
    pages=$(field "pages per pass: " "$o")
    lay=$(field "layout+paginate " "$o")
    ras=$(field "rasterize+free " "$o")
    first=$(field "first page ready: " "$o")
    printf '%-28s sahifa: %3s pages, pass %8s ms (layout+paginate %7s, raster %7s), first page %6s ms, peak RSS %5s MB\n' \
        "$name" "$pages" "$ours" "$lay" "$ras" "$first" "$(rss "$o.time")"
    if [ -n "$peer" ] && [ "$*" = "" ]; then
        /usr/bin/time -v "$peer" --quiet --repeat "$passes" --format "$fmt" "$file" >"$p" 2>"$p.time"
        local theirs tp tl tr
        theirs=$(field "ms per pass: median " "$p")
        tp=$(field "pages per pass: " "$p")
        tl=$(field "layout+paginate " "$p")
        tr=$(field "rasterize+free " "$p")
        printf '%-28s pango:  %3s pages, pass %8s ms (layout+paginate %7s, raster %7s),                    peak RSS %5s MB\n' \
            "" "$tp" "$theirs" "$tl" "$tr" "$(rss "$p.time")"
        printf '%-28s ratio:  pass %sx, layout+paginate %sx, raster %sx faster; RSS %sx of Pango\n' \
            "" "$(ratio "$theirs" "$ours")" "$(ratio "$tl" "$lay")" "$(ratio "$tr" "$ras")" \
            "$(ratio "$(rss "$o.time")" "$(rss "$p.time")")"
    fi
}

echo "== machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== sahifa-render vs pango-pager (cold passes: empty shape and layout caches)"
run_pair "seed A8 (30 passes)" "$seed" 30 a8
run_pair "seed ARGB32 (30 passes)" "$seed" 30 argb32
run_pair "corpus A8 (5 passes)" "$corpus" 5 a8
run_pair "corpus ARGB32 (5 passes)" "$corpus" 5 argb32
echo "== warm passes (shape and analysis caches kept: a re-layout)"
run_pair "seed A8 warm (30 passes)" "$seed" 30 a8 --warm
run_pair "corpus A8 warm (5 passes)" "$corpus" 5 a8 --warm
echo "== text engine alone (bench-layout)"
if [ -n "$peer" ]; then
    "$build/bench/bench-layout" --peer "$peer" "$seed" | sed 's/^/  /'
else
    "$build/bench/bench-layout" "$seed" | sed 's/^/  /'
fi
echo "== hostile mark runs, every member of tests/attach-family.h (bench-attach)"
"$build/bench/bench-attach" --seed "$seed" | sed 's/^/  /'
echo "== rasterizer alone, warm glyph cache (bench-raster)"
"$build/bench/bench-raster" --runs 200 2>/dev/null | sed 's/^/  /' | tail -8
echo "== the article parser (bench-parse)"
if [ -x "$build/bench/bench-parse" ]; then
    "$build/bench/bench-parse" --big 2>/dev/null | sed 's/^/  /'
fi
echo "== library (bench-library)"
if [ -x "$build/bench/bench-library" ]; then
    "$build/bench/bench-library" 2>/dev/null | sed 's/^/  /' | tail -6
fi
echo "== an EPUB periodical of 50 articles: open and listing (bench-epub; target <= 200 ms)"
if [ -x "$build/bench/bench-epub" ]; then
    "$build/bench/bench-epub" 2>/dev/null | sed 's/^/  /'
fi
echo "== search: the library's index, queries, find in 858 KB (bench-search)"
if [ -x "$build/bench/bench-search" ]; then
    "$build/bench/bench-search" 2>/dev/null | sed 's/^/  /'
fi
echo "== the largest articles: 8 MiB in one paragraph and other shapes (bench-bigarticle)"
if [ -x "$build/bench/bench-bigarticle" ]; then
    "$build/bench/bench-bigarticle" --runs 5 --sahifa "$build/app/sahifa" 2>/dev/null | sed 's/^/  /'
fi
echo "== the article parser on the real scraped pages (bench/real-articles.sh BUILD_DIR lists the failures)"
bench/real-articles.sh "$build" | tail -2 | sed 's/^/  /'
echo "== a page with a photo: the first page of an article with its 1200x800 JPEG (bench-photo)"
if [ -x "$build/bench/bench-photo" ]; then
    "$build/bench/bench-photo" 2>/dev/null | sed 's/^/  /'
fi
echo "== web pages: Readability's test pages, beside python3-readability (bench-html.sh)"
"$(dirname "$0")/bench-html.sh" "$build" 2>/dev/null | sed 's/^/  /'
