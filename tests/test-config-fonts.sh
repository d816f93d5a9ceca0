#!/bin/sh
# test-config-fonts.sh SAHIFA SOURCE_ROOT - fonts that name nothing installed
# (`fonts =` in sahifa.ini, --fonts, SAHIFA_FONTS) through the real program:
# the article still opens, in the default fonts, and the screens show a
# notice naming the fonts in a band across the top. Before, every article
# failed to open ("cannot lay out the article"), exit 1.
# Checked on 800x480 screenshots: the notice's name is drawn (two missing
# names give bands that differ and pages below them that are the same);
# the page under the band is the default fonts' page moved down; the
# library shows the same band; without the setting there is no band and no
# message. Skips (77) without ImageMagick or the default fonts.
set -u
sahifa=$1
src=$2
wrap=${MESON_EXE_WRAPPER:-}
for tool in compare convert; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "SKIP: $tool not installed (ImageMagick; .ci/deps.sh installs it)"
        exit 77
    fi
done
if ! fc-list 'Noto Naskh Arabic' 2>/dev/null | grep -q .; then
    echo "SKIP: Noto Naskh Arabic is not installed (fonts-noto-core)"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-config-fonts-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
unset SAHIFA_FONTS
mkdir -p "$tmp/config/sahifa"
ini=$tmp/config/sahifa/sahifa.ini
seed=$src/assets/articles/seed-article-ar.txt
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# shot NAME INI_TEXT [OPTION]...: a screenshot with its own state dir;
# stderr in $tmp/NAME.err.
shot() {
    name=$1
    printf '%s' "$2" >"$ini"
    shift 2
    $wrap "$sahifa" --state-dir "$tmp/st-$name" --screenshot "$tmp/$name.png" "$@" \
        2>"$tmp/$name.err"
    rc=$?
    [ $rc = 0 ] && [ -s "$tmp/$name.png" ] ||
        fail "$name: exit $rc, no screenshot: $(cat "$tmp/$name.err")"
}
# differ A B GEOMETRY: how many pixels differ in that crop of A and B.
differ() {
    convert "$tmp/$1.png" -crop "$3" +repage "$tmp/c1.png"
    convert "$tmp/$2.png" -crop "$3" +repage "$tmp/c2.png"
    compare -metric AE "$tmp/c1.png" "$tmp/c2.png" null: 2>&1 | cut -d' ' -f1
}
# The band at 800x480 (scale 1): one bold line and its rule, about 62 px;
# its text lies within the top 44 px, the page starts below 70.
BAND=800x44+0+0
BELOW=800x410+0+70

shot plain '' "$seed"
shot missing 'fonts = NoSuchFamily
' "$seed"
shot missing2 'fonts = NoSuchFamilyAtAll
' "$seed"
shot cli '' --fonts NoSuchFamily "$seed"
export SAHIFA_FONTS=NoSuchFamily
shot env '' "$seed"
unset SAHIFA_FONTS
shot library 'fonts = NoSuchFamily
'
shot both 'fonts = Noto Sans,NoSuchFamily
' "$seed"

want='sahifa: fonts "NoSuchFamily": no usable font; the default fonts are used'
for n in missing cli env library both; do
    w=$want
    [ $n = both ] && w='sahifa: fonts "Noto Sans,NoSuchFamily": no usable font; the default fonts are used'
    if grep -qxF "$w" "$tmp/$n.err"; then
        ok "$n: stderr says '$w'"
    else
        fail "$n: expected the line '$w', got: $(cat "$tmp/$n.err")"
    fi
done
if [ -s "$tmp/plain.err" ]; then
    fail "plain: expected no message, got: $(cat "$tmp/plain.err")"
fi

d=$(differ missing missing2 $BAND)
if [ "$d" -gt 200 ] 2>/dev/null; then
    ok "the band draws the fonts' name ($d pixels differ between two names)"
else
    fail "the band does not show the name: $d pixels differ between two names"
fi
d=$(differ missing missing2 $BELOW)
[ "$d" = 0 ] && ok "the article under the band is the same for both names (default fonts)" ||
    fail "the article under the band differs between two missing names: $d pixels"
for n in cli env library; do
    d=$(differ missing $n $BAND)
    [ "$d" = 0 ] && ok "$n: the same band as fonts = in sahifa.ini" ||
        fail "$n: its band differs from sahifa.ini's by $d pixels"
done
# The article in the default fonts, pushed down under the band: the top of
# the plain page is somewhere below the band of the notice's page.
convert "$tmp/plain.png" -crop 800x300+0+0 +repage "$tmp/top.png"
at=
for y in $(seq 44 100); do
    convert "$tmp/missing.png" -crop 800x300+0+$y +repage "$tmp/c2.png"
    if [ "$(compare -metric AE "$tmp/top.png" "$tmp/c2.png" null: 2>&1 | cut -d' ' -f1)" = 0 ]; then
        at=$y
        break
    fi
done
[ -n "$at" ] && ok "the article is the default fonts' page, $at px down, under the band" ||
    fail "the page under the band is not the plain page (default fonts) moved down"
d=$(differ plain missing $BAND)
if [ "$d" -gt 500 ] 2>/dev/null; then
    ok "without the setting there is no band ($d pixels differ at the top)"
else
    fail "the band is not there: $d pixels differ at the top from a plain screenshot"
fi

[ $failures = 0 ] || exit 1
echo "config-fonts: all passed"
