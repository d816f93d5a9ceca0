#!/bin/sh
# test-journal.sh SAHIFA - log lines for the journal (platform/log.h),
# through the real program:
#   - when stderr is the journal (JOURNAL_STREAM names the device and inode
#     of the very file stderr is), each of sahifa's lines starts with its
#     sd-daemon priority: <4> for a warning (a bad line of sahifa.ini), <3>
#     for an error (no display), <6> for information (the first screen
#     written instead);
#   - without JOURNAL_STREAM, or with one naming another file (a child
#     whose stderr was redirected inherits the variable), lines are plain;
#   - with no display at all, the first line is sahifa's own: libwayland's
#     "XDG_RUNTIME_DIR is invalid or not set" is not printed first.
# In a cross build meson test sets MESON_EXE_WRAPPER, which runs SAHIFA.
set -u
sahifa=$1
case $sahifa in /*) ;; *) sahifa=$(pwd)/$sahifa ;; esac # run from another folder below
wrap=${MESON_EXE_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sahifa-journal-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data" \
    XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_DIRS="$tmp/none"
mkdir -p "$HOME" "$tmp/config/sahifa"
printf 'no-such-option = 1\n' >"$tmp/config/sahifa/sahifa.ini"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# run NAME JOURNAL_STREAM ARGS...: stderr into $tmp/NAME.err; an empty
# JOURNAL_STREAM means "the device and inode of that very file".
run() {
    name=$1 js=$2
    shift 2
    : >"$tmp/$name.err"
    [ -n "$js" ] || js=$(stat -c '%d:%i' "$tmp/$name.err")
    JOURNAL_STREAM=$js $wrap "$sahifa" "$@" >/dev/null 2>>"$tmp/$name.err"
}

warning="sahifa: $tmp/config/sahifa/sahifa.ini:1: unknown option or bad value"
run warn '' --list
if grep -q "^<4>$warning" "$tmp/warn.err"; then
    ok "a warning to the journal: <4>"
else
    fail "expected '<4>$warning', got: $(cat "$tmp/warn.err")"
fi
run other "$(stat -c '%d:%i' "$tmp/config/sahifa/sahifa.ini")" --list
if grep -q "^$warning" "$tmp/other.err"; then
    ok "JOURNAL_STREAM naming another file: plain lines"
else
    fail "expected a plain line, got: $(cat "$tmp/other.err")"
fi
$wrap "$sahifa" --list >/dev/null 2>"$tmp/plain.err"
if grep -q "^$warning" "$tmp/plain.err"; then
    ok "no JOURNAL_STREAM: plain lines"
else
    fail "expected a plain line, got: $(cat "$tmp/plain.err")"
fi
run bad 'garbage' --list
if grep -q "^$warning" "$tmp/bad.err"; then
    ok "a JOURNAL_STREAM that is not DEV:INO: plain lines"
else
    fail "expected a plain line, got: $(cat "$tmp/bad.err")"
fi
rm "$tmp/config/sahifa/sahifa.ini"

# No display: the window's error, then what was done instead. The article
# is given so that the window is what fails (no --screenshot).
printf 'T\n\nBody.\n' >"$tmp/a.txt"
mkdir -p "$tmp/cwd"
(cd "$tmp/cwd" && env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR -u SDL_VIDEODRIVER \
    JOURNAL_STREAM= sh -c ': >"$0"; JOURNAL_STREAM=$(stat -c %d:%i "$0") exec "$@" 2>>"$0"' \
    "$tmp/nodisplay.err" $wrap "$sahifa" "$tmp/a.txt" >/dev/null)
rc=$?
first=$(head -n 1 "$tmp/nodisplay.err")
case $first in
    "<3>sahifa: video: cannot open a display"*) ok "no display: the first line is sahifa's error, <3>" ;;
    *) fail "no display: first line '$first'" ;;
esac
if [ $rc = 0 ] && grep -q "^<6>sahifa: no display, so the first screen was written to sahifa-screen.png" \
    "$tmp/nodisplay.err" && [ -s "$tmp/cwd/sahifa-screen.png" ]; then
    ok "no display: the screen written, said as information (<6>)"
else
    fail "no display: exit $rc, $(cat "$tmp/nodisplay.err")"
fi
if grep -q "XDG_RUNTIME_DIR" "$tmp/nodisplay.err"; then
    fail "libwayland's XDG_RUNTIME_DIR line is printed: $(cat "$tmp/nodisplay.err")"
else
    ok "no line about XDG_RUNTIME_DIR"
fi

echo "$failures failures"
[ "$failures" = 0 ]
