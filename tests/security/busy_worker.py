"""A program in the middle of a long save (a large import, say): it holds the database's
write lock for ``seconds``, then lets go."""

from __future__ import annotations

import os
import sys
import time

from painclinic_desktop.services import accounts


def main(db_path: str, seconds: float) -> None:
    store = accounts.sign_in(
        db_path, os.environ["PAINCLINIC_USER"], os.environ["PAINCLINIC_PASSWORD"]
    )
    with store.atomic():
        print("saving", flush=True)
        time.sleep(seconds)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
