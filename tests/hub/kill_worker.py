"""A laptop's sync loop for the kill test: write a record, say so once it is committed (an
acknowledged local write), sync, repeat. The test kills it and the hub at random moments."""

from __future__ import annotations

import sys

from painclinic_desktop.services import accounts, sync, writes
from painclinic_desktop.store import hub
from tests import factories as f


def main(path: str, login: str, password: str, start: int) -> None:
    store = accounts.sign_in(path, login, password)
    n = start
    print("ready", flush=True)
    while True:
        writes.add(store, "clients", f.client(f"kill{n}", given_name=f"K{n}"), login)
        print(f"ack {n}", flush=True)
        n += 1
        try:
            sync.sync(store)
        except hub.HubUnavailable:
            pass


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
