"""The equity report against a small caseload written out here, every figure worked by hand
(scipy only checks the paired t-test). Groups add up to the whole; no hidden count can be
worked out from what is shown."""

import itertools
import math
import random

import pytest
from scipy import stats as scipy_stats

from painclinic_desktop.core.equity import (
    OUTCOME_COLUMNS,
    REACH_COLUMNS,
    compute_equity,
)
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.suppression import COMPLEMENTARY, SMALL, TOTAL, hidden_cells

FROM, TO = "2026-01-01", "2026-12-31"
# client -> IMD decile (quintile = (decile + 1) // 2); c9's is not recorded
DECILES = {
    "c1": 1,
    "c2": 2,
    "c3": 1,
    "c4": 2,
    "c5": 1,
    "c6": 2,  # quintile 1: six clients
    "c7": 5,
    "c8": 6,  # quintile 3: two
    "c9": None,  # unknown: one
    "c10": 10,
    "c11": 9,
    "c12": 10,
    "c13": 9,
    "c14": 10,  # quintile 5: five
}
# sit-to-stand counts (baseline, end of episode), higher better, MID +2
STS = {
    "c1": (8, 12),
    "c2": (10, 11),
    "c3": (6, 10),
    "c4": (9, 9),
    "c5": (7, 12),
    "c6": (10, 14),
    "c7": (7, 9),
    "c8": (8, 8),
    "c10": (10, 11),
    "c11": (12, 15),
    "c12": (8, 8),
    "c13": (11, 14),
    "c14": (9, 10),
}


def _caseload():
    clients = [
        {"id": c, "imd_decile": d, "date_of_birth": "1960-01-01", "ethnicity": None}
        for c, d in DECILES.items()
    ]
    referrals = [
        {"id": f"r-{c}", "client_id": c, "received_on": "2026-01-05", "outcome": "accepted"}
        for c in DECILES
        if c not in ("c8", "c9")
    ]
    referrals += [
        {"id": "r-c1b", "client_id": "c1", "received_on": "2026-03-01", "outcome": "declined"},
        {"id": "r-c8", "client_id": "c8", "received_on": "2025-12-20", "outcome": "accepted"},
        {"id": "r-c9", "client_id": "c9", "received_on": "2026-04-01", "outcome": "pending"},
        {"id": "r-old", "client_id": "c2", "received_on": "2025-06-01", "outcome": "accepted"},
    ]
    contacts = [
        {
            "id": f"k-{c}",
            "client_id": c,
            "starts_at": "2026-02-01T10:00:00+00:00",
            "outcome": "attended",
        }
        for c in DECILES
        if c != "c9"
    ]
    contacts += [
        {
            "id": "k-c7-old",
            "client_id": "c7",
            "starts_at": "2025-12-28T10:00:00+00:00",
            "outcome": "attended",
        },
        {"id": "d1", "client_id": "c1", "starts_at": "2026-03-01T10:00:00+00:00", "outcome": "dna"},
        {"id": "d2", "client_id": "c1", "starts_at": "2026-03-08T10:00:00+00:00", "outcome": "dna"},
        {"id": "d3", "client_id": "c2", "starts_at": "2026-03-01T10:00:00+00:00", "outcome": "dna"},
        {
            "id": "d4",
            "client_id": "c10",
            "starts_at": "2026-03-01T10:00:00+00:00",
            "outcome": "dna",
        },
        {
            "id": "x1",
            "client_id": "c10",
            "starts_at": "2026-03-02T10:00:00+00:00",
            "outcome": "cancelled_by_client",
        },
    ]
    discharges = [
        {"id": f"x-{c}", "client_id": c, "discharged_on": "2026-07-01", "reason": "goals_met"}
        for c in ("c1", "c2", "c3", "c7", "c10")
    ]
    assessments = []
    for c, (before, after) in STS.items():
        assessments += [
            {
                "id": f"a-{c}-0",
                "client_id": c,
                "instrument": "sts",
                "time_point": "baseline",
                "administered_on": "2026-01-10",
                "items": [before],
                "created_at": "x",
            },
            {
                "id": f"a-{c}-1",
                "client_id": c,
                "instrument": "sts",
                "time_point": "end",
                "administered_on": "2026-06-01",
                "items": [after],
                "created_at": "x",
            },
        ]
    return {
        "clients": clients,
        "referrals": referrals,
        "contacts": contacts,
        "discharges": discharges,
        "assessments": assessments,
    }


def _by_group(rows, columns):
    return {r[0]: dict(zip(columns, r, strict=True)) for r in rows}


