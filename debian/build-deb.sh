#!/usr/bin/env bash
# debian/build-deb.sh [ARCH] - builds the sahifa .deb for ARCH (default: this
# machine's; arm64 or armhf cross-build with the packages of
# .ci/deps-cross.sh) from a copy of the tree, then checks it:
#   - lintian (errors and warnings fail; pedantic tags are shown and fail
#     too; overrides, each with its reason, in debian/*lintian-overrides),
#   - dpkg -c lists the files the package must install (binaries, bundled
#     articles, man pages of every binary, the .desktop file, its icon, the
#     AppStream metainfo, the kiosk unit),
#   - appstreamcli validate on the packaged metainfo,
#   - Depends names the fonts of the default chain,
#   - systemd-analyze verify on the packaged unit and its security exposure
#     (at most 2.5), desktop-file-validate on the .desktop file (when they
#     exist),
#   - the unit's account: a sysusers.d file in the package, made by the
#     postinst (systemd-sysusers).
# dpkg-buildpackage writes its products to the parent folder, so the copy
# lives in $SAHIFA_DEB_DIR/ARCH/sahifa (default build-deb/, ignored by git)
# and the .deb ends up in $SAHIFA_DEB_DIR/ARCH. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_arch=$(dpkg --print-architecture)
arch=${1:-$build_arch}
out=${SAHIFA_DEB_DIR:-$root/build-deb}/$arch
passed=0 failed=0
check() { # check NAME COMMAND...: one line per check
    if "${@:2}"; then
        passed=$((passed + 1)); echo "ok   $1"
    else
        failed=$((failed + 1)); echo "FAIL $1"
    fi
}

rm -rf "$out"
mkdir -p "$out/sahifa"
# Tracked and new files, not what .gitignore keeps out (build trees).
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$out/sahifa"
flags=(-us -uc -b)
[ "$arch" != "$build_arch" ] && flags+=("-a$arch" -Pnocheck)
echo "== dpkg-buildpackage ${flags[*]} (log: $out/build.log)"
start=$SECONDS
if ! (cd "$out/sahifa" && dpkg-buildpackage "${flags[@]}") >"$out/build.log" 2>&1; then
    tail -40 "$out/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "built in $((SECONDS - start))s"
deb=$(ls "$out"/sahifa_*_"$arch".deb)
ls -l "$deb" | awk '{print $5, $NF}'

