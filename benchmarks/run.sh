#!/usr/bin/env bash
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh" test
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m benchmarks.suite "$@"
