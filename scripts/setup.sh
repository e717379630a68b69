#!/usr/bin/env bash
# Installs what PainClinic Desktop needs into ./.venv, and the few Debian libraries Qt needs
# when they are missing. Safe to run again: it skips what is already in place.
# Usage: scripts/setup.sh [run|test]   (test also installs the test tools and offscreen libs)
set -euo pipefail
MODE=${1:-run}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# Debian libraries: offscreen Qt (tests) needs the first set; a real window needs the second.
QT_LIBS="libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
WINDOW_LIBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0"
# The hub tests start a private PostgreSQL cluster (initdb, pg_ctl) from Debian's server.
TEST_LIBS="poppler-utils desktop-file-utils postgresql"
want="$QT_LIBS"
if [ "$MODE" = test ]; then want="$want $TEST_LIBS"; else want="$want $WINDOW_LIBS"; fi
# Any installed PostgreSQL server will do for the tests: only ask for one when none is there.
if [ "$MODE" = test ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  want=${want/ postgresql/}
fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in $want; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
  done
fi
if [ -n "$missing" ]; then
  echo "Installing system libraries:$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO=sudo
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Please ask your IT support to install:$missing" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "PainClinic Desktop needs Python 3.11 or newer." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# The versions come from the lock (requirements/*.txt, made by scripts/lock.sh), the same
# set the Linux and Windows installers build from.
extras=""; lock=requirements/app.txt
[ "$MODE" = test ] && { extras="[test]"; lock=requirements/test.txt; }
stamp=".venv/.installed-$MODE-$( (cat pyproject.toml "$lock"; echo "$MODE") | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # An earlier install may hold the Linux-only binding that provides the same module.
  .venv/bin/python -m pip uninstall -q -y sqlcipher3-binary >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -c "$lock" -e ".$extras"
  touch "$stamp"
fi
