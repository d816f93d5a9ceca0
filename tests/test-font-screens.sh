#!/bin/sh
# test-font-screens.sh SAHIFA SAHIFA_RENDER SOURCE_ROOT - fonts on screen,
# through the real programs:
# - `sahifa --screenshot` of tests/data/fonts-mixed.txt (a bold headline
#   «ارتفاع 3.5% في "الأسعار" (Reuters)», Latin, digits, Hebrew, emoji, flags,
#   punctuation) in the default fonts and with --fonts Amiri, against the
#   reviewed tests/data/ref/fonts-mixed-800x480.png and
#   fonts-mixed-amiri-800x480.png, pixel for pixel above the status bar.
#   Reviewed by eye: every glyph of the headline bold ("3.5%", the quotes and
#   "(Reuters)" as bold as the Arabic; Amiri Bold with Amiri), Hebrew in
#   Noto Sans Hebrew at the Arabic's size, emoji in colour, each flag one
#   picture, the family one picture, no box anywhere. Regenerate a reference
#   only after looking at the new screenshot (kept on failure).
# - the emoji are in colour on the ARGB32 screen: pixels of the thumbs-up
#   row are far from grey (a channel apart from another by 100 or more).
# - `sahifa-render --format a8` of a line of emoji: the A8 page is grey, and
#   its emoji have ink (their darkness over white).
# Skips (77) without ImageMagick, Noto Color Emoji or Amiri.
set -u
sahifa=$1
render=$2
src=$3
wrap=${MESON_EXE_WRAPPER:-}
for tool in compare convert; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "SKIP: $tool not installed (ImageMagick; .ci/deps.sh installs it)"
        exit 77
    fi
done
for fam in 'Noto Naskh Arabic' 'Noto Color Emoji' 'Noto Sans Hebrew' Amiri; do
    if ! fc-list "$fam" 2>/dev/null | grep -q .; then
        echo "SKIP: $fam is not installed (.ci/deps.sh installs it)"
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-font-screens-XXXXXX") || exit 1
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
unset SAHIFA_FONTS
article=$src/tests/data/fonts-mixed.txt
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# The page above the status bar (its rule is at row 450 at 800x480).
PAGE=800x445+0+0

# shot NAME REF [OPTION]...
shot() {
    name=$1
    refname=$2
    ref=$src/tests/data/ref/$refname
    shift 2
    if ! $wrap "$sahifa" --state-dir "$tmp/st-$name" --width 800 --height 480 \
        --screenshot "$tmp/$name.png" "$@" "$article" 2>"$tmp/$name.err"; then
        fail "$name: exit $?: $(cat "$tmp/$name.err")"
        return
    fi
    n=$(compare -metric AE "$tmp/$name.png[$PAGE]" "$ref[$PAGE]" null: 2>&1 | cut -d' ' -f1)
    if [ "$n" = 0 ]; then
        ok "$name: the page is $refname's, pixel for pixel"
    else
        fail "$name: $n pixels differ from $refname (kept: $tmp/$name.png)"
        keep=1
    fi
}
keep=0
shot default fonts-mixed-800x480.png
shot amiri fonts-mixed-amiri-800x480.png --fonts Amiri

# Colour: the most colourful pixel of the emoji rows (rows 215-250).
if [ -s "$tmp/default.png" ]; then
    chroma=$(convert "$tmp/default.png" -crop 800x35+0+215 +repage -colorspace HSL -channel G \
        -separate -format '%[fx:round(maxima*255)]' info: 2>/dev/null)
    if [ "${chroma:-0}" -ge 100 ]; then
        ok "emoji in colour on the ARGB32 screen (saturation up to $chroma)"
    else
        fail "emoji rows have no colour (saturation at most ${chroma:-?})"
    fi
fi

# A8: grey, with the emoji's ink.
printf '👍 😂 🇵🇸 🇪🇬\n' >"$tmp/emoji.txt"
if $wrap "$render" --format a8 --width 400 --height 120 --px 40 --out-dir "$tmp/a8" --quiet \
    "$tmp/emoji.txt" >"$tmp/a8.out" 2>&1 && [ -s "$tmp/a8/page-001.png" ]; then
    type=$(identify -format '%[type]' "$tmp/a8/page-001.png")
    ink=$(convert "$tmp/a8/page-001.png" -format '%[fx:round(mean*100)]' info:)
    levels=$(convert "$tmp/a8/page-001.png" -format '%k' info:)
    case $type in
    Grayscale* | Bilevel) ok "A8 page is grey ($type)" ;;
    *) fail "A8 page is $type, not grey" ;;
    esac
    # White paper is 100; four emoji at 40 px take some of it; a picture,
    # not a box outline, has many grey levels.
    if [ "$ink" -lt 99 ] && [ "$levels" -ge 50 ]; then
        ok "A8 emoji have ink (mean $ink%, $levels grey levels)"
    else
        fail "A8 emoji: mean $ink%, $levels grey levels (want < 99 and >= 50)"
    fi
else
    fail "sahifa-render --format a8: $(cat "$tmp/a8.out")"
fi

[ $keep = 1 ] || rm -rf "$tmp"
[ $failures = 0 ] || { echo "$failures failures"; exit 1; }
echo "all held"
