#!/bin/sh
# test-kiosk-unit.sh SAHIFA SOURCE_ROOT - the kiosk unit
# (data/sahifa-kiosk.service, its @BINDIR@ the folder of SAHIFA) and its
# account (data/sahifa.sysusers):
#   - systemd-analyze security --offline=true rates it 2.5 or less;
#   - systemd-analyze verify says nothing about it;
#   - systemd-sysusers makes the account it names, with the unit's state
#     folder as its home and no login shell;
#   - the reader runs under the unit's system call filter and socket
#     families (tests/kiosk-seccomp.py; a call outside the filter kills it),
#     as an unprivileged user and, where this machine lets us, in a network
#     namespace of its own: a screenshot is written and a headless kiosk is
#     still up after 3 s and ends with 0 on SIGTERM.
# What no test here can check: the KMSDRM display and the devices of the
# unit's DeviceAllow= (no DRM device here), and the unit's mount and
# namespace settings (they need systemd as PID 1): docs/kiosk.md says how to
# check those on a Pi. Each part skips (with a note) when its tool is
# missing; the whole test skips (77) without systemd-analyze.
set -u
sahifa="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src=$2
wrap=${MESON_EXE_WRAPPER:-}
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze not installed"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-kiosk-unit-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
unit=$tmp/sahifa-kiosk.service
sed "s,@BINDIR@,$(dirname "$sahifa")," "$src/data/sahifa-kiosk.service" >"$unit"

# 1. The exposure (systemd 250 and later rate a unit file offline).
if systemd-analyze security --offline=true "$unit" >"$tmp/security" 2>&1; then
    exposure=$(sed -n 's/.*Overall exposure level for sahifa-kiosk.service: \([0-9.]*\).*/\1/p' \
        "$tmp/security")
    if [ -n "$exposure" ] && awk "BEGIN { exit !($exposure <= 2.5) }"; then
        ok "systemd-analyze security: exposure $exposure (at most 2.5)"
    else
        grep '✗' "$tmp/security"
        fail "systemd-analyze security: exposure '$exposure', expected at most 2.5"
    fi
elif grep -q "offline" "$tmp/security"; then
    echo "note: this systemd-analyze cannot rate a unit file offline: $(head -1 "$tmp/security")"
else
    cat "$tmp/security"
    fail "systemd-analyze security failed"
fi

# 2. verify: no message at all (systemd only warns about unknown keys).
msg=$(systemd-analyze verify --man=no "$unit" 2>&1)
[ -z "$msg" ] && ok "systemd-analyze verify: no message" ||
    fail "systemd-analyze verify: $msg"

# 3. The account, made in an empty root.
if command -v systemd-sysusers >/dev/null 2>&1; then
    root=$tmp/root
    mkdir -p "$root/etc" "$root/usr/lib/sysusers.d"
    cp "$src/data/sahifa.sysusers" "$root/usr/lib/sysusers.d/sahifa.conf"
    if systemd-sysusers --root="$root" >"$tmp/sysusers" 2>&1; then
        line=$(grep '^sahifa:' "$root/etc/passwd")
        home=$(echo "$line" | cut -d: -f6)
        shell=$(echo "$line" | cut -d: -f7)
        state=$(sed -n 's/^StateDirectory=\([^ ]*\).*/\1/p' "$unit")
        case $shell in */nologin | */false) nologin=yes ;; *) nologin=no ;; esac
        if [ -n "$line" ] && [ "$home" = "/var/lib/$state" ] && [ $nologin = yes ] &&
            grep -q '^User=sahifa$' "$unit" && grep -q '^sahifa:' "$root/etc/group"; then
            ok "systemd-sysusers makes user sahifa (home $home, shell $shell) and its group"
        else
            fail "systemd-sysusers: passwd line '$line', the unit's StateDirectory '$state'"
        fi
    else
        fail "systemd-sysusers: $(cat "$tmp/sysusers")"
    fi
else
    echo "note: systemd-sysusers not installed: the account is not checked"
fi

# 4. The reader under the unit's filter. A sanitizer's runtime makes calls
# of its own (outside any service's filter): not run then.
if [ -n "$wrap" ]; then
    echo "note: a cross build (run through $wrap): the filter run is left to a native build"
elif ldd "$sahifa" 2>/dev/null | grep -Eq 'lib(a|ub|t)san'; then
    echo "note: a sanitizer build: the filter run is left to the release build"
elif ! command -v python3 >/dev/null 2>&1; then
    echo "note: python3 not installed: the filter run is skipped"
else
    home=$tmp/home
    mkdir -p "$home"
    as=
    if [ "$(id -u)" = 0 ]; then
        # The kiosk never runs as root (and SQLite chowns its journal as root).
        chown 65534:65534 "$home"
        as="--user 65534"
    fi
    netns=
    if unshare -n true 2>/dev/null; then
        netns="unshare -n"
    elif unshare -rn true 2>/dev/null; then
        netns="unshare -rn"
    else
        echo "note: no network namespace here (unshare -n refused): run with the host's"
    fi
    export XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
    # shellcheck disable=SC2086 # $netns and $as are words or nothing
    $netns python3 "$src/tests/kiosk-seccomp.py" "$unit" $as -- "$sahifa" \
        --screenshot "$home/shot.png" "$src/assets/articles/seed-article-ar.txt" 2>"$tmp/err"
    rc=$?
    if [ $rc = 77 ]; then
        echo "note: $(tail -1 "$tmp/err")"
    elif [ $rc = 0 ] && [ -s "$home/shot.png" ]; then
        ok "a screenshot under the unit's filter${netns:+, in a network namespace}${as:+, as uid 65534}"
        # shellcheck disable=SC2086
        $netns python3 "$src/tests/kiosk-seccomp.py" "$unit" $as -- "$sahifa" --headless --kiosk \
            >"$tmp/out" 2>"$tmp/err" &
        pid=$!
        sleep 3
        if kill -0 $pid 2>/dev/null; then
            kill -TERM $pid
            wait $pid
            rc=$?
            [ $rc = 0 ] && ok "a headless kiosk under the filter runs until SIGTERM (exit 0)" ||
                fail "the headless kiosk under the filter ended with $rc: $(cat "$tmp/err")"
        else
            wait $pid
            fail "the headless kiosk under the filter ended by itself (exit $?): $(cat "$tmp/err")"
        fi
    else
        fail "a screenshot under the unit's filter: exit $rc (159: a call outside the filter): $(cat "$tmp/err")"
    fi
fi

[ $failures = 0 ] || exit 1
echo "kiosk-unit: all passed"
