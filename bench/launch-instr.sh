#!/usr/bin/env bash
# bench/launch-instr.sh SAHIFA OUT [ARGS...] - one launch of the real app
# counted by callgrind (bench/instructions.sh runs it): from exec() (the
# dynamic loader included) to the first frame presented, and then what runs
# until the app is idle, after that frame (the font memo's revalidation,
# the work ahead). The window is whatever SDL_VIDEODRIVER, DISPLAY and ARGS
# say (--headless: the offscreen driver). Prints three lines, tab-separated:
#   first-present  INSTRUCTIONS
#   after-first    INSTRUCTIONS  (until idle; the exit's own work left out)
#   revalidate     INSTRUCTIONS  (sah_font_memo_revalidate(), inclusive)
# OUT is a directory for callgrind's files. Exit status 1 if the app shows
# no frame within 10 minutes.
#
# To see where a launch goes: callgrind_annotate --inclusive=yes
# --threshold=100 OUT/cg.out.1 (add --tree=calling for who calls whom).
# _dl_start is the dynamic loader before main() (_dl_relocate_object and
# do_lookup_x: binding symbols, one look-up through the loaded objects in
# load order each); main's children are ours: sah_video_new (SDL's start;
# on X11 SDL_VideoInit with libX11's locale database, _XlcCreateLC),
# sah_cli_app_init (the store, the UI's fonts, the library's index),
# sah_dispatch_frame (the first frame: font_open, sah_glyphcache_get) and
# present (SDL's texture and copy). The second launch of the library, 800x480
# (README, issue 20's table): 52.9 M offscreen, 58.6 M on X11 (Xvfb,
# C.UTF-8), 20.2 M of either the loader's.
set -euo pipefail
sahifa=$1 out=$2
shift 2
mkdir -p "$out"
rm -f "$out"/cg.out*
# --dump-after: a profile when the first sah_video_present() returns, and one
# after each later present; the last file, at exit, holds the rest.
valgrind --tool=callgrind --dump-after=sah_video_present --dump-before=sah_video_free \
    --callgrind-out-file="$out/cg.out" "$sahifa" "$@" >"$out/log" 2>&1 &
pid=$!
for _ in $(seq 6000); do
    [ -e "$out/cg.out.1" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$out/log" >&2; exit 1; }
    sleep 0.1
done
[ -e "$out/cg.out.1" ] || { kill "$pid"; exit 1; }
# Idle: no CPU time spent for 2 s (valgrind runs the app in its own process).
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
before=$(cpu)
quiet=0
while [ $quiet -lt 4 ]; do
    sleep 0.5
    now=$(cpu)
    if [ "$now" = "$before" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    before=$now
done
kill -TERM "$pid"
wait "$pid" || true
total() { sed -n 's/^totals: //p' "$1"; }
# Dumped before sah_video_free(): the files up to it are the launch and its
# idle work; the last one (the exit) is left out.
files=$(ls "$out"/cg.out.* | sort -t. -k3 -n)
n=$(echo "$files" | wc -l)
first=$(total "$out/cg.out.1")
after=0
for f in $(echo "$files" | sed -n "2,$((n - 1))p"); do
    after=$((after + $(total "$f")))
done
reval=0
for f in $files; do
    r=$(callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null |
        awk '/sah_font_memo_revalidate \[/ && !n { gsub(",", "", $1); print $1; n = 1 }')
    reval=$((reval + ${r:-0}))
done
printf 'first-present\t%s\nafter-first\t%s\nrevalidate\t%s\n' "$first" "$after" "$reval"
