"""Where the app keeps its data, backups and logs (platformdirs), overridable for tests.

``PAINCLINIC_DATA_DIR`` moves everything (tests point it at a temporary folder so no test
touches a real profile).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "PainClinic"
DEFAULT_DB_NAME = "painclinic.db"


def data_dir() -> Path:
    override = os.environ.get("PAINCLINIC_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def keys_path(path: str | Path) -> Path:
    """The key slots file kept beside a service database (its accounts' key slots)."""
    path = Path(path)
    return path.with_name(path.name + ".keys")


def default_db_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def log_dir() -> Path:
    override = os.environ.get("PAINCLINIC_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create a folder only the signed-in user can read (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except OSError:
        pass  # not every file system supports POSIX modes (e.g. a FAT portable drive)
    return path
