"""The Summary and Data quality sheets of the monthly return, against values worked by hand.

The month is October 2026 (start 2026-10-01, end 2026-10-31) throughout.
"""

from __future__ import annotations

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.monthly_return.workbook import SHEET_NAMES, compute_monthly_return
from tests.factories import referral_row as referral

MONTH = "2026-10"


def contact(cid, client, starts_at, kind="face_to_face", outcome="attended"):
    if len(starts_at) == 10:
        starts_at += "T10:00:00+01:00"
    return {
        "id": cid,
        "client_id": client,
        "starts_at": starts_at,
        "type": kind,
        "outcome": outcome,
    }


def discharge(did, client, day, reason="goals_met"):
    return {"id": did, "client_id": client, "discharged_on": day, "reason": reason}


def tier(tid, client, day, level):
    return {"id": tid, "client_id": client, "changed_on": day, "tier": level}


def baseline(aid, client, day, instrument="phq9", point="baseline"):
    items = {"phq9": [1] * 9, "gad7": [1] * 7, "sts": [12]}[instrument]
    return {
        "id": aid,
        "client_id": client,
        "instrument": instrument,
        "time_point": point,
        "administered_on": day,
        "items": items,
    }


def client(cid, **fields):
    return {"id": cid, "nhs_number": "9434765919", "ethnicity": "A", **fields}


@pytest.fixture
def caseload():
    return {
        "clients": [
            client("c1"),
            client("c2", nhs_number=None),
            client("c3"),
            client("c4"),
            client("c5"),
            client("c6"),
            client("c7"),
            {"id": "c8", "nhs_number": "9434765919"},  # no ethnicity
            {"id": "c9", "ethnicity": "H"},  # no NHS number
            client("c10"),
            client("c11", ethnicity="Z"),  # "not stated" counts as recorded
            client("c12", ethnicity=None),
            client("c13"),
        ],
        "referrals": [
            referral("r1", "c1", "2026-10-05", "gp"),
            referral("r2", "c2", "2026-10-31", "self"),
            referral("r3", "c3", "2026-09-30", "gp"),
            referral("r4", "c4", "2026-10-01", "msk_practitioner", "declined"),
            referral("r5", "c5", "2026-10-15", "gp", "pending"),
            referral("r6", "c6", "2026-11-01", "gp"),
            referral("r7", "c7", "2026-10-20", "secondary_care", "signposted_elsewhere"),
            referral("r8a", "c8", "2026-03-01"),
            referral("r8b", "c8", "2026-08-01", "community_partner"),
            referral("r9", "c9", "2026-01-10"),
            referral("r10a", "c10", "2026-02-01"),
            referral("r10b", "c10", "2026-09-01"),
            referral("r11", "c11", "2026-09-01"),
            referral("r12a", "c12", "2026-09-10"),
            referral("r12b", "c12", "2026-10-20", "self"),
            referral("r13", "c13", "2026-01-01"),
        ],
        "discharges": [
            discharge("d3", "c3", "2026-10-31", "goals_met"),  # on the end day: closed
            discharge("d8", "c8", "2026-05-01"),  # before the latest referral: still open
            discharge("d9", "c9", "2026-11-02"),  # after the end: open at end
            discharge("d10a", "c10", "2026-06-01"),
            discharge("d10b", "c10", "2026-09-01"),  # same day as the re-referral: closed
            discharge("d13", "c13", "2026-10-01", "disengaged"),
        ],
        "tier_changes": [
            tier("t1", "c1", "2026-10-10", 2),
            tier("t1late", "c1", "2026-11-05", 3),  # after the end: ignored
            tier("t8old", "c8", "2026-04-01", 3),  # before the latest referral: ignored
            tier("t8a", "c8", "2026-08-15", 2),
            tier("t8b", "c8", "2026-09-01", 3),
        ],
        "contacts": [
            contact("k1", "c1", "2026-10-12", "face_to_face"),
            contact("k2", "c1", "2026-10-08", "telephone", "dna"),
            contact("k3", "c9", "2026-10-03", "telephone"),
            contact("k4", "c8", "2026-10-31T23:30:00+01:00", "home_visit"),
            contact("k5", "c3", "2026-10-02", "video"),
            contact("k6", "c5", "2026-10-20", "group"),
            contact("k7", "c11", "2026-10-11", "face_to_face"),
            contact("k8", "c12", "2026-10-15", "telephone"),
            contact("k9", "c2", "2026-11-01T00:30:00+00:00", "face_to_face"),
            contact("k10", "c2", "2026-10-31", "face_to_face", "cancelled_by_client"),
            contact("k11", "c9", "2026-09-30T23:59:00+01:00", "telephone"),
            contact("k12", "c9", "2026-02-01", "face_to_face"),
            contact("k13", "c9", "2026-10-25", "video", "dna"),
            contact("k14", "c11", "2026-10-05", "telephone", "cancelled_by_service"),
        ],
        "mdt_meetings": [
            {
                "id": "m1",
                "held_on": "2026-10-07",
                "attendees": ["Dr A"],
                "discussions": [
                    {"id": "x1", "client_id": "c1", "decision": "continue"},
                    {"id": "x2", "client_id": "c8", "decision": "continue"},
                ],
            },
            {
                "id": "m2",
                "held_on": "2026-10-21",
                "discussions": [
                    {"id": "x3", "client_id": "c1", "decision": "continue"},
                    {"id": "x4", "client_id": "c9", "decision": "move_to_tier_2"},
                ],
            },
            {"id": "m3", "held_on": "2026-09-30", "discussions": [{"id": "x5", "client_id": "c2"}]},
            {
                "id": "m4",
                "held_on": "2026-11-01",
                "discussions": [{"id": "x6", "client_id": "c11"}],
            },
        ],
        "assessments": [
            baseline("a1", "c1", "2026-10-12"),
            baseline("a8", "c8", "2026-09-01", "gad7"),
            baseline("a9", "c9", "2026-02-01", "sts"),
            baseline("a11", "c11", "2026-10-11", point="mid"),  # not a baseline
            baseline("a12", "c12", "2026-11-03"),  # after the end
        ],
    }


