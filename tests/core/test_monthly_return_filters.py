"""The PCN filter, small-number suppression and the speed of the monthly return."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pytest

from painclinic_desktop.core.monthly_return.workbook import ReturnSettings, compute_monthly_return
from tests.factories import referral_row as referral

MONTH = "2026-10"


def contact(kid, client, day, outcome="attended"):
    return {
        "id": kid,
        "client_id": client,
        "starts_at": f"{day}T10:00:00+01:00",
        "type": "telephone",
        "outcome": outcome,
    }


def goal(gid, client, status):
    reviews = [{"reviewed_on": "2026-10-09", "status": status}]
    return {"id": gid, "client_id": client, "footstep": 2, "reviews": reviews}


def signposted(sid, client, status):
    history = [{"status": status, "on": "2026-10-02"}]
    return {"id": sid, "client_id": client, "service_id": "svc", "history": history}


def sts(aid, point, day, count):
    return {
        "id": aid,
        "client_id": "c0",
        "instrument": "sts",
        "time_point": point,
        "administered_on": day,
        "items": [count],
    }


def summary_values(sheets):
    return {(row[0], row[2]): row[3] for row in sheets["Summary"].rows}


@pytest.fixture
def two_pcns():
    """North: clients n1, n2. South: s1 (and s2 with no PCN at all)."""
    return {
        "clients": [
            {"id": "n1", "pcn": "North", "gender": "female"},
            {"id": "n2", "pcn": "North", "gender": "male"},
            {"id": "s1", "pcn": "South", "gender": "female"},
            {"id": "s2", "gender": "female"},
        ],
        "referrals": [
            referral("r1", "n1", "2026-10-03"),
            referral("r2", "n2", "2026-10-04", "self"),
            referral("r3", "s1", "2026-10-05"),
            referral("r4", "s2", "2026-10-06"),
        ],
        "contacts": [
            contact("k1", "n1", "2026-10-10"),
            contact("k2", "s1", "2026-10-11"),
            contact("k3", "s1", "2026-10-12", "dna"),
        ],
        "discharges": [
            {"id": "d1", "client_id": "s1", "discharged_on": "2026-10-20", "reason": "moved_away"}
        ],
        "mdt_meetings": [
            {
                "id": "m1",
                "held_on": "2026-10-15",
                "discussions": [
                    {"id": "x1", "client_id": "n2", "decision": "continue"},
                    {"id": "x2", "client_id": "s1", "decision": "discharge"},
                    {"id": "x3", "client_id": "s2", "decision": "continue"},
                ],
            }
        ],
        "goals": [
            goal("g1", "n1", "achieved"),
            goal("g2", "s1", "not_achieved"),
        ],
        "community_services": [{"id": "svc", "name": "Choir", "category": "music_choir"}],
        "signposting": [
            signposted("sp1", "n2", "referred"),
            signposted("sp2", "s1", "attended"),
        ],
    }


def test_pcn_filter_keeps_only_that_pcns_clients(two_pcns):
    sheets = compute_monthly_return(two_pcns, MONTH, pcn="North")
    summary = summary_values(sheets)
    assert summary[("referrals_received", "all")] == 2
    assert summary[("referrals_received", "self")] == 1
    assert summary[("active_at_month_end", "all")] == 2
    assert summary[("first_contacts", "all")] == 1
    assert summary[("contacts_attended", "all")] == 1
    assert summary[("dna_rate_percent", "all")] == 0.0  # South's missed contact is not ours
    assert summary[("discharges", "all")] == 0
    assert summary[("mdt_clients_discussed", "all")] == 1  # n2 only
    assert [r for r in sheets["Demographics"].rows if r[0] == "pcn"] == [["pcn", "North", 2]]
    assert sheets["Goals"].rows[-1][:5] == ["all", 1, 0, 0, 1]
    assert sheets["Signposting"].rows == [["music_choir", "referred", 1]]
    quality = {row[0]: row[2] for row in sheets["Data quality"].rows}
    assert quality["open_missing_nhs_number"] == 2


def test_without_a_filter_everyone_counts(two_pcns):
    summary = summary_values(compute_monthly_return(two_pcns, MONTH))
    assert summary[("referrals_received", "all")] == 4
    assert summary[("mdt_clients_discussed", "all")] == 3
    assert summary[("dna_rate_percent", "all")] == pytest.approx(100 / 3)


def test_unknown_pcn_gives_zero_rows_not_missing_rows(two_pcns):
    sheets = compute_monthly_return(two_pcns, MONTH, pcn="East")
    unfiltered = compute_monthly_return(two_pcns, MONTH)
    assert [row[:3] for row in sheets["Summary"].rows] == [
        row[:3] for row in unfiltered["Summary"].rows
    ]
    assert summary_values(sheets)[("referrals_received", "all")] == 0
    assert len(sheets["Goals"].rows) == 11
    assert sheets["Demographics"].rows == []


def test_small_numbers_suppressed_where_the_contract_says():
    caseload = {
        "clients": [{"id": f"c{i}", "gender": "female"} for i in range(6)],
        "referrals": [referral(f"r{i}", f"c{i}", "2026-10-02") for i in range(5)]
        + [referral("r5", "c5", "2026-10-03", "self")],
        "contacts": [contact(f"k{i}", "c0", f"2026-10-1{i}") for i in range(3)]
        + [contact("k9", "c0", "2026-10-20", "dna")],
        "goals": [
            goal("g1", "c0", "achieved"),
            goal("g2", "c1", "in_progress"),
        ],
        "community_services": [{"id": "svc", "category": "relaxation"}],
        "signposting": [signposted("sp", "c0", "suggested")],
        "assessments": [sts("b", "baseline", "2026-10-01", 10), sts("e", "end", "2026-10-20", 13)],
    }
    sheets = compute_monthly_return(caseload, MONTH, settings=ReturnSettings(suppress_small=True))
    summary = summary_values(sheets)
    assert summary[("referrals_received", "all")] == 6  # 5 or more: shown
    assert summary[("referrals_received", "gp")] == 5
    assert summary[("referrals_received", "self")] == "<5"
    assert summary[("referrals_received", "other")] == 0  # zero is not suppressed
    assert summary[("contacts_attended", "all")] == "<5"
    assert summary[("dna_rate_percent", "all")] == 25.0  # from the true counts 3 and 1
    assert summary[("first_contacts", "all")] == "<5"
    assert summary[("median_days_to_first_contact", "all")] == 8.0  # a median, not a count
    assert ["gender", "female", 6] in sheets["Demographics"].rows
    assert ["pcn", "unknown", 6] in sheets["Demographics"].rows
    assert sheets["Goals"].rows[1] == ["2", "<5", 0, "<5", "<5", 0, 0, 0, 50.0]
    assert sheets["Signposting"].rows == [["relaxation", "suggested", "<5"]]
    # Outcomes and Data quality are outside the setting.
    assert sheets["Outcomes"].rows[0][3] == 1
    assert {row[0]: row[2] for row in sheets["Data quality"].rows}["open_no_baseline"] == 5


def test_suppression_is_off_by_default():
    caseload = {"referrals": [referral("r", "c", "2026-10-02")]}
    assert (
        summary_values(compute_monthly_return(caseload, MONTH))[("referrals_received", "all")] == 1
    )


def synthetic_caseload(clients: int, contacts: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    start = date(2025, 1, 1)

    def day(offset: int) -> str:
        return (start + timedelta(days=offset)).isoformat()

    caseload: dict[str, list] = {"clients": [], "referrals": [], "contacts": [], "assessments": []}
    for i in range(clients):
        received = rnd.randint(0, 640)
        caseload["clients"].append({"id": f"c{i}", "date_of_birth": day(-rnd.randint(7000, 30000))})
        caseload["referrals"].append(referral(f"r{i}", f"c{i}", day(received)))
        for point, after in (("baseline", 0), ("end", 90)):
            caseload["assessments"].append(
                {
                    "id": f"a{i}{point}",
                    "client_id": f"c{i}",
                    "instrument": "phq9",
                    "time_point": point,
                    "administered_on": day(received + after),
                    "items": [rnd.randint(0, 3) for _ in range(9)],
                }
            )
    for k in range(contacts):
        outcome = rnd.choice(("attended", "attended", "dna", "cancelled_by_client"))
        caseload["contacts"].append(
            contact(f"k{k}", f"c{rnd.randrange(clients)}", day(rnd.randint(0, 670)), outcome)
        )
    return caseload


def test_five_thousand_clients_in_about_a_second():
    caseload = synthetic_caseload(5000, 100_000)
    compute_monthly_return({}, MONTH)  # first use imports the statistics library
    began = time.perf_counter()
    sheets = compute_monthly_return(caseload, MONTH)
    elapsed = time.perf_counter() - began
    assert summary_values(sheets)[("contacts_attended", "all")] > 0
    # About a second on a clinic laptop; the bound is loose so a busy machine passes,
    # yet any per-client rescan of the contacts (quadratic) would take minutes.
    assert elapsed < 5
