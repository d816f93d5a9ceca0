#!/bin/sh
# Installs what sahifa needs to build, run and test on Debian 12 (bookworm).
# Used by the README's first command and by .ci/run. Run as root (or sudo).
set -e
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps: installing packages needs root, and there is no sudo here: run it as root (su -c 'sh .ci/deps.sh')" >&2
        exit 1
    fi
    exec sudo sh "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
# A failed index fetch (a mirror mid-sync, a foreign architecture's index)
# is not fatal by itself: the install below fails if a package is missing.
apt-get update -qq || apt-get update -qq ||
    echo "deps: apt-get update failed; installing from the package lists already here" >&2
apt-get install -y -qq --no-install-recommends \
    build-essential meson ninja-build pkg-config \
    libharfbuzz-dev libfribidi-dev libfreetype-dev libfontconfig-dev libicu-dev \
    libsdl2-dev libsqlite3-dev libjansson-dev libpng-dev libxml2-dev libzip-dev \
    libjpeg62-turbo-dev libwebp-dev libgif-dev zlib1g-dev \
    fonts-noto-core fonts-dejavu-core fonts-noto-color-emoji \
    libraqm-dev unicode-data libsdl2-ttf-dev \
    nettle-dev libxxhash-dev libinih-dev libstemmer-dev gettext \
    fonts-hosny-amiri fonts-sil-scheherazade fonts-kacst \
    xvfb xauth xdotool imagemagick time python3 \
    appstream rsync systemd man-db \
    clang libclang-rt-14-dev cppcheck clang-tidy clang-format valgrind \
    >/dev/null
