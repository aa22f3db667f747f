#!/usr/bin/env bash
# Recall of `gijiroku search` against grep (ripgrep) on the fixed benchmark queries: for each
# query, the documents grep finds (a term or phrase as a fixed string; AND = every term somewhere
# in the document) and the documents gijiroku finds (`search --files`, with `--whole-document`
# for AND queries), compared by file name.
#
# Usage: benches/recall.sh CORPUS_DIR INDEX_DIR [QUERIES]
#   CORPUS_DIR  the *.txt documents that were ingested into INDEX_DIR
#   QUERIES     default ../shared/bench/queries.txt (id<TAB>kind<TAB>text)
# Env: GIJIROKU (default target/release/gijiroku)
# Prints one row per query and exits 1 if any query's sets differ.
set -euo pipefail
corpus="${1:?usage: recall.sh CORPUS_DIR INDEX_DIR [QUERIES]}"
index="${2:?usage: recall.sh CORPUS_DIR INDEX_DIR [QUERIES]}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
queries="${3:-$here/../shared/bench/queries.txt}"
bin="${GIJIROKU:-$here/target/release/gijiroku}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# grep -l as file names; no match is not an error.
grepl() { { rg -l -F -- "$1" "$corpus" || [ $? -eq 1 ]; } | xargs -r -n1 basename | sort -u; }

printf '%-4s %-6s %-40s %8s %8s %8s %8s\n' id kind query grep gijiroku missing extra
differ=0
while IFS=$'\t' read -r id kind text _; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    text="${text%%#*}"; text="${text%"${text##*[![:space:]]}"}"
    case "$kind" in
        and)
            first=1
            for t in $text; do
                grepl "$t" > "$tmp/t"
                if [ $first = 1 ]; then mv "$tmp/t" "$tmp/grep"; first=0
                else comm -12 "$tmp/grep" "$tmp/t" > "$tmp/g2"; mv "$tmp/g2" "$tmp/grep"; fi
            done
            "$bin" search --index "$index" --files --whole-document "$text" ;;
        phrase)
            grepl "$text" > "$tmp/grep"
            "$bin" search --index "$index" --files "\"$text\"" ;;
        *)
            grepl "$text" > "$tmp/grep"
            "$bin" search --index "$index" --files "$text" ;;
    esac | xargs -r -n1 basename | sort -u > "$tmp/ours"
    missing=$(comm -23 "$tmp/grep" "$tmp/ours" | wc -l)
    extra=$(comm -13 "$tmp/grep" "$tmp/ours" | wc -l)
    [ "$missing" -ne 0 ] || [ "$extra" -ne 0 ] && differ=1
    printf '%-4s %-6s %-40s %8d %8d %8d %8d\n' "$id" "$kind" "$text" \
        "$(wc -l < "$tmp/grep")" "$(wc -l < "$tmp/ours")" "$missing" "$extra"
done < "$queries"
exit $differ
