#!/usr/bin/env bash
# Minimises each target's working corpus (fuzz/corpus-full/T) and its committed corpus into a
# fresh fuzz/corpus/T with libFuzzer's -merge=1 (the fewest inputs that keep the coverage).
#
#   fuzz/minimise.sh [TARGET…]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(pdf docx minutes material html text_decode notes query web_params)
BIN=target/x86_64-unknown-linux-gnu/release
for t in "${TARGETS[@]}"; do
    rm -rf "corpus-min/$t" && mkdir -p "corpus-min/$t"
    nice -n 19 "$BIN/$t" -merge=1 -timeout=10 -rss_limit_mb=2048 "corpus-min/$t" "corpus/$t" "corpus-full/$t" \
        > "logs/$t.merge.log" 2>&1
    echo "$t: $(grep -E 'MERGE-OUTER: [0-9]+ new files' "logs/$t.merge.log" | tail -1)"
    rm -rf "corpus/$t" && mv "corpus-min/$t" "corpus/$t"
done
rmdir corpus-min 2>/dev/null
du -sh corpus
