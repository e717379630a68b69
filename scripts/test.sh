#!/usr/bin/env bash
# Install everything the tests need, then run the whole test suite (Qt runs offscreen).
# With arguments, they go to pytest as they are.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh" test
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
run=(.venv/bin/python -m pytest -q -p no:cacheprovider)
exec "${run[@]}" "$@"
