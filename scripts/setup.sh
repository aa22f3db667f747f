#!/usr/bin/env bash
# Installs what gijiroku needs beyond the Rust toolchain, when it is missing:
# Debian's mecab-ipadic (the IPADIC sources build.rs turns into the tokenizer's dictionary).
# Idempotent: does nothing when everything is there.
set -euo pipefail

dic="${GIJIROKU_IPADIC_DIR:-/usr/share/mecab/dic/ipadic}"
if [ ! -f "$dic/matrix.def" ]; then
    echo "setup: installing mecab-ipadic (IPADIC sources for the Japanese tokenizer)" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mecab-ipadic >/dev/null
fi
