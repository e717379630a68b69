"""A stream of saves for the crash test: print "saved <id>" only after each commit returns,
the way the app shows "saved" only after the commit. The parent kills this process at a
random moment."""

from __future__ import annotations

import os
import sys

from painclinic_desktop.services import accounts, writes
from tests.factories import client, uid


def main(db_path: str) -> None:
    store = accounts.sign_in(
        db_path, os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"]
    )
    print("ready", flush=True)
    n = 0
    while True:
        name = f"crash-{os.getpid()}-{n}"
        writes.add(store, "clients", client(name, nhs_number=None), "Cal Coach")
        sys.stdout.write(f"saved {uid(name)}\n")
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])
