#!/usr/bin/env bash
# fuzz/run-long.sh [HOURS] [TARGET...] - fuzz for hours, one process at a time.
#
#   fuzz/run-long.sh              # 8 hours: text 3/8, the five others 1/8 each
#   fuzz/run-long.sh 24 text      # a day of the text engine alone
#
# Runs fuzz/run.sh in chunks of FUZZ_CHUNK seconds (default 1800), round
# robin over the targets, so that every target advances and a crash found in
# one chunk is minimized and kept (fuzz/corpus/TARGET/crash-*) before the
# next chunk starts; a crash does not end the session. The corpus each target
# grows is kept in build-fuzz/corpus-TARGET between chunks and sessions.
# At the end it prints the totals per target from build-fuzz/runs.tsv (this
# session's lines only). Exit status 1 if any chunk found something.
#
# The long-run mode of the text target: inputs up to FUZZ_LONG_MAX_LEN bytes
# (default 262144, 256 KB; CI's one-minute runs stay at 64 KB), seeded with
# fuzz/corpus/text-64k and, from run.sh, the hostile mark texts at that size;
# run.sh's time check judges each unit by its release time (budget
# FUZZ_RELEASE_MS per 64 KB started), not by its time under ASan.
set -u
cd "$(dirname "$0")/.."
hours=${1:-8}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(text article bundle config import store html)
chunk=${FUZZ_CHUNK:-1800}
total=$(awk "BEGIN { printf \"%d\", $hours * 3600 }")

# Shares: the text engine gets 3 parts, every other target 1.
declare -A share left
parts=0
for t in "${targets[@]}"; do
    share[$t]=$([ "$t" = text ] && echo 3 || echo 1)
    parts=$((parts + share[$t]))
done
for t in "${targets[@]}"; do
    left[$t]=$((total * share[$t] / parts))
done

build=${FUZZ_BUILD:-build-fuzz$([ "${FUZZ_KNOWN_BUGS:-1}" = 1 ] || echo -known0)}
# (The redirection is inside the braces: a first run has no runs.tsv yet.)
since=$({ wc -l <"$build/runs.tsv"; } 2>/dev/null || echo 0)
found=0
while :; do
    ran=0
    for t in "${targets[@]}"; do
        s=${left[$t]}
        [ "$s" -le 0 ] && continue
        [ "$s" -gt "$chunk" ] && s=$chunk
        # A target's 64 KB seeds (fuzz/corpus/TARGET-64k/, slow under ASan)
        # are for the long runs, not CI's one-minute ones.
        more=${FUZZ_SEEDS:-}
        [ -d "fuzz/corpus/$t-64k" ] && more="$more fuzz/corpus/$t-64k"
        max_len=${FUZZ_MAX_LEN:-65536}
        [ "$t" = text ] && max_len=${FUZZ_LONG_MAX_LEN:-262144}
        FUZZ_SEEDS=$more FUZZ_MAX_LEN=$max_len fuzz/run.sh "$t" "$s" || found=1
        left[$t]=$((left[$t] - s))
        ran=1
    done
    [ "$ran" -eq 0 ] && break
done

echo
echo "run-long.sh: totals of this session (from $build/runs.tsv)"
tail -n +"$((since + 1))" "$build/runs.tsv" | awk -F'\t' '
    { s[$2] += $3; e[$2] += $4; c[$2] += $7; t[$2] += $8; l[$2] += $9; o[$2] += $10
      if ($12 + 0 > r[$2]) r[$2] = $12 + 0 }
    END { for (k in s) printf "  %-8s %7d s  %12d executions (%6.0f/s)  %d crashes, %d timeouts, %d leaks, %d ooms; slowest in release %.0f ms\n",
                                 k, s[k], e[k], s[k] ? e[k] / s[k] : 0, c[k], t[k], l[k], o[k], r[k] }'
exit $found
