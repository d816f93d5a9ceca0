#!/bin/sh
# test-font-memo.sh SAHIFA - the font memo's stamp (fonts/fontstamp.h)
# through the real program: the window on SDL's offscreen driver, its
# --stats at exit saying whether fontconfig was loaded, the memo file read
# back. fontconfig is given a configuration of its own: the system's, with
# DejaVu's folder rejected, and a folder of the test's own holding only
# DejaVu Sans Bold, so that "DejaVu Sans" is answered by the bold file until
# the regular one is copied beside it.
#  1. the first launch asks fontconfig and writes the memo with its stamp;
#  1b. the memo holds the font file's answer of sah_font_words_independent()
#     (font.h: a walk of its lookups) with the file's size and time;
#  2. the next launch, nothing changed: its first page and the revalidation
#     after it without fontconfig (--stats "fontconfig not loaded"), the
#     memo not written again (the font's answer taken from it: walked
#     again, it would be written again);
#  3. a font copied into the folder: noticed, fontconfig asked again, and
#     the memo names the regular file now;
#  4. the configuration file edited, or FONTCONFIG_FILE naming another:
#     fontconfig asked again.
# Skips (77) without DejaVu Sans and its bold (SAHIFA_FONT_DEJAVU, set by
# tests/meson.build) or when the default fonts are not installed (every
# launch loads fontconfig then, to look for them).
set -u
sahifa=$1
dejavu=${SAHIFA_FONT_DEJAVU:-}
bold=${dejavu%/*}/DejaVuSans-Bold.ttf
if [ -z "$dejavu" ] || [ ! -f "$dejavu" ] || [ ! -f "$bold" ]; then
    echo "SKIP: DejaVuSans.ttf and DejaVuSans-Bold.ttf not found (fonts-dejavu-core)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export XDG_CACHE_HOME=$tmp/cache SAHIFA_FONTS="DejaVu Sans"
mkdir -p "$tmp/fonts/dejavu"
cp "$bold" "$tmp/fonts/dejavu/"
conf() {
    cat >"$1" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$tmp/fonts</dir>
  <cachedir>$tmp/cache/fc</cachedir>
  <selectfont><rejectfont><glob>${dejavu%/*}/*</glob></rejectfont></selectfont>
</fontconfig>
EOF
}
conf "$tmp/fonts.conf"
export FONTCONFIG_FILE=$tmp/fonts.conf
printf 'Title\n\nA body of text.\n' >"$tmp/a.txt"
memo=$tmp/s/fonts.memo
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# launch NAME: the app until it has checked its font memo (its --stats
# then say so), 20 s at most; NAME.err is its standard error.
launch() {
    for wait in 2 5 13; do
        "$sahifa" --headless --stats --state-dir "$tmp/s" "$tmp/a.txt" 2>"$tmp/$1.err" &
        pid=$!
        sleep $wait
        kill -TERM $pid
        wait $pid
        grep -q "stats: fontconfig" "$tmp/$1.err" &&
            ! grep -q "font memo not checked yet" "$tmp/$1.err" && return 0
    done
    fail "$1: the font memo was not checked in 20 s: $(cat "$tmp/$1.err")"
}
stamp() { stat -c '%i %Y.%y' "$memo" 2>/dev/null; }
answer() { grep "^DejaVu Sans	" "$memo" | cut -f5; }

# 1. The first launch.
launch first
if grep -q "not installed" "$tmp/first.err"; then
    echo "SKIP: fonts of the default chain are not installed: $(grep -m1 'not installed' "$tmp/first.err")"
    exit 77
fi
grep -q "fontconfig loaded" "$tmp/first.err" && ok "the first launch loads fontconfig" ||
    fail "first launch: $(cat "$tmp/first.err")"
[ "$(answer)" = "$tmp/fonts/dejavu/DejaVuSans-Bold.ttf" ] &&
    grep -q "^	P	-*[0-9]*	[0-9]*	$tmp/fonts/dejavu$" "$memo" &&
    ok "the memo holds the answer and the stamp of its folder" ||
    fail "memo after the first launch: $(cat "$memo")"

words=$(grep "^+words-.*	$tmp/fonts/dejavu/DejaVuSans-Bold.ttf$" "$memo")
size=$(stat -c %s "$tmp/fonts/dejavu/DejaVuSans-Bold.ttf")
case $words in
"+words-"*"dependent	$size	"*"	$tmp/fonts/dejavu/DejaVuSans-Bold.ttf")
    ok "the memo holds the font file's words answer, with its size" ;;
*) fail "no words answer for the font file in the memo: $(cat "$memo")" ;;
esac

# 2. Nothing changed.
before=$(stamp)
launch same
grep -q "fontconfig not loaded" "$tmp/same.err" &&
    ok "nothing changed: the memo checked without fontconfig" ||
    fail "nothing changed, yet: $(grep 'stats: fontconfig' "$tmp/same.err")"
[ "$(stamp)" = "$before" ] && ok "and not written again" || fail "the memo was written again"

# 3. A font copied into the folder.
sleep 0.05 # another time than the folder had
cp "$dejavu" "$tmp/fonts/dejavu/"
launch added
grep -q "fontconfig loaded" "$tmp/added.err" && ok "a font added: fontconfig asked again" ||
    fail "a font added, yet: $(grep 'stats: fontconfig' "$tmp/added.err")"
[ "$(answer)" = "$tmp/fonts/dejavu/DejaVuSans.ttf" ] &&
    ok "the memo names the regular file now" || fail "the memo still says $(answer)"
launch again
grep -q "fontconfig not loaded" "$tmp/again.err" && ok "then the new stamp holds" ||
    fail "after the new stamp: $(grep 'stats: fontconfig' "$tmp/again.err")"

# 4. The configuration edited; another configuration file.
sleep 0.05
conf "$tmp/fonts.conf"
launch edited
grep -q "fontconfig loaded" "$tmp/edited.err" && ok "the configuration edited: fontconfig asked" ||
    fail "configuration edited, yet: $(grep 'stats: fontconfig' "$tmp/edited.err")"
conf "$tmp/other.conf"
FONTCONFIG_FILE=$tmp/other.conf launch other
grep -q "fontconfig loaded" "$tmp/other.err" && ok "another FONTCONFIG_FILE: fontconfig asked" ||
    fail "another FONTCONFIG_FILE, yet: $(grep 'stats: fontconfig' "$tmp/other.err")"

echo "test-font-memo: $failures failed"
[ "$failures" = 0 ]
