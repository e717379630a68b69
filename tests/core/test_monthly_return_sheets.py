"""Demographics, Outcomes, Goals and Signposting sheets of the monthly return (October 2026)."""

from __future__ import annotations

import math

import pytest

from painclinic_desktop.core.monthly_return.workbook import compute_monthly_return
from tests.factories import referral_row as referral

MONTH = "2026-10"


def test_demographics_worked_by_hand():
    clients = [
        # n1: 17 on its first October referral (10-14), 18 on its second (10-20)
        dict(id="n1", date_of_birth="2008-10-15", gender="female", ethnicity="A",
             first_language="English", interpreter_needed=False, imd_decile=1,
             employment_status="employed", pcn="North"),
        # n2: 25th birthday on the referral day
        dict(id="n2", date_of_birth="2001-10-31", gender="male", ethnicity="H",
             first_language="Urdu", interpreter_needed=True, imd_decile=10,
             employment_status="unemployed", pcn="South"),
        # n3: 25th birthday the day after the referral
        dict(id="n3", date_of_birth="2001-11-01", gender="female", ethnicity="J",
             first_language="English", imd_decile=1, employment_status="employed", pcn="North"),
        # n4: 75th birthday on the referral day
        dict(id="n4", date_of_birth="1951-10-01", gender="non_binary", ethnicity="Z",
             imd_decile=None, employment_status="retired"),
        # n5: 75th birthday the day after the referral
        dict(id="n5", date_of_birth="1951-10-02", gender="not_stated", first_language="",
             imd_decile=5, pcn="North"),
        dict(id="n6", ethnicity="A", first_language="Punjabi", interpreter_needed=True,
             employment_status="carer", pcn="South"),  # no date of birth, no gender
        dict(id="n7", date_of_birth="1990-01-01", gender="male", pcn="North"),
        dict(id="n8", date_of_birth="1990-01-01", gender="male", pcn="North"),
        dict(id="n9", date_of_birth="1982-03-10", gender="female", ethnicity="J",
             first_language="English", imd_decile=10, employment_status="employed", pcn="North"),
    ]  # fmt: skip
    caseload = {
        "clients": clients,
        "referrals": [
            referral("r1a", "n1", "2026-10-14"),
            referral("r1b", "n1", "2026-10-20"),
            referral("r2", "n2", "2026-10-31"),
            referral("r3", "n3", "2026-10-31"),
            referral("r4", "n4", "2026-10-01"),
            referral("r5", "n5", "2026-10-01"),
            referral("r6", "n6", "2026-10-09"),
            referral("r7", "n7", "2026-10-09", outcome="pending"),  # not accepted
            referral("r8", "n8", "2026-09-30"),  # accepted before the month
            referral("r9", "n9", "2026-10-05"),
        ],
    }
    sheet = compute_monthly_return(caseload, MONTH)["Demographics"]
    assert sheet.columns == ["dimension", "category", "count"]
    assert [tuple(row) for row in sheet.rows] == [
        ("age_band", "under_18", 1),
        ("age_band", "18-24", 1),
        ("age_band", "25-34", 1),
        ("age_band", "35-44", 1),
        ("age_band", "65-74", 1),
        ("age_band", "75+", 1),
        ("age_band", "unknown", 1),
        ("gender", "female", 3),
        ("gender", "male", 1),
        ("gender", "non_binary", 1),
        ("gender", "not_stated", 1),
        ("gender", "unknown", 1),
        ("ethnicity", "A", 2),
        ("ethnicity", "H", 1),
        ("ethnicity", "J", 2),
        ("ethnicity", "Z", 1),
        ("ethnicity", "unknown", 1),
        ("first_language", "English", 3),
        ("first_language", "Punjabi", 1),
        ("first_language", "Urdu", 1),
        ("first_language", "unknown", 2),
        ("interpreter_needed", "yes", 2),
        ("interpreter_needed", "no", 5),
        ("imd_decile", "1", 2),
        ("imd_decile", "5", 1),
        ("imd_decile", "10", 2),
        ("imd_decile", "unknown", 2),
        ("employment_status", "employed", 3),
        ("employment_status", "unemployed", 1),
        ("employment_status", "retired", 1),
        ("employment_status", "carer", 1),
        ("employment_status", "unknown", 1),
        ("pcn", "North", 4),
        ("pcn", "South", 2),
        ("pcn", "unknown", 1),
    ]
    assert all(isinstance(row[1], str) for row in sheet.rows)


def phq9(aid, client, point, day, answer):
    return {
        "id": aid,
        "client_id": client,
        "instrument": "phq9",
        "time_point": point,
        "administered_on": day,
        "items": [answer] * 9,
    }


