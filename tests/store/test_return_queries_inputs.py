"""The monthly return from the store's narrowed reads is cell for cell the return worked out
from the whole caseload (every record read back, as the service evaluation reads it).

The caseloads are random but seeded, and crowded with the cases where the two could part:
dates on month and window edges, times near midnight with offsets, same-day assessments
told apart by recording time or id, sit-to-stand protocols, answers out of range, empty
dates, goals reviewed twice on one day, cancelled and missed contacts, several PCNs.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from painclinic_desktop.core.monthly_return.common import month_period
from painclinic_desktop.core.monthly_return.workbook import (
    ReturnSettings,
    compute_monthly_return,
    compute_monthly_return_from,
)
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from painclinic_desktop.store.return_queries import return_inputs
from painclinic_desktop.store.snapshot import snapshot

PCNS = ("North", "South", None)
ITEMS = {"phq9": (9, 3), "gad7": (7, 3), "pseq": (10, 6), "sts": (1, 40)}
EDGE_DAYS = (
    "2025-10-31",
    "2025-11-01",
    "2026-09-01",
    "2026-09-02",
    "2026-09-30",
    "2026-10-01",
    "2026-10-31",
    "2026-11-01",
)


def _day(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(EDGE_DAYS)
    return (date(2025, 6, 1) + timedelta(days=rng.randrange(560))).isoformat()


def _moment(rng: random.Random) -> str:
    clock = rng.choice(("00:30:00+01:00", "10:00:00+01:00", "23:30:00+00:00"))
    return f"{_day(rng)}T{clock}"


def _answers(rng: random.Random, instrument: str) -> list:
    count, top = ITEMS[instrument]
    found = [rng.randint(0, top) for _ in range(count)]
    if rng.random() < 0.1:
        found[0] = None
    if rng.random() < 0.05:
        found[-1] = top + 1  # out of range: left out, never stops the return
    return found


def _client_records(rng: random.Random, cid: str) -> dict[str, list[dict]]:
    n = rng.randrange
    return {
        "referrals": [
            {
                "id": f"{cid}-r{i}",
                "client_id": cid,
                "received_on": _day(rng),
                "source": rng.choice(("gp", "self", "msk_practitioner")),
                "outcome": rng.choice(("accepted", "accepted", "declined", "pending")),
            }
            for i in range(n(3))
        ],
        "tier_changes": [
            {
                "id": f"{cid}-t{i}",
                "client_id": cid,
                "tier": rng.randint(1, 3),
                "changed_on": _day(rng),
            }
            for i in range(n(3))
        ],
        "discharges": [
            {
                "id": f"{cid}-d{i}",
                "client_id": cid,
                "discharged_on": _day(rng),
                "reason": rng.choice(("goals_met", "disengaged")),
            }
            for i in range(n(2))
        ],
        "contacts": [
            {
                "id": f"{cid}-c{i}",
                "client_id": cid,
                "starts_at": "" if rng.random() < 0.03 else _moment(rng),
                "type": rng.choice(("face_to_face", "telephone", "group")),
                "outcome": rng.choice(("attended", "attended", "dna", "cancelled_by_client")),
            }
            for i in range(n(12))
        ],
        "assessments": [_assessment(rng, cid, i) for i in range(n(14))],
        "goals": [
            {
                "id": f"{cid}-g{i}",
                "client_id": cid,
                "footstep": rng.randint(1, 10),
                "text": "Goal",
                "set_on": "2025-06-01",
                "reviews": [
                    {
                        "reviewed_on": _day(rng),
                        "note": "Seen.",
                        "status": rng.choice(("in_progress", "achieved", "not_achieved")),
                    }
                    for _ in range(n(4))
                ],
            }
            for i in range(n(3))
        ],
        "signposting": [
            {
                "id": f"{cid}-s{i}",
                "client_id": cid,
                "service_id": rng.choice(("walk", "art")),
                "history": [
                    {"status": rng.choice(("suggested", "referred", "attended")), "on": _day(rng)}
                    for _ in range(n(4))
                ],
            }
            for i in range(n(2))
        ],
    }


def _assessment(rng: random.Random, cid: str, i: int) -> dict:
    instrument = rng.choice(tuple(ITEMS))
    point = rng.choice(("baseline", "baseline", "mid", "end", "fu_6m", "review"))
    return {
        "id": f"{cid}-a{i:02d}",
        "client_id": cid,
        "instrument": instrument,
        "time_point": point,
        # Few distinct days per client, so same-day ties are common.
        "administered_on": rng.choice(EDGE_DAYS[:3] + EDGE_DAYS[5:7] + ("",)[: i == 13]),
        "items": _answers(rng, instrument),
        "protocol": rng.choice((None, "", "30s", "60s")) if instrument == "sts" else None,
        "created_at": rng.choice((None, "2026-10-01T09:00:00+00:00", "2026-10-01T10:00:00+00:00")),
    }


def random_caseload(seed: int, clients: int = 60) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    caseload: dict[str, list[dict]] = {
        "clients": [
            {
                "id": f"c{k:03d}",
                "given_name": "A",
                "family_name": "B",
                "date_of_birth": rng.choice(("1950-02-28", "2009-10-15", "1988-10-31")),
                "nhs_number": rng.choice((None, "", "9434765919")),
                "ethnicity": rng.choice((None, "", "A", "Z")),
                "gender": "female",
                "interpreter_needed": rng.choice((None, True, False)),
                "imd_decile": rng.choice((None, 1, 10)),
                "pcn": rng.choice(PCNS),
            }
            for k in range(clients)
        ],
        "community_services": [
            {"id": "walk", "name": "Walk", "category": "physical_activity"},
            {"id": "art", "name": "Art", "category": "arts_crafts"},
        ],
        "mdt_meetings": [
            {
                "id": f"m{i}",
                "held_on": day,
                "discussions": [
                    {"id": f"m{i}-{k}", "client_id": f"c{k:03d}", "decision": "continue"}
                    for k in rng.sample(range(clients), 5)
                ],
            }
            for i, day in enumerate(EDGE_DAYS)
        ],
    }
    for k in range(clients):
        for name, found in _client_records(rng, f"c{k:03d}").items():
            caseload.setdefault(name, []).extend(found)
    return caseload


@pytest.fixture(scope="module", params=[1, 2, 3])
def stored(request, tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("r") / "r.db", create=True)
    with store.atomic():
        for name, found in random_caseload(request.param).items():
            records.insert_many(store, name, found)
    yield store
    store.close()


@pytest.mark.parametrize("month", ["2025-11", "2026-09", "2026-10", "2026-11"])
@pytest.mark.parametrize("pcn", [None, "North", "South"])
def test_the_narrowed_reads_give_the_same_return_as_the_whole_caseload(stored, month, pcn):
    settings = ReturnSettings(suppress_small=pcn == "South")
    whole = compute_monthly_return(snapshot(stored), month, pcn=pcn, settings=settings)
    inputs = return_inputs(stored, month_period(month), pcn)
    assert compute_monthly_return_from(inputs, month, pcn=pcn, settings=settings) == whole


def test_the_random_caseloads_reach_the_cases_that_matter(stored):
    """Guards the test above against a generator that stops making its hard cases."""
    sheets = compute_monthly_return(snapshot(stored), "2026-10")
    summary = {(r[0], r[2]): r[3] for r in sheets["Summary"].rows}
    assert summary[("first_contacts", "all")] > 0
    assert summary[("contacts_attended", "all")] > 0
    assert summary[("active_at_month_end", "all")] > 0
    assert len(sheets["Outcomes"].rows) >= 3
    assert any(row[1] != 0 for row in sheets["Goals"].rows)
