#!/usr/bin/env bash
# Pin the whole dependency set, for every platform at once (Linux and Windows), into
# requirements/app.txt (what the app runs with) and requirements/test.txt (app + test tools).
# scripts/setup.sh, CI and both installers install from these. Run after changing the
# dependencies in pyproject.toml; tests/test_dependencies.py fails until the lock agrees.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -x .venv/bin/python ] || bash scripts/setup.sh test
.venv/bin/python -m pip install -q "uv>=0.5"
# uv reads the system's certificate store only when asked.
[ -f /etc/ssl/certs/ca-certificates.crt ] && export SSL_CERT_FILE=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
compile() {
  .venv/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --no-header \
    --quiet "$@"
}
compile -o requirements/app.txt
compile --extra test -o requirements/test.txt
echo "Locked: requirements/app.txt, requirements/test.txt"
