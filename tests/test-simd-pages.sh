#!/bin/sh
# test-simd-pages.sh SAHIFA_RENDER SOURCE_ROOT - the pages drawn through the
# build's SIMD pixel loops (SSE2, NEON) are the pages drawn through the
# portable C ones (sahifa-render --simd off), byte for byte: every page of
# the bundled articles in A8 and ARGB32 (three themes), at reading sizes
# (glyph masks of 4-15 px, the narrow paths) and at 44 px (masks of 16 px
# and more), with no margin so that glyphs are clipped at the page's edges.
# Skips (77) without the default fonts.
set -u
render=$1
src=$2
wrap=${MESON_EXE_WRAPPER:-}
if ! fc-list 'Noto Naskh Arabic' 2>/dev/null | grep -q .; then
    echo "SKIP: Noto Naskh Arabic is not installed (fonts-noto-core)"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-simd-pages-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 pages=0 n=0
loops=$($wrap "$render" --quiet "$src/assets/articles/guide-en.txt" | sed -n 's/^pixel loops: //p')
echo "pixel loops of this build: $loops"
# article|options: the seed's 16 pages in each format, and the guides'
# Latin and Arabic at the sizes and clips above.
while IFS='|' read -r article opts; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # $opts are words
    $wrap "$render" --quiet $opts --out-dir "$tmp/simd-$n" "$src/assets/articles/$article.txt" \
        </dev/null >/dev/null || { echo "FAIL: $article $opts: sahifa-render failed"; fail=1; continue; }
    # shellcheck disable=SC2086
    $wrap "$render" --quiet --simd off $opts --out-dir "$tmp/c-$n" \
        "$src/assets/articles/$article.txt" </dev/null >/dev/null ||
        { echo "FAIL: $article $opts --simd off: sahifa-render failed"; fail=1; continue; }
    count=$(ls "$tmp/simd-$n" | wc -l)
    if [ "$count" -eq 0 ] || [ "$count" != "$(ls "$tmp/c-$n" | wc -l)" ]; then
        echo "FAIL: $article $opts: $count pages with SIMD, $(ls "$tmp/c-$n" | wc -l) without"
        fail=1
        continue
    fi
    for png in "$tmp/simd-$n"/*.png; do
        pages=$((pages + 1))
        if ! cmp -s "$png" "$tmp/c-$n/$(basename "$png")"; then
            echo "FAIL: $article $opts: $(basename "$png") differs between $loops and C"
            fail=1
        fi
    done
done <<EOF
seed-article-ar|--format a8
seed-article-ar|--format argb32 --theme night
guide-ar|--format argb32 --px 44 --margin 0 --theme sepia
guide-ar|--format a8 --px 15 --margin 0 --width 333 --height 201
guide-en|--format argb32 --px 15 --margin 0 --width 333 --height 201
guide-en|--format a8 --px 44 --margin 0
EOF
echo "simd-pages: $pages pages compared ($loops against C), $([ $fail = 0 ] && echo all identical || echo SOME DIFFER)"
exit $fail