def values(sheet):
    return {(row[0], row[2]): row[3] for row in sheet.rows}


def test_sheet_names_in_contract_order(caseload):
    assert tuple(compute_monthly_return(caseload, MONTH)) == SHEET_NAMES
    assert SHEET_NAMES == (
        "Summary",
        "Demographics",
        "Outcomes",
        "Goals",
        "Signposting",
        "Data quality",
    )


def test_every_summary_row_worked_by_hand(caseload):
    sheet = compute_monthly_return(caseload, MONTH)["Summary"]
    assert sheet.columns == ["code", "measure", "breakdown", "value"]
    assert all(isinstance(row[1], str) and row[1] for row in sheet.rows)
    expected = [
        # received in October: r1 r2 r4 r5 r7 r12b
        ("referrals_received", "all", 6),
        ("referrals_received", "gp", 2),
        ("referrals_received", "msk_practitioner", 1),
        ("referrals_received", "pcn_other", 0),
        ("referrals_received", "self", 2),
        ("referrals_received", "community_partner", 0),
        ("referrals_received", "secondary_care", 1),
        ("referrals_received", "other", 0),
        ("referrals_by_outcome", "pending", 1),
        ("referrals_by_outcome", "accepted", 3),
        ("referrals_by_outcome", "declined", 1),
        ("referrals_by_outcome", "signposted_elsewhere", 1),
        # open: c1 (tier 2), c2, c8 (tier 3), c9, c11, c12; closed: c3, c10, c13
        ("active_at_month_end", "all", 6),
        ("active_at_month_end", "tier_1", 4),
        ("active_at_month_end", "tier_2", 1),
        ("active_at_month_end", "tier_3", 1),
        # first attended ever in October: c1 c3 c5 c8 c11 c12 (c9's was in February,
        # c2's is in November by its own offset)
        ("first_contacts", "all", 6),
        # days: c3 2, c1 7, c12 35 (from 2026-09-10, the referral before the contact),
        # c11 40, c8 91; c5 has no accepted referral
        ("median_days_to_first_contact", "all", 35.0),
        ("contacts_attended", "all", 7),
        ("contacts_attended", "face_to_face", 2),
        ("contacts_attended", "home_visit", 1),
        ("contacts_attended", "telephone", 2),
        ("contacts_attended", "video", 1),
        ("contacts_attended", "group", 1),
        ("dna_rate_percent", "all", pytest.approx(100 * 2 / 9)),
        ("discharges", "all", 2),
        ("discharges", "goals_met", 1),
        ("discharges", "disengaged", 1),
        ("discharges", "moved_away", 0),
        ("discharges", "declined_further_support", 0),
        ("discharges", "transferred", 0),
        ("discharges", "deceased", 0),
        ("discharges", "other", 0),
        ("mdt_clients_discussed", "all", 3),
    ]
    assert [(row[0], row[2], row[3]) for row in sheet.rows] == expected


