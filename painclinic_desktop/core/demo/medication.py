"""Demo medicines, dose-reduction plans and requests to the GP (issue 15).

Made after every other record, from the clients' first attended contacts, so adding them
leaves the rest of a demo caseload exactly as it was for the same seed.
"""

from __future__ import annotations

from .base import Demo

# (drug, product name, route, dose, times a day): a few common UK regimens.
_OPIOIDS = (
    ("codeine", "Co-codamol 30/500 tablets", "oral", 60, 4),
    ("tramadol", "Tramadol 50 mg capsules", "oral", 100, 4),
    ("oxycodone", "Oxycodone 10 mg MR tablets (OxyContin)", "oral", 20, 2),
    ("morphine", "Morphine sulfate 30 mg MR tablets (MST Continus)", "oral", 30, 2),
    ("fentanyl", "Fentanyl 25 micrograms/hour 72-hour patch", "patch", 25, None),
    ("buprenorphine", "Buprenorphine 10 micrograms/hour 7-day patch (Butrans)", "patch", 10, None),
    ("dihydrocodeine", "Dihydrocodeine 30 mg tablets", "oral", 30, 4),
    # high doses (120 mg/day OME), so the flag is seen in the demo
    ("morphine", "Morphine sulfate 30 mg MR tablets (MST Continus)", "oral", 60, 2),
    ("fentanyl", "Fentanyl 50 micrograms/hour 72-hour patch", "patch", 50, None),
)
_OTHERS = (
    ("Paracetamol 500 mg tablets", 1000, 4),
    ("Pregabalin 75 mg capsules", 75, 2),
    ("Amitriptyline 10 mg tablets", 10, 1),
    ("Naproxen 500 mg tablets", 500, 2),
)
_SOURCES = ("gp_record", "client_report", "pharmacy")
_PRESCRIBERS = ("Dr A Shah", "Dr R Hussain", "Dr K Nowak", "Dr J Brennan")
_ACTIONS = (
    "Please review the opioid regimen with a view to the agreed reduction.",
    "Please consider a referral to the practice pharmacist for a structured medication review.",
    "Please re-issue the reduced prescription in line with the agreed plan.",
)
_SHARE = 0.3  # of clients seen: about three in ten have their medicines recorded


def medication_stories(demo: Demo) -> None:
    rng = demo.rng
    first_seen: dict[str, tuple[int, str]] = {}
    attended: dict[str, list[dict]] = {}
    for contact in demo.bundle["contacts"]:
        if contact.get("outcome") != "attended" or contact.get("type") == "group":
            continue
        attended.setdefault(contact["client_id"], []).append(contact)
        day = int(_ordinal(contact["starts_at"][:10]))
        held = first_seen.get(contact["client_id"])
        if held is None or day < held[0]:
            first_seen[contact["client_id"]] = (day, contact.get("staff") or "")
    for client_id, (day, staff) in sorted(first_seen.items()):
        if rng.random() >= _SHARE or day > demo.today - 30:
            continue
        author = staff or demo.pick("coach")
        opioid = _opioid_items(demo, client_id, day, author)
        _other_item(demo, client_id, day, author)
        _worksheets(attended[client_id], day)
        if rng.random() < 0.5:
            _reduction(demo, client_id, day, author, opioid)
        if rng.random() < 0.4:
            _gp_action(demo, client_id, day, author)


def _worksheets(contacts: list[dict], day: int) -> None:
    """The OAD worksheet in the session the medicines were first reviewed, de-scripting in
    the next one (components added to contacts already made: nothing else moves)."""
    ordered = sorted(contacts, key=lambda c: c["starts_at"])
    for contact, code in zip(ordered, ("oad_worksheet", "de_scripting"), strict=False):
        if code not in contact["components"]:
            contact["components"] = [*contact["components"], code]


def _ordinal(iso: str) -> int:
    import datetime as dt

    return dt.date.fromisoformat(iso).toordinal()


