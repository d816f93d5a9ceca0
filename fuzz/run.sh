#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS - one bounded libFuzzer run of fuzz-TARGET.
#
#   fuzz/run.sh text 60        # what CI runs for each target
#   fuzz/run.sh article 600
#
# Builds the targets with clang -fsanitize=fuzzer,address,undefined in its
# own build directory (build-fuzz/, configured once), then runs one fuzzer
# process (one core: -workers/-jobs are never used) for SECONDS on inputs up
# to -max_len (FUZZ_MAX_LEN, 65536 by default; fuzz/run-long.sh gives the
# text target 262144), then replays the grown corpus once under
# LeakSanitizer (the leak pass), then times it in a release build (the time
# check, below).
#
# The time check. Under ASan, on two cores shared with other work, an input
# can take 20 times its release time, so a time under ASan says little:
# libFuzzer's -timeout is only a hang net (FUZZ_TIMEOUT seconds, by default
# 10 per 64 KB of -max_len), and units slower than FUZZ_SLOW seconds under
# ASan (default 1) are saved as slow-unit-*. What is judged is the release
# time: a release build of the target's replay program (build-fuzz-release/,
# the system's cc, no sanitizer, no coverage) replays the grown corpus and
# every new timeout-* and slow-unit-* with FUZZ_REPLAY_BUDGET_MS (replay.c),
# and a unit over FUZZ_RELEASE_MS milliseconds (default 500) per 64 KB
# started, the best of three runs, is a timeout: kept as
# fuzz/corpus/TARGET/timeout-TARGET-<sha1> and counted. A unit that only
# tripped the hang net under ASan and runs within budget in release is named
# in the output and not counted.
# Leaks are not checked during the run itself: the text target keeps caches
# between inputs (fonts, glyph bitmaps, as the app does), so most inputs
# allocate more than they free and libFuzzer would run each twice plus a
# full heap scan, a third of the time. The corpus it grows lives in build-fuzz/corpus-TARGET
# (seeded from fuzz/corpus/TARGET, which it only reads); a crash, timeout,
# leak or OOM is minimized and added to fuzz/corpus/TARGET/ as
# crash-TARGET-<sha1> (resp. timeout-, leak-, oom-), a regression input the
# fuzz-replay-TARGET meson test replays from then on. With -max_len past
# 64 KB the text target also reads the hostile mark texts of
# tests/attach-family.h at that size (fuzz/attach-seeds, written once into
# the build directory: too large to commit).
#
# Each run appends one line to build-fuzz/runs.tsv: date, target, seconds run,
# executions, exec/s, new units, crashes, timeouts (release-confirmed),
# leaks, ooms, slowest unit under ASan (s), slowest unit in release (ms).
# Exit status: 0 when the run found nothing, 1 when it found something.
#
# Environment: CC (default clang); FUZZ_KNOWN_BUGS (default 1: step around
# the bugs already reported and not yet fixed, listed in fuzz/README.md, so
# that a run finds new ones; 0 to hit them); FUZZ_CFLAGS (extra C flags for
# the fuzz build; changing them reconfigures); FUZZ_ARGS (extra libFuzzer
# flags); FUZZ_BUILD (build dir, default build-fuzz, or build-fuzz-known0);
# FUZZ_SANITIZE (default address,undefined; "undefined" fuzzes without ASan,
# in build-fuzz-ubsan, at about 1.3 times the executions: the leak pass then
# replays the corpus with the ASan build, so every input the run kept has
# been through ASan and LeakSanitizer before the run counts as clean);
# FUZZ_SEEDS (more corpus folders, read only: another run's grown corpus, so
# that runs of the same target on two cores share what they found);
# FUZZ_MAX_LEN, FUZZ_TIMEOUT, FUZZ_SLOW, FUZZ_RELEASE_MS (above);
# FUZZ_RELEASE_BUILD (default build-fuzz-release) and FUZZ_RELEASE_CC
# (default cc) for the release replay.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)

