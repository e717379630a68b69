#!/usr/bin/env bash
# Install PainClinic Desktop and start it on the demo caseload (made-up clients) kept in
# your data folder. Real service databases are never touched by this command.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh" run
exec "$ROOT/.venv/bin/painclinic-desktop" --demo "$@"
