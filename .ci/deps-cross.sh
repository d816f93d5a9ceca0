#!/bin/sh
# Installs what the cross builds need (cross/build-and-test.sh, the arm64
# .deb): Debian's cross compilers (crossbuild-essential-ARCH: g++ too, which
# meson's debcrossgen asks for in dpkg-buildpackage -aARCH), qemu-user, and
# the -dev packages that the build links for each target (multiarch). Not run by .ci/run:
# it is several hundred megabytes (CI time). Run as root (or sudo).
# Usage: .ci/deps-cross.sh [arm64] [armhf]   (default: both)
set -e
if [ "$(id -u)" != 0 ]; then
    exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
arches=${*:-arm64 armhf}

# The -dev packages the build links (.ci/cross-dev-packages, shared with
# cross/sysroot.sh).
devs=$(sed 's/#.*//' "$(dirname "$0")/cross-dev-packages")

# One architecture per apt-get update: a mirror caught mid-sync on one
# index makes apt keep none of that run's new lists, and a target's libs must
# match the host's versions exactly (Multi-Arch: same), security updates
# included.
for a in $arches; do
    case $a in
        arm64) tools="crossbuild-essential-arm64" ;;
        armhf) tools="crossbuild-essential-armhf" ;;
        *) echo "deps-cross.sh: unknown architecture $a" >&2; exit 2 ;;
    esac
    dpkg --add-architecture "$a"
    apt-get update -qq ||
        echo "deps-cross.sh: apt-get update reported errors; continuing" >&2
    # libc6:ARCH puts the target's dynamic loader where qemu-user looks for
    # it (/lib/ld-linux-*.so), so no -L sysroot is needed.
    pkgs="libc6:$a"
    for d in $devs; do pkgs="$pkgs $d:$a"; done
    if ! apt-get install -y -qq --no-install-recommends \
        qemu-user-static dpkg-dev debhelper meson ninja-build pkgconf \
        $tools $pkgs >/dev/null; then
        # Leave the machine as it was: a foreign architecture whose index
        # the mirror cannot serve would make every later apt-get update
        # (.ci/deps.sh's included) fail. (The packages of a target whose
        # versions cannot match this machine's: cross/sysroot.sh.)
        if ! dpkg-query -W -f '${Architecture}\n' | grep -qx "$a"; then
            dpkg --remove-architecture "$a"
            apt-get update -qq || true
        fi
        echo "deps-cross.sh: could not install the $a packages" >&2
        exit 1
    fi
done
