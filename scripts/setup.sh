#!/usr/bin/env bash
# Installs what Precall needs on a fresh Debian/Ubuntu machine with python3:
# the system libraries Qt loads, then a virtual environment in .venv with Precall.
# Usage: scripts/setup.sh [test]   ("test" adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

# Libraries Qt needs offscreen (tests) and on a screen (the app), plus a virtual
# screen and PDF tools for looking at the app and its PDFs.
QT_LIBS="libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 \
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 fonts-dejavu-core"
EXTRA="python3-venv xvfb xauth poppler-utils"

missing=""
for pkg in $QT_LIBS $EXTRA; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = none ]; then
    echo "Precall needs these system packages; please install them as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
  fi
  echo "Installing system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# A current pip: older ones resolve trafilatura's lxml split badly.
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = test ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
