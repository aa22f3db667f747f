#!/usr/bin/env bash
# Installs what gijiroku and its tests need beyond the Rust toolchain, when it is missing:
#   mecab-ipadic             IPADIC sources that build.rs turns into the tokenizer's dictionary
#   libreoffice-writer-nogui the test that converts a drafted DOCX to PDF (soffice --headless)
#   fonts-ipaexfont          Japanese fonts for that conversion (and for the browser's screenshots)
#   poppler-utils            pdftotext / pdftoppm to read and look at the converted PDF
#   chromium, chromium-driver the browser tests of the SVG chart and of `gijiroku serve`
# Idempotent: does nothing when everything is there. `--minimal` installs only the dictionary
# sources (enough to build and run gijiroku itself).
set -euo pipefail

missing=()
dic="${GIJIROKU_IPADIC_DIR:-/usr/share/mecab/dic/ipadic}"
[ -f "$dic/matrix.def" ] || missing+=(mecab-ipadic)

if [ "${1:-}" != "--minimal" ]; then
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
    [ -d /usr/share/fonts/opentype/ipaexfont-mincho ] || [ -d /usr/share/fonts/truetype/ipaexfont ] \
        || fc-list 2>/dev/null | grep -qi ipaex || missing+=(fonts-ipaexfont)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi
