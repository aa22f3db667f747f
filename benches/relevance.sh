#!/usr/bin/env bash
# Relevance of `gijiroku search` on the judged collection ../shared/relevance/ (25 queries as
# members type them, graded entries of the seeds and the samples): ingests the collection's
# documents into target/relidx, scores the release binary with score.py, and with --peers
# SQLite FTS5 and Groonga in the same run.
#
# Usage: benches/relevance.sh [--peers] [--min-ndcg X]
#   --peers       also score the peers (Groonga needs groonga-bin, groonga-tokenizer-mecab)
#   --min-ndcg X  exit 1 when gijiroku's mean nDCG@10 is below X, or a query has no hit
# Env: GIJIROKU (default target/release/gijiroku)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rel=../shared/relevance
bin="${GIJIROKU:-target/release/gijiroku}"
peers=0
min=""
while [ $# -gt 0 ]; do
    case "$1" in
        --peers) peers=1 ;;
        --min-ndcg) min="$2"; shift ;;
        *) echo "usage: benches/relevance.sh [--peers] [--min-ndcg X]" >&2; exit 2 ;;
    esac
    shift
done
docs=(../shared/seeds samples/minutes samples/materials)
rm -rf target/relidx
"$bin" ingest ../shared/seeds/*.txt samples/minutes/*.txt samples/materials/*.txt \
    --index target/relidx > /dev/null
python3 "$rel/score.py" --judgments "$rel/queries.json" --docs "${docs[@]}" \
    --run "$bin search {q} --index target/relidx --json --limit 10" --json target/relevance.json
if [ "$peers" = 1 ]; then
    for peer in fts5 groonga; do
        python3 "$rel/score.py" --judgments "$rel/queries.json" --docs "${docs[@]}" --peer "$peer" |
            tail -n 1
    done
fi
if [ -n "$min" ]; then
    python3 - "$min" <<'PY'
import json, sys
run = json.load(open("target/relevance.json"))
ndcg = run["mean"]["ndcg@10"]
empty = [q["id"] for q in run["per_query"] if q["hits"] == 0]
print(f"nDCG@10 {ndcg:.3f} (at least {float(sys.argv[1]):.3f}), queries without a hit: {len(empty)}")
if ndcg < float(sys.argv[1]) or empty:
    sys.exit(f"relevance dropped: nDCG@10 {ndcg:.3f}, no hit for {empty}")
PY
fi
