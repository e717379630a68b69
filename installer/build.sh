#!/usr/bin/env bash
# Build the Linux one-folder bundle (dist/PainClinic) and its tarball, then smoke-test the
# frozen programs. Installs PyInstaller (into the project's .venv) and binutils if missing.
#
# Usage: installer/build.sh            (PYTHON=/path/to/python to use another interpreter)
# Prints the build time and the bundle size at the end. Exit status 0 only when the bundle
# was built, no library the app needs is missing, and every smoke test passed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
started=$(date +%s)
PYINSTALLER_VERSION=">=6.10,<7"

need_debian() {  # install Debian packages when they are missing and we may
  local missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo=sudo
  if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
    echo "build: please install:$missing" >&2
    exit 1
  fi
  echo "build: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# 1. Tools: the app's own environment, binutils (objdump) and PyInstaller.
if [ -z "${PYTHON:-}" ]; then
  bash scripts/setup.sh run
  PYTHON=.venv/bin/python
fi
command -v dpkg-query >/dev/null 2>&1 && need_debian binutils
# Debian's own Python keeps its shared library (which PyInstaller bundles) in a package
# of its own.
if command -v dpkg-query >/dev/null 2>&1 && [ "$("$PYTHON" -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
  need_debian "libpython$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
fi
command -v objdump >/dev/null || { echo "build: objdump (binutils) is needed" >&2; exit 1; }
if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
  "$PYTHON" -m pip install -q "pyinstaller$PYINSTALLER_VERSION"
fi
VERSION=$("$PYTHON" -c 'import re,sys; print(re.search(r"__version__\s*=\s*\"([^\"]+)\"", open("painclinic_desktop/__init__.py").read()).group(1))')
echo "build: PainClinic Desktop $VERSION with PyInstaller $("$PYTHON" -m PyInstaller --version)"

# 2. Build. Warnings go to a log that step 3 reads.
WORK=build/pyinstaller
BUNDLE=dist/PainClinic
mkdir -p "$WORK"
LOG="$WORK/build.log"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$WORK" --distpath dist installer/painclinic.spec 2>&1 | tee "$LOG"
# Symbol tables are of no use on a laptop (about 40 MB). Libraries a wheel repaired (its
# *.libs folder) stay as they are: stripping breaks their page alignment.
find "$BUNDLE/_internal" -type f -name '*.so*' -not -path '*.libs/*' -exec strip --strip-unneeded {} +
built=$(date +%s)

# 3. A library the app needs but the bundle lacks is an error, not a warning.
"$PYTHON" installer/check_bundle.py "$LOG" "$BUNDLE"

# 4. Desktop integration files and the installer scripts go beside the programs.
mkdir -p "$BUNDLE/share/applications" "$BUNDLE/share/metainfo"
cp installer/linux/org.painclinic.Desktop.desktop "$BUNDLE/share/applications/"
cp installer/linux/org.painclinic.Desktop.metainfo.xml "$BUNDLE/share/metainfo/"
for png in resources/icons/painclinic-*.png; do
  size=$(basename "$png" .png); size=${size#painclinic-}
  mkdir -p "$BUNDLE/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$BUNDLE/share/icons/hicolor/${size}x${size}/apps/org.painclinic.Desktop.png"
done
mkdir -p "$BUNDLE/share/icons/hicolor/scalable/apps"
cp resources/icons/painclinic.svg "$BUNDLE/share/icons/hicolor/scalable/apps/org.painclinic.Desktop.svg"
cp installer/linux/install.sh installer/linux/uninstall.sh "$BUNDLE/"
cp docs/INSTALL.md "$BUNDLE/INSTALL.md"

# 5. Smoke tests of the frozen programs, on a temporary data folder, with no screen.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
run_frozen() {
  env -u PYTHONPATH -u PYTHONHOME QT_QPA_PLATFORM=offscreen \
    PAINCLINIC_DATA_DIR="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
    timeout 120 "$@"
}
run_frozen "$BUNDLE/painclinic-desktop" --check-imports
run_frozen "$BUNDLE/painclinic" --help >/dev/null
run_frozen "$BUNDLE/painclinic" --version
run_frozen "$BUNDLE/painclinic" score phq9 --items 1,2,0,1,0,3,1,0,1 --json >/dev/null
run_frozen "$BUNDLE/painclinic-desktop" --smoke-test
echo "build: smoke tests passed"

# 6. The tarball handed to laptops, and the numbers.
TARBALL="dist/PainClinic-$VERSION-linux-$(uname -m).tar.gz"
tar -C dist -czf "$TARBALL" PainClinic
finished=$(date +%s)
echo "build: PyInstaller took $((built - started)) s; with checks and tarball $((finished - started)) s"
echo "build: bundle $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE; tarball $(du -h "$TARBALL" | cut -f1) ($TARBALL)"
