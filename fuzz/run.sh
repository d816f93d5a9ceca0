#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS - one bounded libFuzzer run of fuzz-TARGET.
#
#   fuzz/run.sh text 60        # what CI runs for each target
#   fuzz/run.sh article 600
#
# Builds the targets with clang -fsanitize=fuzzer,address,undefined in its
# own build directory (build-fuzz/, configured once), then runs one fuzzer
# process (one core: -workers/-jobs are never used) for SECONDS with
# -timeout=1 (a second is a timeout on any input up to -max_len=65536, 64 KB)
# and LeakSanitizer on. The corpus it grows lives in build-fuzz/corpus-TARGET
# (seeded from fuzz/corpus/TARGET, which it only reads); a crash, timeout,
# leak or OOM is minimized and added to fuzz/corpus/TARGET/ as
# crash-TARGET-<sha1> (resp. timeout-, leak-, oom-), a regression input the
# fuzz-replay-TARGET meson test replays from then on.
#
# Each run appends one line to build-fuzz/runs.tsv: date, target, seconds,
# executions, exec/s, new units, crashes, timeouts, leaks, ooms, slowest unit.
# Exit status: 0 when the run found nothing, 1 when it found something.
#
# Environment: CC (default clang), FUZZ_CFLAGS (extra C flags for the whole
# fuzz build, e.g. -DFUZZ_WORKAROUND_SHARED_CHAINS, see README.md; changing
# it reconfigures), FUZZ_ARGS (extra libFuzzer flags), FUZZ_BUILD (build dir).
set -u
cd "$(dirname "$0")/.."
root=$(pwd)

target=${1:-}
seconds=${2:-}
if [ -z "$target" ] || [ -z "$seconds" ] || [ ! -f "fuzz/fuzz-$target.c" ]; then
    echo "usage: fuzz/run.sh TARGET SECONDS   (TARGET: $(cd fuzz && ls fuzz-*.c | sed 's/fuzz-//; s/\.c$//' | tr '\n' ' '))" >&2
    exit 2
fi

build=${FUZZ_BUILD:-$root/build-fuzz}
cflags="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer ${FUZZ_CFLAGS:-}"
stamp="$build/.fuzz-cflags"

# Configure once (again when FUZZ_CFLAGS changes).
if [ ! -f "$build/build.ninja" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$cflags" ]; then
    rm -rf "$build"
    mkdir -p "$build"
    if ! CC=${CC:-clang} meson setup "$build" -Dlibfuzzer=true -Dtests=false \
            -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
            -Dc_args="$cflags" >"$build.setup.log" 2>&1; then
        tail -30 "$build.setup.log"
        exit 2
    fi
    echo "$cflags" >"$stamp"
fi
if ! ninja -C "$build" -j2 "fuzz/fuzz-$target" >"$build/ninja.log" 2>&1; then
    tail -40 "$build/ninja.log"
    exit 2
fi

work="$build/corpus-$target"
artifacts="$build/artifacts-$target"
mkdir -p "$work" "$artifacts"
seeds="fuzz/corpus/$target"
dict=()
[ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
log="$build/run-$target-$(date +%Y%m%d-%H%M%S).log"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/.ci/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LC_ALL=C.UTF-8

before=$(ls "$artifacts" | sort)
# -close_fd_mask=2: the parsers log one line per bad input; sanitizer reports
# and FUZZ_CHECK messages still reach the log through libFuzzer's own fd.
# shellcheck disable=SC2086
"$build/fuzz/fuzz-$target" "$work" "$seeds" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=1 -max_len=65536 -rss_limit_mb=2048 \
    -detect_leaks=1 -close_fd_mask=2 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} >"$log" 2>&1
status=$?

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

printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Is)" "$target" "$seconds" \
    "${execs:-0}" "${rate:-0}" "${new:-0}" "$crashes" "$timeouts" "$leaks" "$ooms" "${slowest:-0}" \
    >>"$build/runs.tsv"
echo "run.sh: $target ${seconds}s: ${execs:-0} executions (${rate:-0}/s), ${new:-0} new units, $crashes crashes, $timeouts timeouts, $leaks leaks, $ooms ooms; slowest unit ${slowest:-0}s; log $log"
exit $found
