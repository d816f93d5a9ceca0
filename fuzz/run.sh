#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS - one bounded libFuzzer run of fuzz-TARGET.
#
#   fuzz/run.sh text 60        # what CI runs for each target
#   fuzz/run.sh article 600
#
# Builds the targets with clang -fsanitize=fuzzer,address,undefined in its
# own build directory (build-fuzz/, configured once), then runs one fuzzer
# process (one core: -workers/-jobs are never used) for SECONDS with
# -timeout=1 (a second is a timeout on any input up to -max_len=65536, 64 KB),
# then replays the grown corpus once under LeakSanitizer (the leak pass).
# Leaks are not checked during the run itself: the text target keeps caches
# between inputs (fonts, glyph bitmaps, as the app does), so most inputs
# allocate more than they free and libFuzzer would run each twice plus a
# full heap scan, a third of the time. The corpus it grows lives in build-fuzz/corpus-TARGET
# (seeded from fuzz/corpus/TARGET, which it only reads); a crash, timeout,
# leak or OOM is minimized and added to fuzz/corpus/TARGET/ as
# crash-TARGET-<sha1> (resp. timeout-, leak-, oom-), a regression input the
# fuzz-replay-TARGET meson test replays from then on.
#
# Each run appends one line to build-fuzz/runs.tsv: date, target, seconds run,
# executions, exec/s, new units, crashes, timeouts, leaks, ooms, slowest unit.
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
# that runs of the same target on two cores share what they found).
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

work="$build/corpus-$target"
artifacts="$build/artifacts-$target"
mkdir -p "$work" "$artifacts"
# shellcheck disable=SC2206
seeds=("fuzz/corpus/$target" ${FUZZ_SEEDS:-})
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
    -max_total_time="$seconds" -timeout=1 -max_len=65536 -rss_limit_mb=2048 -entropic=0 \
    -detect_leaks=0 -close_fd_mask=2 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} >"$log" 2>&1
status=$?
elapsed=$((SECONDS - start))

# The leak pass: every unit of the corpus once, with LeakSanitizer after each
# that allocated more than it freed (and at exit, after the target's cleanup),
# under ASan whatever the run was built with.
"$checker/fuzz/fuzz-$target" "$work" -runs=0 -timeout=10 -detect_leaks=1 -close_fd_mask=2 \
    -artifact_prefix="$artifacts/" >"$log.leaks" 2>&1
leak_status=$?

stat_of() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
execs=$(stat_of number_of_executed_units)
rate=$(stat_of average_exec_per_sec)
new=$(stat_of new_units_added)
slowest=$(stat_of slowest_unit_time_sec)

# New artifacts: minimize (crashes only: a timeout or leak is kept as found),
# then keep as regression inputs.
found=0
crashes=0 timeouts=0 leaks=0 ooms=0
for a in $(comm -13 <(echo "$before") <(ls "$artifacts" | sort)); do
    case "$a" in
        crash-*) kind=crash; crashes=$((crashes + 1)) ;;
        timeout-*) kind=timeout; timeouts=$((timeouts + 1)) ;;
        leak-*) kind=leak; leaks=$((leaks + 1)) ;;
        oom-*) kind=oom; ooms=$((ooms + 1)) ;;
        *) continue ;;
    esac
    found=1
    src="$artifacts/$a"
    if [ "$kind" = crash ]; then
        min="$artifacts/min-$a"
        "$build/fuzz/fuzz-$target" -minimize_crash=1 -max_total_time=60 -timeout=1 \
            -close_fd_mask=2 -exact_artifact_path="$min" "$src" >"$log.min-$a" 2>&1
        [ -s "$min" ] && src="$min"
    fi
    dest="fuzz/corpus/$target/$kind-$target-$(sha1sum <"$src" | cut -c1-16)"
    cp "$src" "$dest"
    echo "run.sh: $kind kept as $dest ($(stat -c %s "$dest") bytes); report in $log"
done
[ "$status" -ne 0 ] && [ "$found" -eq 0 ] && { echo "run.sh: fuzzer exited $status without an artifact:"; tail -30 "$log"; found=1; }
if [ "$leak_status" -ne 0 ]; then
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

printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Is)" "$target" "$elapsed" \
    "${execs:-0}" "${rate:-0}" "${new:-0}" "$crashes" "$timeouts" "$leaks" "$ooms" "${slowest:-0}" \
    >>"$build/runs.tsv"
echo "run.sh: $target ${elapsed}s: ${execs:-0} executions (${rate:-0}/s), ${new:-0} new units, $crashes crashes, $timeouts timeouts, $leaks leaks, $ooms ooms; slowest unit ${slowest:-0}s; log $log"
exit $found
