"""Databases and backups made by the previous SQLCipher binding open under the current one.

The app changed from `sqlcipher3-binary` (Linux wheels only, SQLCipher 4.12) to `sqlcipher3`
(Linux and Windows wheels, SQLCipher 4.19). A laptop that upgrades must keep its records, and a
backup taken before the upgrade must still restore.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import bundle, client

FIXTURE = Path(__file__).parent / "fixtures" / "sqlcipher-4.12"
ADMIN, PASSWORD = "Fixture Admin", "correct horse battery 7"


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """The fixture's files copied as a laptop would hold them."""
    for name in ("service.db", "service.db.keys", "service.backup", "service.backup.keys"):
        shutil.copy2(FIXTURE / name, tmp_path / name)
    (tmp_path / "data").mkdir(mode=0o700)
    return tmp_path


def _painclinic(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PAINCLINIC_DATA_DIR": str(folder / "data"),
        "PAINCLINIC_USER": ADMIN,
        "PAINCLINIC_PASSWORD": PASSWORD,
    }
    return subprocess.run(
        [sys.executable, "-m", "painclinic_desktop.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def _collections(bundle_path: Path) -> dict[str, list]:
    opener = gzip.open if bundle_path.suffix == ".gz" else open
    with opener(bundle_path, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    return {k: v for k, v in doc.items() if isinstance(v, list)}


def test_the_binding_in_use_is_sqlcipher_4_19_or_newer():
    import sqlcipher3.dbapi2 as driver

    version = driver.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
    major, minor = (int(p) for p in version.split()[0].split(".")[:2])
    assert (major, minor) >= (4, 19)


def test_a_database_made_by_the_previous_binding_opens_checks_and_exports_unchanged(laptop):
    checked = _painclinic(laptop, "check", "--db", str(laptop / "service.db"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "intact" in checked.stdout and "12 clients" in checked.stdout

    out = laptop / "export.json"
    done = _painclinic(laptop, "export-bundle", str(out), "--db", str(laptop / "service.db"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert _collections(out) == _collections(FIXTURE / "export.json.gz")


def test_a_backup_made_by_the_previous_binding_restores(laptop):
    db = laptop / "service.db"
    extra = laptop / "extra.json"
    extra.write_text(json.dumps(bundle(clients=[client("zofia")])), encoding="utf-8")
    added = _painclinic(laptop, "import", str(extra), "--db", str(db))
    assert added.returncode == 0 and "clients added: 1" in added.stdout, added.stderr
    restored = _painclinic(laptop, "restore", str(laptop / "service.backup"), "--db", str(db))
    assert restored.returncode == 0, restored.stdout + restored.stderr

    out = laptop / "export.json"
    done = _painclinic(laptop, "export-bundle", str(out), "--db", str(db))
    assert done.returncode == 0, done.stdout + done.stderr
    assert _collections(out) == _collections(FIXTURE / "export.json.gz")