def test_reach_per_imd_quintile_worked_by_hand():
    report = compute_equity(_caseload(), "imd_quintile", FROM, TO, suppress=False)
    assert report.groups == ["1", "3", "5", "unknown"]
    reach = _by_group(report.reach, REACH_COLUMNS)
    counts = {
        g: [reach[g][k] for k in ("referrals", "accepted", "first_contacts", "completed_episodes")]
        for g in reach
    }
    assert counts == {
        "1": [7, 6, 6, 3],  # c1's declined second referral counts as a referral
        "3": [1, 1, 1, 1],  # c8 referred before the range; c7 first seen before it
        "5": [5, 5, 5, 1],
        "unknown": [1, 0, 0, 0],
        "all": [14, 12, 12, 5],
    }
    assert reach["1"]["dna_rate_percent"] == pytest.approx(100 * 3 / 9)
    assert reach["5"]["dna_rate_percent"] == pytest.approx(100 * 1 / 6)  # a cancellation is no DNA
    assert reach["3"]["dna_rate_percent"] == 0
    assert reach["unknown"]["dna_rate_percent"] is None  # no contacts: no rate
    assert reach["1"]["referral_share_percent"] == pytest.approx(50.0)
    assert (
        reach["1"]["label"] == "1 (most deprived)" and reach["unknown"]["label"] == "Not recorded"
    )


def test_group_counts_add_up_to_the_whole_service_for_every_dimension():
    caseload = _caseload()
    for i, c in enumerate(caseload["clients"]):
        c.update(
            ethnicity="ABHJKMNRSZ"[i % 10] if i % 7 else None,
            gender="female",
            pcn=f"PCN {i % 3}",
            first_language=["Urdu", "urdu ", "English"][i % 3],
        )
    for dimension in (
        "ethnicity",
        "ethnic_group",
        "imd_decile",
        "first_language",
        "pcn",
        "gender",
        "age_band",
        "interpreter_needed",
        "staff",
    ):
        report = compute_equity(caseload, dimension, FROM, TO, suppress=False)
        reach = _by_group(report.reach, REACH_COLUMNS)
        for what in ("referrals", "accepted", "first_contacts", "completed_episodes"):
            assert sum(reach[g][what] for g in report.groups) == reach["all"][what], dimension
        ns = {}
        for row in report.outcomes:
            v = dict(zip(OUTCOME_COLUMNS, row, strict=True))
            ns.setdefault((v["score"], v["time_point"]), {})[v["group"]] = v["n"]
        for found in ns.values():
            assert sum(n for g, n in found.items() if g != "all") == found["all"] == 13
    languages = compute_equity(caseload, "first_language", FROM, TO, suppress=False).groups
    assert languages == ["English", "Urdu"]  # "urdu " and "Urdu" are one language


def test_outcomes_per_group_worked_by_hand_with_interval_and_scipy_checked_p():
    report = compute_equity(_caseload(), "imd_quintile", FROM, TO, suppress=False)
    rows = _by_group(report.outcomes, OUTCOME_COLUMNS)
    q1 = rows["1"]
    assert (q1["instrument"], q1["score"], q1["time_point"], q1["n"]) == ("sts", "count", "end", 6)
    assert q1["baseline_mean"] == pytest.approx(50 / 6)
    assert q1["followup_mean"] == pytest.approx(68 / 6)
    assert q1["mean_change"] == pytest.approx(3.0)
    # differences 4, 1, 4, 0, 5, 4: SD 2 (squares of deviations 20, / 5 = 4); t(0.975, 5)
    half = 2.570581836 * 2 / math.sqrt(6)
    assert q1["change_ci_low"] == pytest.approx(3 - half)
    assert q1["change_ci_high"] == pytest.approx(3 + half)
    befores, afters = zip(*(STS[c] for c in ("c1", "c2", "c3", "c4", "c5", "c6")), strict=True)
    assert q1["p_value"] == pytest.approx(scipy_stats.ttest_rel(afters, befores).pvalue)
    assert (q1["n_mid_reached"], q1["percent_mid_reached"]) == (4, pytest.approx(400 / 6))
    whole = rows["all"]
    assert whole["n"] == 13 and whole["mean_change"] == pytest.approx(28 / 13)
    assert whole["n_mid_reached"] == 7  # 4 + 1 (c7: +2) + 2 (c11, c13: +3)
    assert "unknown" not in rows  # no pairs: no row