target=${1:-}
seconds=${2:-}
if [ -z "$target" ] || [ -z "$seconds" ] || [ ! -f "fuzz/fuzz-$target.c" ]; then
    echo "usage: fuzz/run.sh TARGET SECONDS   (TARGET: $(cd fuzz && ls fuzz-*.c | sed 's/fuzz-//; s/\.c$//' | tr '\n' ' '))" >&2
    exit 2
fi

known=${FUZZ_KNOWN_BUGS:-1}
sanitize=${FUZZ_SANITIZE:-address,undefined}
case "$sanitize" in
    address,undefined) suffix="" ;;
    undefined) suffix=-ubsan ;;
    *) echo "run.sh: FUZZ_SANITIZE is address,undefined or undefined" >&2; exit 2 ;;
esac
known_suffix=$([ "$known" = 1 ] || echo -known0)
build=${FUZZ_BUILD:-$root/build-fuzz$suffix$known_suffix}
cflags="-fsanitize=fuzzer-no-link -fno-omit-frame-pointer ${FUZZ_CFLAGS:-}"
ubsan_supp=""
if [ "$known" = 1 ]; then
    # The open bugs, if any: fuzz/README.md, "Known bugs". A workaround in a
    # target is a FUZZ_WORKAROUND_<BUG> macro added here.
    ubsan_supp=":suppressions=$root/fuzz/known-bugs.ubsan.supp"
fi

# configure DIR SANITIZERS: configure once; when the flags change,
# reconfigure in place (the grown corpus and runs.tsv in the build directory
# are kept). Then build the target there.
configure() {
    local dir="$1" san="$2" stamp="$1/.fuzz-cflags"
    if [ ! -f "$dir/build.ninja" ]; then
        mkdir -p "$dir"
        if ! CC=${CC:-clang} meson setup "$dir" -Dlibfuzzer=true -Dtests=false \
                -Db_sanitize="$san" -Db_lundef=false -Dbuildtype=debugoptimized \
                -Dc_args="$cflags" >"$dir/setup.log" 2>&1; then
            tail -30 "$dir/setup.log"
            return 2
        fi
        echo "$cflags" >"$stamp"
    elif [ "$(cat "$stamp" 2>/dev/null)" != "$cflags" ]; then
        meson configure "$dir" -Dc_args="$cflags" >"$dir/setup.log" 2>&1 || { tail -30 "$dir/setup.log"; return 2; }
        echo "$cflags" >"$stamp"
    fi
    if ! ninja -C "$dir" -j2 "fuzz/fuzz-$target" >"$dir/ninja.log" 2>&1; then
        tail -40 "$dir/ninja.log"
        return 2
    fi
}
configure "$build" "$sanitize" || exit 2
# The leak pass needs LeakSanitizer, which comes with ASan here: a run
# without ASan replays its corpus with the ASan build beside it.
checker="$build"
if [ "$suffix" = -ubsan ]; then
    checker=$root/build-fuzz$known_suffix
    configure "$checker" address,undefined || exit 2
fi

max_len=${FUZZ_MAX_LEN:-65536}
per64k=$(((max_len + 65535) / 65536))
asan_timeout=${FUZZ_TIMEOUT:-$((10 * per64k))}
slow=${FUZZ_SLOW:-1}
release_ms=${FUZZ_RELEASE_MS:-500}

# The release replay build: the system's compiler, no sanitizer, no
# libFuzzer (replay.c's main), configured once.
release=${FUZZ_RELEASE_BUILD:-$root/build-fuzz-release}
if [ ! -f "$release/build.ninja" ]; then
    mkdir -p "$release"
    if ! CC=${FUZZ_RELEASE_CC:-cc} meson setup "$release" -Dbuildtype=release -Dtests=false \
            -Dlibfuzzer=false >"$release/setup.log" 2>&1; then
        tail -30 "$release/setup.log"
        exit 2
    fi
fi
if ! ninja -C "$release" -j2 "fuzz/fuzz-$target" fuzz/attach-seeds >"$release/ninja.log" 2>&1; then
    tail -40 "$release/ninja.log"
    exit 2
fi

