"""Run in a fresh process so SQLite reads TMPDIR / SQLITE_TMPDIR from its start:
sign in, write a caseload carrying a canary name, make SQLite sort, build temp tables and
VACUUM, then report every file this process holds open (deleted or not) that contains the
canary. ``file-temp`` repeats it with temp_store=FILE, to show the watch catches a leak."""

from __future__ import annotations

import json
import os
import sys

from painclinic_desktop.services import accounts, bundles
from tests.factories import bundle, client, contact

CANARY = sys.argv[3] if len(sys.argv) > 3 else "Quixotewhistle"


def open_files_with(needle: bytes, skip: tuple[str, ...]) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if not target.startswith("/") or target.startswith(skip):
                continue
            with open(f"/proc/self/fd/{fd}", "rb") as handle:
                if needle in handle.read():
                    found.append(target)
        except OSError:
            continue
    return found


def main(db_path: str, mode: str) -> None:
    store = accounts.sign_in(
        db_path, os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"]
    )
    if mode == "file-temp":
        store.conn.execute("PRAGMA temp_store=FILE")
        store.conn.execute("PRAGMA temp.cache_size=10")
    bundles.import_bundle(
        store,
        bundle(
            clients=[
                client(f"c{i}", nhs_number=None, family_name=f"{CANARY}{i}") for i in range(2000)
            ],
            contacts=[contact("n1", "c1", note=f"{CANARY} said the pacing helped")],
        ),
    )
    store.conn.execute("SELECT * FROM clients ORDER BY family_name || given_name").fetchall()
    store.conn.execute("CREATE TEMP TABLE scratch AS SELECT * FROM clients")
    leaks = open_files_with(CANARY.encode(), skip=("/dev/", "/proc/"))
    if mode != "file-temp":
        store.conn.execute("VACUUM")
        leaks += open_files_with(CANARY.encode(), skip=("/dev/", "/proc/"))
    store.close()
    print(json.dumps(sorted(set(leaks))))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