def _item(demo: Demo, client_id: str, day: int, author: str, **fields) -> dict:
    record = {
        "client_id": client_id,
        "started_on": demo.day(day),
        "recorded_by": author,
        "source": demo.rng.choice(_SOURCES),
        **fields,
    }
    return demo.add("medication_items", record, day, author)


def _opioid_items(demo: Demo, client_id: str, day: int, author: str) -> dict:
    drug, name, route, dose, times = demo.rng.choice(_OPIOIDS)
    fields = {
        "drug": drug,
        "name": name,
        "route": route,
        "dose": dose,
        "dose_unit": "micrograms/hour" if route == "patch" else "mg",
    }
    if times is not None:
        fields["times_per_day"] = times
    return _item(demo, client_id, day, author, **fields)


def _other_item(demo: Demo, client_id: str, day: int, author: str) -> None:
    name, dose, times = demo.rng.choice(_OTHERS)
    _item(
        demo, client_id, day, author, drug=None, name=name, route="oral", dose=dose,
        dose_unit="mg", times_per_day=times,
    )  # fmt: skip


def _reduction(demo: Demo, client_id: str, day: int, author: str, item: dict) -> None:
    """A plan agreed a fortnight in, the first step made (the old dose stopped, the new one
    started), and now and then a setback."""
    rng = demo.rng
    agreed = day + 14
    if agreed + 28 > demo.today or item["route"] == "patch":
        return
    steps = []
    for n in range(1, 5):
        on = agreed + 14 * n
        share = 100 - 25 * n
        steps.append(
            {
                "on": demo.day(on),
                "regimen": f"{item['name']}: {share}% of the starting daily dose",
                "ome_mg_per_day": None,
            }
        )
    events = []
    if rng.random() < 0.3 and agreed + 35 < demo.today:
        events.append(
            {"on": demo.day(agreed + 35), "kind": "setback", "reason": "Pain flare after a fall"}
        )
    plan = {
        "client_id": client_id,
        "agreed_with": rng.choice(_PRESCRIBERS),
        "agreed_on": demo.day(agreed),
        "recorded_by": author,
        "steps": steps,
        "events": events,
    }
    demo.add("medication_plans", plan, agreed, author)
    first_step = agreed + 14
    if first_step >= demo.today:
        return
    item["stopped_on"] = demo.day(first_step)
    item["stop_reason"] = "dose changed"
    item["updated_at"] = demo.stamp(first_step)
    reduced = {k: item[k] for k in ("drug", "name", "route", "dose_unit", "source") if k in item}
    reduced.update(_first_step_down(item))
    _item(demo, client_id, first_step, author, replaces=item["id"], **reduced)


# The lowest-strength modified-release product of a drug: MR tablets are never halved, so a
# step down of a twice-daily MR dose is made up of these.
_MR_STEP = {
    "oxycodone": ("Oxycodone 5 mg MR tablets (OxyContin)", 5),
    "morphine": ("Morphine sulfate 10 mg MR capsules (Zomorph)", 10),
}


def _first_step_down(item: dict) -> dict:
    """About a quarter less a day, as doses a person can take: one dose fewer of a medicine
    taken three or four times a day; a twice-daily MR dose lowered to whole tablets of the
    drug's lowest MR strength."""
    times = item.get("times_per_day") or 1
    if times >= 3:
        return {"dose": item["dose"], "times_per_day": times - 1}
    name, strength = _MR_STEP[item["drug"]]
    dose = max(strength, (item["dose"] * 3 // 4) // strength * strength)
    return {"name": name, "dose": dose, "times_per_day": times}


def _gp_action(demo: Demo, client_id: str, day: int, author: str) -> None:
    on = day + 7
    if on > demo.today:
        return
    history = [{"status": "requested", "on": demo.day(on)}]
    if demo.rng.random() < 0.5 and on + 21 <= demo.today:
        history.append({"status": "done", "on": demo.day(on + 21)})
    record = {
        "client_id": client_id,
        "text": demo.rng.choice(_ACTIONS),
        "requested_on": demo.day(on),
        "requested_by": author,
        "history": history,
    }
    demo.add("gp_actions", record, on, author)