work="$build/corpus-$target"
artifacts="$build/artifacts-$target"
mkdir -p "$work" "$artifacts"
# shellcheck disable=SC2206
seeds=("fuzz/corpus/$target" ${FUZZ_SEEDS:-})
if [ "$target" = text ] && [ "$max_len" -gt 65536 ]; then
    long="$build/seeds-text-attach-$max_len"
    if [ ! -d "$long" ]; then
        if ! { mkdir -p "$long.tmp" && "$release/fuzz/attach-seeds" "$max_len" "$long.tmp" >/dev/null &&
                mv "$long.tmp" "$long"; }; then
            echo "run.sh: cannot write the long seeds into $long" >&2
            exit 2
        fi
    fi
    seeds+=("$long")
fi
dict=()
[ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
log="$build/run-$target-$(date +%Y%m%d-%H%M%S).log"

# A small quarantine: the default 256 MB makes every input fault in fresh
# zeroed pages (a fifth of the time in the kernel); 32 MB still keeps a
# freed block poisoned across many inputs' worth of allocations.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=32:malloc_context_size=10}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/.ci/lsan.supp:print_suppressions=0}
# UBSan is built recoverable so that known reports can be suppressed; every
# other report halts (a crash to libFuzzer).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1$ubsan_supp}
export LC_ALL=C.UTF-8

before=$(ls "$artifacts" | sort)
start=$SECONDS
# -close_fd_mask=2: the parsers log one line per bad input; sanitizer reports
# and FUZZ_CHECK messages still reach the log through libFuzzer's own fd.
# -entropic=0: the entropic scheduler's bookkeeping (UpdateFeatureFrequency)
# took a third of the text target's time under perf, for its 19,000
# features; without it the same 10,000 runs took 15 s instead of 22.
# shellcheck disable=SC2086
"$build/fuzz/fuzz-$target" "$work" "${seeds[@]}" "${dict[@]}" \
    -max_total_time="$seconds" -timeout="$asan_timeout" -report_slow_units="$slow" \
    -max_len="$max_len" -rss_limit_mb=2048 -entropic=0 \
    -detect_leaks=0 -close_fd_mask=2 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} >"$log" 2>&1
status=$?
elapsed=$((SECONDS - start))

# The leak pass: every unit of the corpus once, with LeakSanitizer after each
# that allocated more than it freed (and at exit, after the target's cleanup),
# under ASan whatever the run was built with.
"$checker/fuzz/fuzz-$target" "$work" -runs=0 -timeout="$asan_timeout" -detect_leaks=1 \
    -close_fd_mask=2 -max_len="$max_len" -artifact_prefix="$artifacts/" >"$log.leaks" 2>&1
leak_status=$?
# The hang net fired in the leak pass: its unit is re-timed below like the
# run's, not reported as a crash.
leak_timeout=0
grep -q 'ERROR: libFuzzer: timeout' "$log.leaks" && leak_timeout=1

stat_of() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
execs=$(stat_of number_of_executed_units)
rate=$(stat_of average_exec_per_sec)
new=$(stat_of new_units_added)
slowest=$(stat_of slowest_unit_time_sec)

# New artifacts: minimize (crashes only: a leak is kept as found), then keep
# as regression inputs; timeouts and slow units go to the time check.
found=0
crashes=0 timeouts=0 leaks=0 ooms=0 asan_timeouts=0
retime="$build/retime-$target"
rm -rf "$retime" && mkdir -p "$retime"
for a in $(comm -13 <(echo "$before") <(ls "$artifacts" | sort)); do
    case "$a" in
        crash-*) kind=crash; crashes=$((crashes + 1)) ;;
        timeout-*) asan_timeouts=$((asan_timeouts + 1)); cp "$artifacts/$a" "$retime/"; continue ;;
        slow-unit-*) cp "$artifacts/$a" "$retime/"; continue ;;
        leak-*) kind=leak; leaks=$((leaks + 1)) ;;
        oom-*) kind=oom; ooms=$((ooms + 1)) ;;
        *) continue ;;
    esac
    found=1
    src="$artifacts/$a"
    if [ "$kind" = crash ]; then
        min="$artifacts/min-$a"
        "$build/fuzz/fuzz-$target" -minimize_crash=1 -max_total_time=60 -timeout="$asan_timeout" \
            -close_fd_mask=2 -exact_artifact_path="$min" "$src" >"$log.min-$a" 2>&1
        [ -s "$min" ] && src="$min"
    fi
    dest="fuzz/corpus/$target/$kind-$target-$(sha1sum <"$src" | cut -c1-16)"
    cp "$src" "$dest"
    echo "run.sh: $kind kept as $dest ($(stat -c %s "$dest") bytes); report in $log"
