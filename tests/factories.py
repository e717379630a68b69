"""Small bundle-shaped records for tests, with valid defaults that a test overrides, and the
service databases and command-line runs made of them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painclinic_desktop.core.bundle import new_bundle

if TYPE_CHECKING:
    from painclinic_desktop.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
_NS = uuid.UUID("6f1d1c1e-8a0b-4c55-9d1a-3f2f4c0b7a11")


def uid(name: str) -> str:
    """A stable UUID from a readable name, so tests can refer to records by name."""
    return str(uuid.uuid5(_NS, name))


def bundle(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    doc = new_bundle("2026-11-01T09:00:00+00:00")
    doc.update(collections)
    return doc


def client(name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "nhs_number": "9434765919",
        "given_name": name.title(),
        "family_name": "Khan",
        "date_of_birth": "1961-04-12",
        "gender": "female",
        "ethnicity": "J",
        "first_language": "Urdu",
        "interpreter_needed": True,
        "pcn": "Bradford City",
        "employment_status": "retired",
        "updated_at": "2026-10-01T10:00:00+01:00",
    }
    record.update(fields)
    return record


def referral(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "received_on": "2026-09-03",
        "source": "gp",
        "reason": "Persistent low back pain for 4 years",
        "outcome": "accepted",
        "outcome_on": "2026-09-10",
    }
    record.update(fields)
    return record


def contact(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "starts_at": "2026-09-20T10:30:00+01:00",
        "duration_minutes": 60,
        "type": "home_visit",
        "venue": "home",
        "outcome": "attended",
        "staff": "Coach One",
        "carer_present": False,
        "footsteps": [1, 3],
        "components": ["pain_book", "pacing_diary"],
        "note": "Talked about pacing.",
    }
    record.update(fields)
    return record


def assessment(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "instrument": "phq9",
        "time_point": "baseline",
        "administered_on": "2026-09-20",
        "items": [1, 1, 2, 1, 0, 1, 1, 0, 0],
        "recorded_by": "Coach One",
    }
    record.update(fields)
    return record


def referral_row(
    rid: str, client_id: str, day: str, source: str = "gp", outcome: str = "accepted"
) -> dict[str, Any]:
    """A referral with only what the monthly return reads: tests of the return's sheets
    build their caseloads from these."""
    return {
        "id": rid,
        "client_id": client_id,
        "received_on": day,
        "source": source,
        "outcome": outcome,
    }


def discharge(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "discharged_on": "2026-08-31",
        "reason": "goals_met",
    }
    record.update(fields)
    return record


def goal(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "footstep": 3,
        "text": "Walk",
        "set_on": "2026-03-01",
        "reviews": [],
    }
    record.update(fields)
    return record


def sit_to_stand_caseload(people: dict[str, tuple[str, int, int]], field: str) -> dict[str, Any]:
    """A bundle of clients each with one referral and a sit-to-stand count at baseline
    (2026-03-10) and end (2026-06-10): ``people`` maps a name to (the client's ``field``
    value, the count before, the count after). For reports grouped by ``field``."""
    clients, referrals, assessments = [], [], []
    for i, (name, (value, before, after)) in enumerate(people.items()):
        clients.append(client(name, nhs_number=None, family_name=f"F{i}", **{field: value}))
        referrals.append(referral(f"r-{name}", name, received_on="2026-03-01"))
        for point, day, count in (("baseline", "2026-03-10", before), ("end", "2026-06-10", after)):
            assessments.append(
                assessment(
                    f"a-{name}-{point}",
                    name,
                    instrument="sts",
                    time_point=point,
                    administered_on=day,
                    items=[count],
                )
            )
    return bundle(clients=clients, referrals=referrals, assessments=assessments)


def new_store(path: Path, doc: dict[str, Any] | None = None, **collections: Any) -> Store:
    """A new service database at ``path``, open, holding ``doc`` or the bundle made of
    ``collections`` (imported as a bundle file would be). The caller closes it."""
    from painclinic_desktop.services.bundles import import_bundle
    from painclinic_desktop.store.database import open_store

    store = open_store(path, create=True)
    if doc is not None or collections:
        import_bundle(store, doc if doc is not None else bundle(**collections))
    return store


def new_database(path: Path, doc: dict[str, Any] | None = None, **collections: Any) -> Path:
    """The same database, closed: for a test that opens it itself or names it to the
    command line."""
    new_store(path, doc, **collections).close()
    return path


def command(*words: str | Path) -> int:
    """``painclinic <words>`` run in the test's process; its exit status."""
    from painclinic_desktop.cli import main

    return main([str(word) for word in words])


def in_a_process(
    *args: str | Path, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python <args>`` run from the project's folder in a process of its own, with the
    test's private folders and offscreen Qt (tests/conftest.py puts them in the
    environment) and ``env`` beside them; what it printed, as text."""
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def grace(**fields: Any) -> dict[str, Any]:
    """A second client, Grace Okafor (no NHS number unless given)."""
    return client(
        "grace", **{"nhs_number": None, "given_name": "Grace", "family_name": "Okafor", **fields}
    )


def imran(**fields: Any) -> dict[str, Any]:
    """A third client, Imran Hussain (no NHS number unless given)."""
    return client(
        "imran", **{"nhs_number": None, "given_name": "Imran", "family_name": "Hussain", **fields}
    )


def flag(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "kind": "risk",
        "raised_on": "2026-10-01",
        "raised_by": "Coach One",
    }
    record.update(fields)
    return record