def test_outcomes_use_follow_ups_of_the_twelve_months_ending_at_month_end():
    # Window for October 2026: 2025-11-01 to 2026-10-31.
    caseload = {
        "assessments": [
            phq9("p1b", "p1", "baseline", "2025-06-01", 2),  # 18
            phq9("p1e", "p1", "end", "2025-11-01", 1),  # 9, first day of the window
            phq9("p2b", "p2", "baseline", "2025-06-01", 3),  # 27
            phq9("p2e", "p2", "end", "2026-10-31", 1),  # 9, last day of the window
            phq9("p3b", "p3", "baseline", "2025-01-01", 3),
            phq9("p3e", "p3", "end", "2025-10-31", 0),  # the day before the window
            phq9("p4b", "p4", "baseline", "2026-01-01", 3),
            phq9("p4e", "p4", "end", "2026-11-01", 0),  # after the month
        ]
    }
    sheet = compute_monthly_return(caseload, MONTH)["Outcomes"]
    assert sheet.columns == [
        "instrument", "score", "time_point", "n", "baseline_mean", "baseline_sd",
        "followup_mean", "followup_sd", "mean_change", "p_value", "n_mid_reached",
        "percent_mid_reached",
    ]  # fmt: skip
    (row,) = sheet.rows
    # differences -9 and -18: mean -13.5, SD sqrt(40.5), t = 13.5 / 4.5 = 3 with df 1,
    # where t is Cauchy: p = 1 - 2·atan(3)/pi
    assert row[:4] == ["phq9", "total", "end", 2]
    assert row[4] == 22.5
    assert row[5] == pytest.approx(math.sqrt(40.5))
    assert row[6:9] == [9, 0, -13.5]
    assert row[9] == pytest.approx(1 - 2 * math.atan(3) / math.pi)
    assert row[10:] == [2, 100.0]


def goal(gid, footstep, *reviews):
    return {
        "id": gid,
        "client_id": "c",
        "footstep": footstep,
        "reviews": [{"reviewed_on": day, "status": status} for day, status in reviews],
    }


def test_goals_latest_review_in_month_every_row():
    caseload = {
        "goals": [
            goal(
                "g1",
                1,
                ("2026-09-30", "achieved"),
                ("2026-10-05", "in_progress"),
                ("2026-10-20", "achieved"),
            ),
            goal("g2", 1, ("2026-10-20", "partly_achieved"), ("2026-11-01", "not_achieved")),
            goal("g3", 3, ("2026-10-31", "not_achieved"), ("2026-10-01", "achieved")),
            goal("g4", 3, ("2026-09-15", "achieved")),  # not reviewed in October
            goal("g5", 10, ("2026-10-10", "replaced")),
            goal("g6", 10, ("2026-10-10", "not_started")),
            goal("g7", 10, ("2026-10-11", "in_progress")),
        ]
    }
    sheet = compute_monthly_return(caseload, MONTH)["Goals"]
    assert sheet.columns == [
        "footstep", "reviewed", "not_started", "in_progress", "achieved", "partly_achieved",
        "not_achieved", "replaced", "percent_achieved_or_partly",
    ]  # fmt: skip
    none = [0, 0, 0, 0, 0, 0, 0, None]
    assert sheet.rows == [
        ["1", 2, 0, 0, 1, 1, 0, 0, 100.0],
        ["2", *none],
        ["3", 1, 0, 0, 0, 0, 1, 0, 0.0],
        ["4", *none],
        ["5", *none],
        ["6", *none],
        ["7", *none],
        ["8", *none],
        ["9", *none],
        ["10", 3, 1, 1, 0, 0, 0, 1, 0.0],
        ["all", 6, 1, 1, 1, 1, 1, 1, pytest.approx(100 * 2 / 6)],
    ]


def signposting(sid, service, *history):
    return {
        "id": sid,
        "client_id": "c",
        "service_id": service,
        "history": [{"status": status, "on": day} for status, day in history],
    }


def test_signposting_entries_in_month_by_category_and_status():
    caseload = {
        "community_services": [
            {"id": "s1", "name": "Walk", "category": "physical_activity"},
            {"id": "s2", "name": "Circle", "category": "peer_support"},
            {"id": "s3", "name": "Mosque group", "category": "faith_group"},
        ],
        "signposting": [
            signposting(
                "sp1",
                "s1",
                ("suggested", "2026-09-20"),
                ("referred", "2026-10-02"),
                ("attended", "2026-10-16"),
            ),
            signposting("sp2", "s1", ("referred", "2026-10-05"), ("declined", "2026-11-01")),
            signposting("sp3", "s2", ("suggested", "2026-10-31")),
            signposting("sp4", "s3", ("waiting_list", "2026-09-01")),
            signposting("sp5", "gone", ("suggested", "2026-10-10")),  # service not on file
        ],
    }
    sheet = compute_monthly_return(caseload, MONTH)["Signposting"]
    assert sheet.columns == ["category", "status", "count"]
    assert sheet.rows == [
        ["physical_activity", "referred", 2],
        ["physical_activity", "attended", 1],
        ["peer_support", "suggested", 1],
        ["unknown", "suggested", 1],
    ]
