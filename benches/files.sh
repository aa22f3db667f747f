#!/usr/bin/env bash
# `gijiroku search --files` beside ripgrep `-F -l` on each query of ../shared/bench/queries.txt,
# in one run: the median wall time of N runs of each, the number of files each lists, and the
# ratio. AND queries: `--files --whole-document` against one rg per term, piped (grep's AND is
# per file).
#
#   benches/files.sh CORPUS_DIR INDEX_DIR        # N=5 runs each; BIN=… for another binary
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR=${1:?usage: benches/files.sh CORPUS_DIR INDEX_DIR}
IDX=${2:?usage: benches/files.sh CORPUS_DIR INDEX_DIR}
BIN=${BIN:-$here/target/release/gijiroku}
N=${N:-5}
QUERIES=${QUERIES:-$here/../shared/bench/queries.txt}
med() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
ms() { local s; s=$(date +%s%N); "$@" > "$out" 2>/dev/null; echo $(( ($(date +%s%N)-s)/1000000 )); }
grep -v '^#' "$QUERIES" | while IFS=$'\t' read -r id kind q; do
  q=${q%%#*}; q=$(echo "$q" | sed 's/[[:space:]]*$//')
  if [ "$kind" = and ]; then
    set -- $q
    rgcmd=(bash -c "rg -F -l -- '$1' '$DIR' | xargs -d '\\n' rg -F -l -- '$2'")
    gcmd=("$BIN" search --index "$IDX" --files --whole-document "$q")
  else
    rgcmd=(rg -F -l -- "$q" "$DIR")
    gcmd=("$BIN" search --index "$IDX" --files "$q")
  fi
  a=$(for i in $(seq $N); do ms "${gcmd[@]}"; done | med); na=$(wc -l < "$out")
  b=$(for i in $(seq $N); do ms "${rgcmd[@]}"; done | med); nb=$(wc -l < "$out")
  printf '%s\t%s\tgijiroku %5s ms (%s)\trg %5s ms (%s)\tratio %s\n' "$id" "$q" "$a" "$na" "$b" "$nb" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
done
