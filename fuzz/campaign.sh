#!/usr/bin/env bash
# The fuzz campaign (README, Reliability): each target in turn, at the lowest priority, from its
# committed corpus (fuzz/corpus/T) into a working corpus (fuzz/corpus-full/T, not committed),
# then minimised back into fuzz/corpus/T with -merge=1. Crashes land in fuzz/artifacts/T/ and
# are copied to fuzz/crashes/T/ once fixed. Logs in fuzz/logs/T.log (the last lines, the
# figures: `stat::number_of_executed_units`, `cov:`, `ft:`).
#
#   fuzz/campaign.sh [RUNS [SECONDS]] [TARGET…]     # defaults: 1000000 runs, at most 600 s each
#   MAX_LEN=4096 fuzz/campaign.sh …                  # one -max_len for every target given
#
# Build first: (cd fuzz && cargo +nightly fuzz build -s none -a)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
RUNS=${1:-1000000}
SECS=${2:-600}
shift 2 2>/dev/null || shift $#
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(pdf docx minutes material html text_decode notes query web_params)
BIN=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in "${TARGETS[@]}"; do
    case $t in
        query) len=1024 ;;
        web_params) len=4096 ;;
        pdf | notes) len=8192 ;;
        *) len=16384 ;;
    esac
    len=${MAX_LEN:-$len}
    mkdir -p "corpus-full/$t" "artifacts/$t"
    echo "== $t (max_len $len) $(date -u +%H:%M:%S)"
    nice -n 19 "$BIN/$t" "corpus-full/$t" "corpus/$t" -runs="$RUNS" -max_total_time="$SECS" \
        -max_len="$len" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/" > "logs/$t.log" 2>&1
    echo "   exit $? $(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)"
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "logs/$t.log"
    ls "artifacts/$t" | head
done
