#!/bin/sh
# Rebuild the PDF and DOCX samples (minutes in samples/minutes/, materials in samples/materials/)
# from the text sources in samples/src/.
#
#   sh samples/src/make.sh
#
# Needs python3, LibreOffice (soffice) and the IPAex fonts (Debian/Ubuntu: fonts-ipaexfont).
# Each source .txt.in (named so that `gijiroku ingest samples` does not index it twice) is turned into a flat ODF document by txt2fodt.py (A4, IPAexMincho 10.5pt,
# running header from the second page, page numbers), then converted by LibreOffice.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! fc-list 2>/dev/null | grep -qi 'IPAexMincho'; then
    echo "make.sh: warning: IPAexMincho not found (install fonts-ipaexfont); the output will use a fallback font" >&2
fi

# source name                       target format  directory
targets="
2023-05-22_zentaikai_summary        pdf            minutes
2024-02-26_zentaikai_summary        docx           minutes
2024-10-21_zentaikai_summary        pdf            minutes
2025-02-17_shiryo2_libero-katsudo   pdf            materials
2025-05-19_zentaikai_verbatim       pdf            minutes
"

echo "$targets" | while read -r name fmt dir; do
    [ -n "$name" ] || continue
    out="$here/../$dir"
    python3 "$here/txt2fodt.py" "$here/$name.txt.in" "$work/$name.fodt"
    case "$fmt" in
        pdf)  filter='pdf:writer_pdf_Export' ;;
        docx) filter='docx:MS Word 2007 XML' ;;
    esac
    # a private profile directory keeps the run independent of any user LibreOffice settings
    soffice -env:UserInstallation="file://$work/profile" --headless \
        --convert-to "$filter" --outdir "$work" "$work/$name.fodt" >/dev/null 2>"$work/soffice.log" \
        || { cat "$work/soffice.log" >&2; exit 1; }
    mv "$work/$name.$fmt" "$out/$name.$fmt"
    echo "wrote $dir/$name.$fmt"
done
