#!/usr/bin/env bash
# Install PainClinic Desktop for the current user (no administrator rights needed):
#   programs  -> ~/.local/opt/PainClinic   (commands linked into ~/.local/bin)
#   menu item -> ~/.local/share/applications, icons and AppStream data beside it
# Run it from the unpacked folder: ./PainClinic/install.sh   (again to update)
# The data folder is never touched by installing, updating or uninstalling.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=${PAINCLINIC_PREFIX:-$HOME/.local/opt/PainClinic}
BIN=$HOME/.local/bin
APP_ID=org.painclinic.Desktop

if [ ! -x "$HERE/painclinic-desktop" ]; then
  echo "install: run this from the unpacked PainClinic folder" >&2; exit 1
fi
if [ "$HERE" != "$TARGET" ]; then
  mkdir -p "$(dirname "$TARGET")"
  rm -rf "$TARGET.new"
  cp -a "$HERE" "$TARGET.new"
  rm -rf "$TARGET"
  mv "$TARGET.new" "$TARGET"
fi
mkdir -p "$BIN" "$SHARE/applications" "$SHARE/metainfo"
ln -sf "$TARGET/painclinic-desktop" "$BIN/painclinic-desktop"
ln -sf "$TARGET/painclinic" "$BIN/painclinic"
# The menu may not search ~/.local/bin, so the menu item names the program by its full path.
sed -e "s|^Exec=painclinic-desktop|Exec=\"$TARGET/painclinic-desktop\"|" \
    -e "s|^TryExec=painclinic-desktop|TryExec=$TARGET/painclinic-desktop|" \
    "$TARGET/share/applications/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$TARGET/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
cp -r "$TARGET/share/icons" "$SHARE/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true

missing=""
for lib in libGL.so.1 libEGL.so.1 libfontconfig.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
echo "PainClinic Desktop is installed in $TARGET."
echo "Start it from the applications menu, or with: painclinic-desktop"
if [ -n "$missing" ]; then
  echo "This computer lacks:$missing. Ask for the packages libgl1 libegl1 fonts-dejavu-core" \
       "(Debian/Ubuntu) to be installed, or see INSTALL.md." >&2
fi
