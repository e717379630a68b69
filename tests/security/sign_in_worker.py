"""One sign-in attempt in a process of its own, started together with others (a barrier), for
the parallel sign-in tests: reports how the attempt ended."""

from __future__ import annotations

from painclinic_desktop.core.security_errors import AccountDisabled, SignInDelayed, WrongPassword
from painclinic_desktop.services import accounts


def attempt(db_path: str, name: str, password: str, barrier, results) -> None:
    barrier.wait()
    try:
        accounts.sign_in(db_path, name, password).close()
        results.put("signed in")
    except WrongPassword:
        results.put("wrong password")
    except SignInDelayed:
        results.put("delayed")
    except AccountDisabled:
        results.put("switched off")
    except Exception as exc:  # noqa: BLE001 — the test names anything unexpected
        results.put(f"error: {exc!r}")
