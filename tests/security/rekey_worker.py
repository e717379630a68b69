"""An admin switching off the coach (a change of keys), printing each step as it starts; the
parent kills this process at a random moment."""

from __future__ import annotations

import os
import sys

from painclinic_desktop.services import accounts, users


def main(db_path: str) -> None:
    store = accounts.sign_in(
        db_path, os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"]
    )
    print("ready", flush=True)
    users.disable_account(store, "Cal Coach", progress=lambda text: print(text, flush=True))
    print("done", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