echo "== lintian"
lintian_ok() { lintian --fail-on error,warning,pedantic -I --pedantic "$out"/*.changes; }
check "lintian --pedantic: no errors, warnings or pedantic tags" lintian_ok

echo "== contents"
dpkg -c "$deb" | awk '{print $6}' | sed 's,^\./,/,' >"$out/contents.txt"
expected=(/usr/bin/sahifa /usr/bin/sahifa-render /usr/bin/sahifa-layout
    /usr/share/sahifa/articles/bundle.ini /usr/share/sahifa/articles/seed-article-ar.txt
    /usr/share/sahifa/articles/guide-ar.txt /usr/share/sahifa/articles/guide-en.txt
    /usr/share/man/man1/sahifa-render.1.gz /usr/share/man/man1/sahifa-layout.1.gz
    /usr/share/man/man1/sahifa.1.gz /usr/share/doc/sahifa/copyright
    /usr/share/applications/sahifa.desktop /usr/share/icons/hicolor/scalable/apps/sahifa.svg
    /usr/share/icons/hicolor/48x48/apps/sahifa.png
    /usr/share/metainfo/example.r_seed_386cf0bb.sahifa.metainfo.xml)
for f in "${expected[@]}"; do
    check "dpkg -c: $f" grep -qx "$f" "$out/contents.txt"
done
desktop=$(grep -E '^/usr/share/applications/.*\.desktop$' "$out/contents.txt" || true)
unit=$(grep -E '^/(usr/)?lib/systemd/system/.*\.service$' "$out/contents.txt" || true)
for f in data/*.desktop; do
    [ -e "$f" ] && check "dpkg -c: a .desktop file ($f)" test -n "$desktop"
done
for f in data/*.service; do
    [ -e "$f" ] && check "dpkg -c: a systemd unit ($f)" test -n "$unit"
done
if [ -f data/sahifa.sysusers ]; then
    check "dpkg -c: /usr/lib/sysusers.d/sahifa.conf" grep -qx /usr/lib/sysusers.d/sahifa.conf \
        "$out/contents.txt"
    postinst_sysusers() {
        dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst 2>/dev/null |
            grep -q '^ *systemd-sysusers .*sahifa.conf'
    }
    check "postinst runs systemd-sysusers sahifa.conf" postinst_sysusers
fi
metainfo_ok() {
    dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/metainfo/example.r_seed_386cf0bb.sahifa.metainfo.xml \
        >"$out/metainfo.xml" && appstreamcli validate --no-net --pedantic "$out/metainfo.xml"
}
command -v appstreamcli >/dev/null && check "appstreamcli validate --pedantic (metainfo)" metainfo_ok
file_arch=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/sahifa-render | file -b - | cut -d, -f2)
echo "sahifa-render:$file_arch"

# The packaged engine renders the packaged seed article (under qemu-user
# when the package is for another architecture).
x=$out/extracted
dpkg-deb -x "$deb" "$x"
case $arch in
    "$build_arch") run=() ;;
    arm64) run=(qemu-aarch64-static) ;;
    armhf) run=(qemu-arm-static) ;;
esac
render() {
    "${run[@]}" "$x/usr/bin/sahifa-render" --out-dir "$out/pages" \
        "$x/usr/share/sahifa/articles/seed-article-ar.txt" >/dev/null &&
        [ -s "$out/pages/page-001.png" ]
}
check "packaged sahifa-render draws the packaged seed article" render

echo "== control"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for p in fonts-noto-core fonts-dejavu-core; do
    check "Depends: $p" grep -qw "$p" <<<"$depends"
done

if [ -n "$unit$desktop" ]; then
    echo "== unit and desktop file"
    # The unit names /usr/bin/sahifa, which this machine need not have: a
    # copy pointing into the extracted package is verified (--man=no: its
    # Documentation= page is checked in the contents above). Any message
    # fails, unknown keys included (systemd only warns about those).
    verify() {
        local d=$out/unit-check
        mkdir -p "$d"
        sed "s,^ExecStart=\(-\?\)/usr/,ExecStart=\1$x/usr/," "$x$1" >"$d/$(basename "$1")"
        local msg
        msg=$(systemd-analyze verify --man=no "$d/$(basename "$1")" 2>&1) && [ -z "$msg" ] ||
            { echo "$msg"; return 1; }
    }
    # The sandbox: systemd-analyze's exposure of the packaged unit
    # (systemd 250 and later rate a unit file offline).
    exposure() {
        local e
        e=$(systemd-analyze security --offline=true "$out/unit-check/$(basename "$1")" 2>&1 |
            sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
        echo "exposure: ${e:-none}"
        [ -n "$e" ] && awk "BEGIN { exit !($e <= 2.5) }"
    }
    for u in $unit; do
        command -v systemd-analyze >/dev/null && check "systemd-analyze verify $u" verify "$u"
        command -v systemd-analyze >/dev/null &&
            check "systemd-analyze security $u: exposure at most 2.5" exposure "$u"
    done
    for d in $desktop; do
        command -v desktop-file-validate >/dev/null &&
            check "desktop-file-validate $d" desktop-file-validate "$x$d"
    done
fi
[ -z "$unit" ] && echo "note: no systemd unit in the package (data/ has none yet)"
[ -z "$desktop" ] && echo "note: no .desktop file in the package (data/ has none yet)"
echo
echo "$arch .deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