def test_counts_are_integers(caseload):
    sheet = compute_monthly_return(caseload, MONTH)["Summary"]
    for code, _, _, value in sheet.rows:
        if code not in ("median_days_to_first_contact", "dna_rate_percent"):
            assert type(value) is int


def test_median_of_an_even_count_and_empty_rates():
    caseload = {
        "referrals": [referral("r1", "a", "2026-09-01"), referral("r2", "b", "2026-09-21")],
        "contacts": [contact("k1", "a", "2026-10-01"), contact("k2", "b", "2026-10-02")],
    }
    summary = values(compute_monthly_return(caseload, MONTH)["Summary"])
    assert summary[("median_days_to_first_contact", "all")] == 20.5  # (30 + 11) / 2
    quiet = values(compute_monthly_return({}, MONTH)["Summary"])
    assert quiet[("median_days_to_first_contact", "all")] is None
    assert quiet[("dna_rate_percent", "all")] is None  # no attended or missed contacts
    assert quiet[("referrals_received", "all")] == 0


def test_data_quality_worked_by_hand(caseload):
    sheet = compute_monthly_return(caseload, MONTH)["Data quality"]
    assert sheet.columns == ["code", "measure", "value"]
    assert [(row[0], row[2]) for row in sheet.rows] == [
        ("open_missing_nhs_number", 2),  # c2 (empty), c9 (absent)
        ("open_missing_ethnicity", 2),  # c8 (absent), c12 (empty); c11's Z is recorded
        ("open_no_contact_60_days", 1),  # c2: its only attended contact is after the end
        ("open_no_baseline", 3),  # c2 none, c11 only a mid, c12's baseline is after the end
    ]


def test_sixty_days_end_at_month_end():
    # 60 days ending 2026-10-31 start 2026-09-02.
    caseload = {
        "referrals": [referral("r1", "in", "2026-01-01"), referral("r2", "out", "2026-01-01")],
        "contacts": [
            contact("k1", "in", "2026-09-02"),
            contact("k2", "out", "2026-09-01"),
            contact("k3", "out", "2026-10-20", outcome="dna"),
        ],
    }
    quality = {
        row[0]: row[2] for row in compute_monthly_return(caseload, MONTH)["Data quality"].rows
    }
    assert quality["open_no_contact_60_days"] == 1


def test_month_must_be_year_and_month():
    for bad in ("2026-13", "2026-1", "October", "2026-10-01"):
        with pytest.raises(InvalidInput):
            compute_monthly_return({}, bad)


def test_leap_february():
    caseload = {"referrals": [referral("r1", "a", "2028-02-29")]}
    summary = values(compute_monthly_return(caseload, "2028-02")["Summary"])
    assert summary[("referrals_received", "all")] == 1
    assert summary[("active_at_month_end", "all")] == 1
