"""What the first-run guide decides, without Qt: the folder check, the service name, the
outcome handed back to start-up, and saving the service's name and logo."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from ...paths import DEFAULT_DB_NAME, ensure_private_dir
from ...services import accounts
from ...services.database import Store, keys_path, location_problem

LOGO_SETTING = "service_logo_png"  # base64 PNG, at most LOGO_SIZE pixels each way
NAME_SETTING = "service_name"
LOGO_SIZE = 256
LONGEST_NAME = 120


@dataclass(frozen=True)
class FolderCheck:
    """Where the database and its backups would go, and whether the folder will do."""

    folder: Path
    database: Path
    backups: Path
    problem: str | None  # why the folder cannot hold the database (None: it can)
    existing: bool  # a service database is already there

    @property
    def usable(self) -> bool:
        return self.problem is None and not self.existing


def check_folder(folder: str | Path) -> FolderCheck:
    folder = Path(folder).expanduser()
    database = folder / DEFAULT_DB_NAME
    problem = location_problem(database) or _not_writable(folder)
    existing = database.exists() or keys_path(database).exists()
    return FolderCheck(folder, database, folder / "backups", problem, existing)


def _not_writable(folder: Path) -> str | None:
    """A folder (or, when it does not exist yet, its nearest parent) this user cannot write."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.is_dir() and os.access(probe, os.W_OK):
        return None
    return f"This account cannot save files in {probe}. Choose a folder of your own."


def service_name_problem(name: str) -> str | None:
    """Why a service name cannot be used (it heads GP summaries and returns), or None."""
    name = " ".join(name.split())
    if not name:
        return "Please type the name of your service."
    if len(name) > LONGEST_NAME or not name.isprintable():
        return f"A service name needs 1 to {LONGEST_NAME} ordinary characters."
    return None


@dataclass(frozen=True)
class ServiceDetails:
    name: str
    logo_png: bytes | None = None


@dataclass
class GuideOutcome:
    """What start-up opens after the guide.

    ``store`` is the new service database with its admin signed in (None when the guide
    ended on an existing database, or on the demo before setting anything up); ``path`` the
    service database to remember (None for the demo only); ``practise``: open the demo
    caseload now.
    """

    path: Path | None
    store: Store | None = None
    practise: bool = False


def create_service(
    check: FolderCheck, details: ServiceDetails, admin: str, password: str
) -> tuple[Store, str]:
    """The encrypted database with its first admin signed in, the service's name and logo
    saved in it, and the recovery key to show once. Runs on a worker thread."""
    ensure_private_dir(check.folder)
    store, recovery_key = accounts.create_service_database(check.database, admin, password)
    save_service_details(store, details)
    return store, recovery_key


def save_service_details(store: Store, details: ServiceDetails) -> None:
    with store.atomic():
        store.set_setting(NAME_SETTING, " ".join(details.name.split()))
        if details.logo_png:
            store.set_setting(LOGO_SETTING, base64.b64encode(details.logo_png).decode("ascii"))


def service_logo(store: Store) -> bytes | None:
    text = store.setting(LOGO_SETTING)
    return base64.b64decode(text) if text else None


def recovery_key_lines(key: str) -> str:
    """The key in two lines of four groups: easier to copy onto paper without slips."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "\n" + "-".join(groups[half:])
