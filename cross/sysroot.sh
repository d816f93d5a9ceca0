#!/usr/bin/env bash
# cross/sysroot.sh ARCH DIR - a sysroot of Debian's ARCH libraries in
# DIR/root, unpacked from their .debs (apt-get download, dpkg -x), not
# installed: for cross/build-and-test.sh when the :ARCH packages cannot be
# installed beside this machine's own.
#
# Multiarch (.ci/deps-cross.sh) needs a foreign library at exactly the
# version of the native one (Multi-Arch: same). When the mirror's ARCH
# index of bookworm-security cannot be fetched (caught mid-sync) while this
# machine already has the security updates, nothing can be installed for
# ARCH; an unpacked sysroot has no such tie to the machine's versions.
#
# Also writes DIR/cross.txt, a meson cross file to give after cross/ARCH.txt
# (--cross-file cross/ARCH.txt --cross-file DIR/cross.txt): the compiler
# and linker get --sysroot, pkg-config the sysroot's .pc files. Programs
# built against it run under qemu-user with QEMU_LD_PREFIX=DIR/root.
# Needs root (dpkg --add-architecture, apt-get update); the cross compiler
# and qemu-user-static come from the machine (crossbuild-essential-ARCH).
# ARCH: arm64 or armhf. A sysroot whose package list has not changed is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
arch=${1:?usage: cross/sysroot.sh arm64|armhf DIR}
dir=${2:?usage: cross/sysroot.sh arm64|armhf DIR}
case $arch in
    arm64) triplet=aarch64-linux-gnu ;;
    armhf) triplet=arm-linux-gnueabihf ;;
    *) echo "sysroot.sh: unknown architecture $arch" >&2; exit 2 ;;
esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ "$(id -u)" != 0 ]; then
    exec sudo "$0" "$arch" "$dir"
fi

dpkg --add-architecture "$arch"
apt-get update -qq 2>"$dir/apt-update.log" ||
    echo "sysroot.sh: apt-get update reported errors (see $dir/apt-update.log); continuing" >&2

# What installing the -dev packages would bring in on an empty machine: the
# whole closure, every package at the version the ARCH indexes have.
want=("libc6:$arch" "libc6-dev:$arch")
while read -r p; do
    [ -n "$p" ] && want+=("$p:$arch")
done < <(sed 's/#.*//' .ci/cross-dev-packages)
: >"$dir/empty-status"
apt-get install -s --no-install-recommends -o Dir::State::status="$dir/empty-status" "${want[@]}" \
    >"$dir/resolve.log" 2>&1 || { tail -20 "$dir/resolve.log"; exit 1; }
sed -n "s/^Inst \([^ ]*:$arch\) (\([^ ]*\) .*/\1=\2/p" "$dir/resolve.log" | sort >"$dir/packages.new"
if cmp -s "$dir/packages.new" "$dir/packages" && [ -d "$dir/root/usr" ]; then
    echo "sysroot: $dir/root is up to date ($(wc -l <"$dir/packages") packages)"
    exit 0
fi

rm -rf "$dir/debs" "$dir/root"
mkdir -p "$dir/debs" "$dir/root"
mapfile -t pkgs <"$dir/packages.new"
(cd "$dir/debs" && apt-get download "${pkgs[@]}") >"$dir/download.log" 2>&1 ||
    { tail -20 "$dir/download.log"; exit 1; }
for d in "$dir"/debs/*.deb; do
    dpkg -x "$d" "$dir/root"
done
# Absolute symlinks (libz.so -> /lib/.../libz.so.1) point into this machine,
# which has no ARCH libraries: point them into the sysroot.
find "$dir/root" -lname '/*' -print0 | while IFS= read -r -d '' l; do
    ln -sfn "$dir/root$(readlink "$l")" "$l"
done
mv "$dir/packages.new" "$dir/packages"

cat >"$dir/cross.txt" <<EOF
# Written by cross/sysroot.sh: give it after cross/$arch's cross file.
[constants]
sysroot = '$dir/root'

[binaries]
# The machine's pkg-config, told where the sysroot is by the properties.
pkgconfig = 'pkg-config'

[properties]
sys_root = sysroot
pkg_config_libdir = [sysroot + '/usr/lib/$triplet/pkgconfig', sysroot + '/usr/share/pkgconfig']

[built-in options]
c_args = ['--sysroot=' + sysroot]
c_link_args = ['--sysroot=' + sysroot]
EOF
echo "sysroot: $(wc -l <"$dir/packages") $arch packages in $dir/root ($(du -sh "$dir/root" | cut -f1))"