def test_small_counts_are_hidden_and_none_can_be_worked_out_from_the_total():
    report = compute_equity(_caseload(), "imd_quintile", FROM, TO)  # suppression by default
    assert report.suppressed
    reach = _by_group(report.reach, REACH_COLUMNS)
    # referrals 7, 1, 5, 1 of 14: the two small cells would add up to 14 - 7 - 5 = 2, so each
    # would be 1: the 5 is hidden as well
    assert [reach[g]["referrals"] for g in ("1", "3", "5", "unknown", "all")] == [
        7,
        SMALL,
        COMPLEMENTARY,
        SMALL,
        14,
    ]
    # accepted 6, 1, 5, 0 of 12: quintile 3 alone would be 12 - 6 - 5 - 0: 5 is hidden too
    assert [reach[g]["accepted"] for g in ("1", "3", "5", "unknown", "all")] == [
        6,
        SMALL,
        COMPLEMENTARY,
        0,
        12,
    ]
    assert [reach[g]["completed_episodes"] for g in ("1", "3", "5")] == [SMALL, SMALL, SMALL]
    # a share of a hidden count, and a rate over fewer than 5 contacts, give it away: hidden
    assert reach["3"]["referral_share_percent"] is None
    assert reach["unknown"]["referral_share_percent"] is None
    assert reach["3"]["dna_rate_percent"] is None
    assert reach["5"]["referral_share_percent"] is None
    assert reach["1"]["referral_share_percent"] == pytest.approx(50.0)
    rows = _by_group(report.outcomes, OUTCOME_COLUMNS)
    # n 6, 2, 5 of 13: quintile 3 hidden, and quintile 5 with it, means and all
    assert (rows["1"]["n"], rows["3"]["n"], rows["5"]["n"], rows["all"]["n"]) == (
        6,
        SMALL,
        COMPLEMENTARY,
        13,
    )
    assert rows["5"]["mean_change"] is None and rows["5"]["change_ci_low"] is None
    assert rows["3"]["baseline_mean"] is None
    assert rows["1"]["mean_change"] == pytest.approx(3.0)
    # MID reached 4, 1, 2 of 7: all small
    assert [rows[g]["n_mid_reached"] for g in ("1", "3", "5", "all")] == [SMALL, SMALL, SMALL, 7]
    assert rows["1"]["percent_mid_reached"] is None


def test_population_shares_sit_beside_the_groups():
    report = compute_equity(
        _caseload(), "imd_quintile", FROM, TO, population={"1": 300, "3": 200, "5": 500}
    )
    reach = _by_group(report.reach, REACH_COLUMNS)
    assert [reach[g]["population_share_percent"] for g in ("1", "3", "5", "unknown")] == [
        30,
        20,
        50,
        0,
    ]
    plain = compute_equity(_caseload(), "imd_quintile", FROM, TO)
    assert all(r[-1] is None for r in plain.reach)  # not loaded: left empty, not 0


def test_ethnicity_rows_name_the_top_level_group_and_the_letter():
    caseload = _caseload()
    for c in caseload["clients"]:
        c["ethnicity"] = "J" if c["id"] in ("c1", "c2") else "A"
    report = compute_equity(caseload, "ethnicity", FROM, TO, suppress=False)
    labels = {r[0]: r[1] for r in report.reach}
    assert labels["J"] == "Asian or Asian British: J Pakistani"
    assert labels["A"] == "White: A White British"
    grouped = compute_equity(caseload, "ethnic_group", FROM, TO, suppress=False)
    assert grouped.groups == ["white", "asian"]


def test_a_dimension_not_known_is_refused():
    with pytest.raises(InvalidInput, match="imd_quintile"):
        compute_equity(_caseload(), "shoe_size", FROM, TO)


def _possible_values(parts, marks, total):
    """Every assignment of the hidden cells consistent with what is shown."""
    hidden = sorted(marks)
    ranges = [range(1, 5) if marks[i] == SMALL else range(1, total + 1) for i in hidden]
    shown = sum(p for i, p in enumerate(parts) if i not in marks)
    return [values for values in itertools.product(*ranges) if sum(values) + shown == total]


def test_no_hidden_count_can_be_worked_out_whatever_the_counts():
    rng = random.Random(16)
    for _ in range(2000):
        parts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20]) for _ in range(rng.randint(1, 5))]
        total = sum(parts)
        marks = hidden_cells(parts, total)
        assert {i for i, p in enumerate(parts) if 1 <= p <= 4} <= set(marks)  # all small hidden
        if 1 <= total <= 4 or not marks or TOTAL in marks:
            continue  # the total is hidden itself, or nothing is
        options = _possible_values(parts, marks, total)
        for position in range(len(marks)):
            assert len({values[position] for values in options}) > 1, (parts, marks)


def test_the_command_lines_list_of_dimensions_is_the_reports():
    from painclinic_desktop.commands.reports import EQUITY_DIMENSIONS
    from painclinic_desktop.core.equity_groups import DIMENSIONS

    assert tuple(DIMENSIONS) == EQUITY_DIMENSIONS