done
[ "$status" -ne 0 ] && [ "$found" -eq 0 ] && [ "$asan_timeouts" -eq 0 ] &&
    { echo "run.sh: fuzzer exited $status without an artifact:"; tail -30 "$log"; found=1; }
if [ "$leak_status" -ne 0 ] && [ "$leak_timeout" -eq 1 ]; then
    echo "run.sh: the leak pass stopped at the hang net (${asan_timeout}s under ASan): that unit is timed in release below"
elif [ "$leak_status" -ne 0 ]; then
    # A leak, or a crash on replay (an artifact either way, kept above when
    # it was new); say which.
    if grep -q 'LeakSanitizer' "$log.leaks"; then
        [ "$leaks" -eq 0 ] && leaks=1
        echo "run.sh: the leak pass found a leak:"
    else
        echo "run.sh: the leak pass crashed (not a leak):"
    fi
    grep -m1 -A12 -E 'ERROR|runtime error' "$log.leaks" | head -14
    found=1
fi

# The time check: the grown corpus and the units the hang net or the slow
# unit report caught, replayed by the release build, each against its
# budget. An input that runs past 20 times its budget is stopped by SIGALRM
# (replay.c): the last input named on stderr is it.
FUZZ_REPLAY_BUDGET_MS=$release_ms "$release/fuzz/fuzz-$target" "$retime" "$work" \
    >"$log.release" 2>"$log.release.err"
release_status=$?
over=$(sed -n 's/^replay: over budget: \(.*\) ([0-9]* bytes): .*/\1/p' "$log.release")
if [ "$release_status" -eq 142 ]; then
    # Stopped by SIGALRM: the input it was running is over budget too.
    last=$(sed -n 's/^replay: \(.*\) ([0-9]* bytes)$/\1/p' "$log.release.err" | tail -1)
    echo "run.sh: the release replay was stopped at 20 times the budget on $last"
    over=$(printf '%s\n%s' "$over" "$last")
elif [ "$release_status" -ne 0 ] && [ "$release_status" -ne 3 ]; then
    echo "run.sh: the release replay exited $release_status (not a time):"
    tail -5 "$log.release.err"
    found=1
fi
while IFS= read -r u; do
    [ -n "$u" ] && [ -f "$u" ] || continue
    dest="fuzz/corpus/$target/timeout-$target-$(sha1sum <"$u" | cut -c1-16)"
    [ -f "$dest" ] && continue # the same unit in the corpus and the re-time set
    cp "$u" "$dest"
    timeouts=$((timeouts + 1))
    found=1
    echo "run.sh: timeout kept as $dest ($(stat -c %s "$dest") bytes): $(grep -F "over budget: $u (" "$log.release" | sed 's/.*: //')"
done <<<"$over"
for u in "$retime"/*; do
    [ -f "$u" ] || continue
    grep -qF "over budget: $u (" "$log.release" ||
        echo "run.sh: $(basename "$u") was slow under ASan only, within $release_ms ms per 64 KB in release: not a finding"
done
release_slowest=$(sed -n 's/^replay: slowest: .*: \([0-9.]*\) ms$/\1/p' "$log.release")

printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Is)" "$target" "$elapsed" \
    "${execs:-0}" "${rate:-0}" "${new:-0}" "$crashes" "$timeouts" "$leaks" "$ooms" "${slowest:-0}" \
    "${release_slowest:-0}" >>"$build/runs.tsv"
echo "run.sh: $target ${elapsed}s: ${execs:-0} executions (${rate:-0}/s), ${new:-0} new units, $crashes crashes, $timeouts timeouts, $leaks leaks, $ooms ooms; slowest unit ${slowest:-0}s under ASan, ${release_slowest:-0} ms in release (budget $release_ms ms per 64 KB); log $log"
exit $found
