"""A program that has the database open and keeps saving, the way the desktop app does,
printing "saved <id>" only after each commit returns; it stops after ``count`` saves."""

from __future__ import annotations

import os
import sys

from painclinic_desktop.services import accounts, writes
from tests.factories import client, uid


def main(db_path: str, count: int) -> None:
    store = accounts.sign_in(
        db_path, os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"]
    )
    print("ready", flush=True)
    for n in range(count):
        name = f"writer-{n}"
        writes.add(store, "clients", client(name, nhs_number=None), "Cal Coach")
        print(f"saved {uid(name)}", flush=True)
    sys.stdin.readline()  # stay open until the parent says so
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
