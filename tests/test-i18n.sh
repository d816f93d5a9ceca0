#!/bin/sh
# test-i18n.sh SAHIFA - the UI's and the command line's language through the
# real program, from the locale by gettext's rules: a French or a Turkish
# locale reads English (no catalogue), an Arabic one Arabic, the C locale
# English (and $LANGUAGE is ignored there, as gettext does), $LANGUAGE
# picks the first language of its list that has a catalogue; sahifa.ini's
# `lang` overrides the locale and --lang overrides both for the screens (the
# messages on the terminal stay the locale's). The UI is compared
# as a screenshot of the library (byte for byte against --lang en or
# --lang ar), the command line by its messages.
# In a cross build meson test sets MESON_EXE_WRAPPER, which runs SAHIFA.
set -u
sahifa=$1
wrap=${MESON_EXE_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-i18n-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
unset LC_ALL LC_MESSAGES LANG LANGUAGE
mkdir -p "$tmp/config/sahifa" "$tmp/lib"
printf 'A title\n\nThe body of the article.\n' >"$tmp/lib/a.txt"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
n=0

# shot NAME [VAR=VALUE...] -- [OPTION...]: the library screen as a PNG.
shot() {
    name=$1
    shift
    n=$((n + 1))
    vars=
    while [ "$1" != -- ]; do
        vars="$vars $1"
        shift
    done
    shift
    # shellcheck disable=SC2086
    env $vars $wrap "$sahifa" --library "$tmp/lib" --state-dir "$tmp/st$n" \
        --screenshot "$tmp/$name.png" "$@" 2>"$tmp/$name.err" ||
        fail "$name: sahifa --screenshot failed: $(cat "$tmp/$name.err")"
}

shot en -- --lang en
shot ar -- --lang ar
if cmp -s "$tmp/en.png" "$tmp/ar.png"; then
    fail "the Arabic and English screens are the same image"
fi

# same NAME LANG WHY: screenshot NAME is byte for byte --lang LANG's.
same() {
    if cmp -s "$tmp/$1.png" "$tmp/$2.png"; then
        ok "$3: the $2 UI"
    else
        fail "$3: not the $2 UI"
    fi
}

shot fr LANG=fr_FR.UTF-8 --
same fr en "LANG=fr_FR.UTF-8 (no French catalogue)"
shot tr LANG=tr_TR.UTF-8 --
same tr en "LANG=tr_TR.UTF-8 (no Turkish catalogue)"
shot arEG LANG=ar_EG.UTF-8 --
same arEG ar "LANG=ar_EG.UTF-8"
shot lcall LANG=en_US.UTF-8 LC_ALL=ar_SA.UTF-8 --
same lcall ar "LC_ALL=ar_SA.UTF-8 over LANG=en_US.UTF-8"
shot lcmsg LANG=fr_FR.UTF-8 LC_MESSAGES=ar_MA --
same lcmsg ar "LC_MESSAGES=ar_MA over LANG=fr_FR.UTF-8"
shot c LANG=C --
same c en "LANG=C"
shot none --
same none en "no locale set"
shot clang LC_ALL=C LANGUAGE=ar --
same clang en "LC_ALL=C with LANGUAGE=ar (ignored in the C locale)"
shot language LANG=fr_FR.UTF-8 LANGUAGE=fr:ar:en --
same language ar "LANGUAGE=fr:ar:en (French has none, Arabic is next)"
shot override LANG=ar_EG.UTF-8 -- --lang en
same override en "--lang en over LANG=ar_EG.UTF-8"
printf 'lang = ar\n' >"$tmp/config/sahifa/sahifa.ini"
shot ini LANG=fr_FR.UTF-8 --
same ini ar "sahifa.ini's lang = ar over LANG=fr_FR.UTF-8"
shot ini-cli LANG=fr_FR.UTF-8 -- --lang en
same ini-cli en "--lang en over sahifa.ini's lang = ar"
rm "$tmp/config/sahifa/sahifa.ini"

# The command line's messages: an error and the help.
# expect NAME WANT VAR=VALUE... -- ARGS: stderr+stdout of SAHIFA has WANT.
expect() {
    name=$1 want=$2
    shift 2
    vars=
    while [ "$1" != -- ]; do
        vars="$vars $1"
        shift
    done
    shift
    # shellcheck disable=SC2086
    env $vars $wrap "$sahifa" "$@" >"$tmp/out" 2>&1
    if grep -qF -- "$want" "$tmp/out"; then
        ok "$name: '$want'"
    else
        fail "$name: expected '$want', got: $(head -c 300 "$tmp/out")"
    fi
}
expect "--lang xx, French locale" "sahifa: --lang: 'ar' or 'en', not 'xx'" LANG=fr_FR.UTF-8 -- --lang xx
expect "--lang xx, Arabic locale" "sahifa: --lang: 'ar' أو 'en'، لا 'xx'" LANG=ar_EG.UTF-8 -- --lang xx
expect "--help, Arabic locale" "الاستخدام: sahifa" LANG=ar_EG.UTF-8 -- --help
# --lang is the screens' language; the terminal's is the locale's.
expect "--help, Arabic locale, --lang en" "الاستخدام: sahifa" LANG=ar_EG.UTF-8 -- --lang en --help
expect "--help, French locale, --lang ar" "Usage: sahifa" LANG=fr_FR.UTF-8 -- --lang ar --help
expect "--help, Turkish locale" "Usage: sahifa" LANG=tr_TR.UTF-8 -- --help
expect "--find without FILE, Arabic" "sahifa: --find QUERY FILE: أي ملف؟" LANG=ar_EG.UTF-8 -- --find x
expect "--search without words, Arabic" "sahifa: --search: ليس في البحث كلمات" LANG=ar_EG.UTF-8 -- --search "!!"

# A catalogue that is not there: English, one line naming the file.
expect "no catalogue" "LC_MESSAGES/sahifa.mo: cannot use the translations" \
    LANG=ar_EG.UTF-8 SAHIFA_LOCALEDIR="$tmp/none" -- --lang xx
expect "no catalogue: English" "sahifa: --lang: 'ar' or 'en', not 'xx'" \
    LANG=ar_EG.UTF-8 SAHIFA_LOCALEDIR="$tmp/none" -- --lang xx

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all language choices as expected"
