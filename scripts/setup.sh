#!/usr/bin/env bash
# Install what congvan needs on Debian 12 and create the virtualenv (idempotent).
#   bash scripts/setup.sh          # runtime: Tesseract (vie), poppler, fonts, venv
#   bash scripts/setup.sh --test   # plus what the tests need: PostgreSQL, Chromium, Dovecot
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PKGS=(python3 python3-venv python3-dev build-essential tesseract-ocr tesseract-ocr-vie
      tesseract-ocr-eng tesseract-ocr-osd poppler-utils fonts-liberation2 fonts-dejavu-core qpdf
      libtesseract-dev libleptonica-dev pkg-config)
if [[ "${1:-}" == "--test" ]]; then
  PKGS+=(postgresql chromium dovecot-imapd)
fi

SUDO=""
if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "setup: creating $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
stamp="$VENV/.congvan-installed"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
  echo "setup: installing congvan into $VENV"
  # tesserocr is built against Debian's libtesseract (the same Tesseract as the command):
  # PyPI's wheel bundles another version, which congvan would not use
  "$VENV/bin/pip" install -q --no-binary tesserocr -e ".[dev]"
  touch "$stamp"
fi
