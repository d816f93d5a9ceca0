#!/bin/sh
# test-i18n-catalogue.sh SOURCE_ROOT - the translations cover the messages:
# xgettext extracts the messages of po/POTFILES with po/meson.build's marks
# (the UI's table app/ui/uistrings.c, the command line's _() and sah_ntr())
# into a fresh template; each po/<lang>.po of po/LINGUAS, merged with it,
# must have every message translated (none untranslated, none fuzzy: a
# message added to the code and not to the .po fails here), and
# `msgfmt -c` must pass without a word (formats, plural forms, header).
set -u
src=$1
for tool in xgettext msgmerge msgfmt; do
    command -v $tool >/dev/null || { echo "SKIP: $tool (gettext) is not installed"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-catalogue-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The marks, as po/meson.build gives them to xgettext.
args=$(grep -o "'--keyword=[^']*'" "$src/po/meson.build" | tr -d "'" | tr '\n' ' ')
case $args in *NCP_*) ;; *) fail "no --keyword=NCP_ read from po/meson.build: $args" ;; esac
grep -v '^#' "$src/po/POTFILES" | grep . >"$tmp/files"
# shellcheck disable=SC2086
(cd "$src" && xgettext --from-code=UTF-8 --add-comments=TRANSLATORS $args \
    --files-from="$tmp/files" -o "$tmp/sahifa.pot") || fail "xgettext failed"
total=$(grep -c '^msgid ' "$tmp/sahifa.pot")
total=$((total - 1)) # the header
[ "$total" -ge 150 ] || fail "only $total messages extracted"
echo "$total messages in the sources"

for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
    po=$src/po/$lang.po
    msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/sahifa.pot" -o "$tmp/$lang.po" ||
        { fail "$lang: msgmerge failed"; continue; }
    stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
    echo "$lang (merged): $stats"
    case $stats in
    "$total translated messages.") ;;
    *) fail "$lang: not every message is translated: $stats" ;;
    esac
    # The .po as committed: no message the code no longer has.
    obsolete=$(grep -c '^#~ msgid' "$tmp/$lang.po")
    [ "$obsolete" = 0 ] || fail "$lang: $obsolete messages the code no longer has"
    check=$(msgfmt -c --statistics -o /dev/null "$po" 2>&1)
    echo "$lang: msgfmt -c: $check"
    [ "$check" = "$total translated messages." ] || fail "$lang: msgfmt -c: $check"
done
grep -qx 'ar' "$src/po/LINGUAS" || fail "po/LINGUAS has no ar"
grep -q '^"Plural-Forms: nplurals=6;' "$src/po/ar.po" || fail "po/ar.po: not six plural forms"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "every message translated in every language"
