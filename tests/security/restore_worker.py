"""A restore from the command line that stops just before the new file is moved into place
and waits there, so the parent can kill it at the most delicate moment."""

from __future__ import annotations

import sys
import time

from painclinic_desktop import cli
from painclinic_desktop.services import backup

_original = backup._swap_in


def _pause_then_swap(temp, path):
    print("about to swap", flush=True)
    time.sleep(60)
    _original(temp, path)


if __name__ == "__main__":
    backup._swap_in = _pause_then_swap
    sys.exit(cli.main(sys.argv[1:]))
