#!/bin/sh
# test-install.sh MESON BUILD_DIR SOURCE_ROOT - `meson install` into a
# scratch root installs a complete program, and it runs from there:
#   - the reader, its man page, the bundled articles, the translations
#     (share/locale/LANG/LC_MESSAGES/sahifa.mo for each of po/LINGUAS); the
#     desktop entry, whose Icon= is installed in hicolor (SVG and PNGs) and
#     whose MimeType= names web pages and EPUB and not every text file; the
#     AppStream metainfo, valid for appstreamcli; the kiosk unit and the
#     sysusers.d entry of its account;
#   - a man page for every installed program, each read by groff without a
#     warning; the developer tools only with -Dtools=true;
#   - no build or source folder named in any installed file;
#   - the installed reader finds its bundled articles and its translations
#     from where it was installed (no $SAHIFA_ASSETS_DIR or
#     $SAHIFA_LOCALEDIR, nothing compiled in from the build);
#   - the committed icons are what data/icons/make-icons.py draws.
set -u
meson=$1
build=$2
src=$3
sanitize=${4:-none}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-install-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
if [ -n "${MESON_EXE_WRAPPER:-}" ]; then
    echo "SKIP: a cross build's installed binaries do not run here"
    exit 77
fi

dest=$tmp/root
if ! "$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1; then
    fail "meson install: $(tail -5 "$tmp/install.log")"
    echo "$failures failures"
    exit 1
fi
prefix=$("$meson" introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
tools=$("$meson" introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="tools"][0])')
root=$dest$prefix
(cd "$dest" && find . ! -type d | sed 's,^\.,,' | sort) >"$tmp/files"

has() { grep -qx "$1" "$tmp/files"; }
for f in "$prefix/bin/sahifa" "$prefix/share/man/man1/sahifa.1" \
    "$prefix/share/sahifa/articles/seed-article-ar.txt" "$prefix/share/sahifa/articles/bundle.ini" \
    "$prefix/share/applications/sahifa.desktop" \
    "$prefix/share/icons/hicolor/scalable/apps/sahifa.svg" \
    "$prefix/share/icons/hicolor/48x48/apps/sahifa.png"; do
    has "$f" && ok "installed: $f" || fail "not installed: $f"
done
if grep -q '/sahifa-kiosk\.service$' "$tmp/files" && grep -q '/sysusers\.d/sahifa\.conf$' "$tmp/files"; then
    ok "the kiosk unit and its account: $(grep -E 'sahifa-kiosk.service$|sysusers' "$tmp/files" | tr '\n' ' ')"
else
    fail "no kiosk unit or sysusers.d entry"
fi
for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
    f=$prefix/share/locale/$lang/LC_MESSAGES/sahifa.mo
    has "$f" && ok "installed: $f" || fail "not installed: $f"
done
for size in 16 22 24 32 48 64 128 256; do
    f=$root/share/icons/hicolor/${size}x${size}/apps/sahifa.png
    got=$(od -An -tu1 -j16 -N8 "$f" 2>/dev/null |
        awk '{ printf "%dx%d", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }')
    [ "$got" = "${size}x${size}" ] || fail "icon ${size}x${size}: a PNG of $got"
done

# Every installed program has its man page; the tools only with -Dtools.
for exe in $(grep "^$prefix/bin/" "$tmp/files"); do
    name=${exe##*/}
    has "$prefix/share/man/man1/$name.1" && ok "man page of $name" || fail "no man page of $name"
done
# Every man page reads without a warning from groff, as lintian's
# groff-message check reads them (a line starting with "." is a macro).
if command -v man >/dev/null 2>&1; then
    for page in "$src"/data/*.1; do
        w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
        [ -z "$w" ] && ok "groff reads ${page##*/} without a warning" || fail "${page##*/}: $w"
    done
fi
if [ "$tools" = "True" ] || [ "$tools" = "true" ]; then
    has "$prefix/bin/sahifa-render" && has "$prefix/bin/sahifa-layout" &&
        ok "-Dtools=true: the tools installed" || fail "-Dtools=true but no tools"
else
    grep -q "^$prefix/bin/sahifa-" "$tmp/files" && fail "tools installed without -Dtools" ||
        ok "the developer tools not installed (no -Dtools)"
fi

# The desktop entry: our icon, the formats we read.
desktop=$root/share/applications/sahifa.desktop
icon=$(sed -n 's/^Icon=//p' "$desktop")
mime=$(sed -n 's/^MimeType=//p' "$desktop")
if [ "$icon" = sahifa ]; then ok "Icon=sahifa"; else fail "Icon=$icon"; fi
for t in text/html application/xhtml+xml application/epub+zip; do
    case ";$mime" in *";$t;"*) ;; *) fail "MimeType= lacks $t: $mime" ;; esac
