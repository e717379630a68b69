#!/usr/bin/env bash
# Remove PainClinic Desktop for the current user. The data folder (the service database, its
# key file, backups and drafts), the logs and the settings stay where they are: the database
# holds the service's records and must be kept (or securely destroyed) by the service.
set -euo pipefail
SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
CONFIG=${XDG_CONFIG_HOME:-$HOME/.config}
TARGET=${PAINCLINIC_PREFIX:-$HOME/.local/opt/PainClinic}
APP_ID=org.painclinic.Desktop

for link in "$HOME/.local/bin/painclinic-desktop" "$HOME/.local/bin/painclinic"; do
  [ -L "$link" ] && rm -f "$link"
done
rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
find "$SHARE/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
rm -rf "$TARGET"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true

data=${PAINCLINIC_DATA_DIR:-$SHARE/PainClinic}
settings="$CONFIG/PainClinic/PainClinic Desktop.conf"
echo "PainClinic Desktop has been removed."
if [ -d "$data" ]; then
  echo "Your data has NOT been removed. It is in: $data"
else
  echo "There was no data folder at $data."
fi
if [ -f "$settings" ]; then
  last=$(sed -n 's/^last=//p' "$settings" | head -n 1)
  if [ -n "$last" ] && [ "$(dirname "$last")" != "$data" ]; then
    echo "The service database last opened is: $last (with its .keys file and backups folder)"
  fi
  echo "Settings (window layout, last database): $settings"
fi
echo "Keep the data folder to use it again after reinstalling. To dispose of it, follow your"
echo "service's data-retention procedure; deleting it removes every client record on this laptop."