done
case ";$mime" in *";text/plain;"*) fail "MimeType= claims text/plain" ;; *) ok "MimeType=$mime" ;; esac
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" && ok "desktop-file-validate" || fail "desktop-file-validate"
fi

# AppStream.
metainfo=$(ls "$root"/share/metainfo/*.metainfo.xml 2>/dev/null | head -n 1)
if [ -z "$metainfo" ]; then
    fail "no metainfo installed"
elif ! command -v appstreamcli >/dev/null; then
    echo "note: appstreamcli missing (package appstream): metainfo not validated"
elif appstreamcli validate --no-net --pedantic "$metainfo" >"$tmp/as.log" 2>&1 &&
    ! grep -qE '^[EW]:' "$tmp/as.log"; then
    ok "appstreamcli validate --pedantic: $(tail -n 1 "$tmp/as.log")"
else
    fail "appstreamcli validate: $(cat "$tmp/as.log")"
fi
if grep -q "<launchable type=\"desktop-id\">sahifa.desktop</launchable>" "$metainfo" &&
    [ "$(grep -c '<screenshot' "$metainfo")" -ge 2 ]; then
    ok "metainfo: launchable sahifa.desktop, screenshots"
else
    fail "metainfo lacks the launchable or screenshots"
fi

# No build or source folder inside an installed file. A sanitizer build
# is not a build anyone installs, and ASan keeps each object's source path
# in its global metadata past -ffile-prefix-map: the release builds are
# checked (here, and twice over by .ci/reproducible.sh).
if [ "$sanitize" != none ]; then
    echo "skip: build paths in a -Db_sanitize=$sanitize build"
else
    for dir in "$(cd "$build" && pwd -P)" "$(cd "$src" && pwd -P)"; do
        named=$(cd "$dest" && grep -rlaF "$dir" . || true)
        [ -z "$named" ] && ok "no installed file names $dir" || fail "$dir named in: $named"
    done
fi

# The installed reader, run from the scratch root, finds its articles there.
HOME=$tmp/home XDG_STATE_HOME=$tmp/state XDG_CACHE_HOME=$tmp/cache XDG_DATA_HOME=$tmp/data \
    XDG_CONFIG_HOME=$tmp/config XDG_CONFIG_DIRS=$tmp/none XDG_DATA_DIRS=$tmp/none \
    SAHIFA_ASSETS_DIR= "$root/bin/sahifa" --list >"$tmp/list" 2>&1
if grep -qF "($root/share/sahifa/articles/seed-article-ar.txt)" "$tmp/list"; then
    ok "the installed reader lists the installed seed article"
else
    fail "installed --list: $(cat "$tmp/list")"
fi

# ... and speaks Arabic in an Arabic locale from the catalogue installed
# beside it: a refused --kashida says so in the locale's language.
env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ar_EG.UTF-8 HOME=$tmp/home \
    XDG_CONFIG_HOME=$tmp/config XDG_CONFIG_DIRS=$tmp/none SAHIFA_LOCALEDIR= \
    "$root/bin/sahifa" --kashida sideways >"$tmp/ar.out" 2>&1
if grep -qF "sahifa: --kashida: off أو moderate أو strong، لا 'sideways'" "$tmp/ar.out"; then
    ok "the installed reader reads its installed Arabic catalogue"
else
    fail "installed reader in ar_EG.UTF-8: $(head -n 2 "$tmp/ar.out")"
fi

# The icons: drawn again (the sizes that take a moment), compared.
mkdir "$tmp/icons"
if python3 "$src/data/icons/make-icons.py" "$tmp/icons" 16 24 32 48 &&
    for s in 16 24 32 48; do cmp "$tmp/icons/sahifa-$s.png" "$src/data/icons/sahifa-$s.png" || exit 1; done &&
    cmp "$tmp/icons/sahifa.svg" "$src/data/icons/sahifa.svg"; then
    ok "the committed icons are what make-icons.py draws"
else
    fail "data/icons differ from make-icons.py's drawing: run it again"
fi

echo "$failures failures"
[ "$failures" = 0 ]
