"""The programme report against two small programmes written out here, every figure worked
by hand (scipy only checks the paired t-test): attendance against the planned sessions,
those meeting the rule, completions, drop-outs and their rate, the completers' mean change
beside everyone enrolled; programme rows add up to the all-programmes row; no hidden count
can be worked out from what is shown."""

import pytest
from scipy import stats as scipy_stats

from painclinic_desktop.core.codes import DROPOUT_REASONS
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.programme_report import (
    COUNT_COLUMNS,
    COUNTS,
    OUTCOME_COLUMNS,
    REASON_COLUMNS,
    compute_programme_report,
)
from painclinic_desktop.core.suppression import COMPLEMENTARY, SMALL, hidden_in_table

FROM, TO = "2026-01-01", "2026-12-31"
SPRING, AUTUMN = "Girlington spring", "Manningham autumn"

# Spring: 8 planned sessions s1..s8, all linked; 75 % of 8 = 6 sessions.
# client: (sessions attended, status, reason)
SPRING_CLIENTS = {
    "a1": (8, "completed", None),
    "a2": (7, "completed", None),
    "a3": (6, "completed", None),  # exactly at the rule
    "a4": (6, "completed", None),
    "a5": (6, "completed", None),
    "a6": (5, "completed", None),  # completed by the coach's decision, below the rule
    "a7": (3, "dropped_out", "health_or_pain"),
    "a8": (1, "dropped_out", "work_or_caring"),
    "a9": (0, "dropped_out", "lost_contact"),  # never started
    "a10": (6, "dropped_out", "moved_away"),  # met the rule, then moved away
}
# Autumn: 6 planned, only t1..t4 held and linked so far; 75 % of 6 = 4.5, so 5 sessions.
AUTUMN_CLIENTS = {
    "b1": (4, "enrolled", None),  # 4 of 6 planned: not the rule (4 of 4 linked would be)
    "b2": (4, "enrolled", None),
    "b3": (2, "enrolled", None),
    "b4": (0, "dropped_out", "travel_or_access"),
    "b5": (4, "enrolled", None),
}
# sit-to-stand (baseline 2026-02-20, end of programme 2026-05-01); MID +2, higher is better
STS = {
    "a1": (8, 12),
    "a2": (10, 11),
    "a3": (6, 10),
    "a4": (9, 9),
    "a5": (7, 12),
    "a6": (10, 14),
    "a10": (9, 13),
}


def _sessions(prefix, count, attended_by):
    """Sessions prefix1..prefixN; a client attending k is ticked on the first k."""
    return [
        {"id": f"{prefix}{n}", "attendees": [c for c, k in attended_by.items() if k >= n]}
        for n in range(1, count + 1)
    ]


def _caseload():
    spring_attended = {c: k for c, (k, _, _) in SPRING_CLIENTS.items()}
    autumn_attended = {c: k for c, (k, _, _) in AUTUMN_CLIENTS.items()}
    sessions = _sessions("s", 8, spring_attended) + _sessions("t", 4, autumn_attended)
    # b3 came to a session that is not part of the programme: it does not count.
    sessions.append({"id": "x1", "attendees": ["b3", "a1"]})
    programmes = [
        {
            "id": "P1",
            "name": SPRING,
            "planned_sessions": 8,
            "attendance_rule_percent": 75,
            "starts_on": "2026-03-02",
            "session_ids": [f"s{n}" for n in range(1, 9)],
        },
        {
            "id": "P2",
            "name": AUTUMN,
            "planned_sessions": 6,
            "attendance_rule_percent": 75,
            "starts_on": "2026-09-07",
            "session_ids": ["t1", "t2", "t3", "t4"],
        },
        {  # starts before the range: not reported
            "id": "P0",
            "name": "Last winter",
            "planned_sessions": 4,
            "attendance_rule_percent": 75,
            "starts_on": "2025-11-01",
            "session_ids": [],
        },
    ]
    enrolments = [
        {"id": f"e-{c}", "programme_id": pid, "client_id": c, "status": s, "dropout_reason": r}
        for pid, clients in (("P1", SPRING_CLIENTS), ("P2", AUTUMN_CLIENTS))
        for c, (_, s, r) in clients.items()
    ]
    enrolments.append(
        {"id": "e-old", "programme_id": "P0", "client_id": "a1", "status": "completed"}
    )
    assessments = []
    for c, (before, after) in STS.items():
        assessments += [
            _sts(f"{c}-b", c, "baseline", "2026-02-20", before),
            _sts(f"{c}-e", c, "end", "2026-05-01", after),
        ]
    for c in ("a7", "a8", "b1", "b2"):
        assessments.append(_sts(f"{c}-b", c, "baseline", "2026-02-20", 9))
    # b2's end of an earlier course, before Autumn starts: not an Autumn outcome.
    assessments.append(_sts("b2-e", "b2", "end", "2026-06-01", 15))
    return {
        "programmes": programmes,
        "programme_enrolments": enrolments,
        "module_sessions": sessions,
        "assessments": assessments,
    }


def _sts(rid, client, point, day, count):
    return {
        "id": rid,
        "client_id": client,
        "instrument": "sts",
        "time_point": point,
        "administered_on": day,
        "items": [count],
        "protocol": "30s",
        "created_at": f"{day}T10:00:00+00:00",
    }


def _rows(table, columns):
    return {row[0]: dict(zip(columns, row, strict=True)) for row in table}


def test_counts_attendance_against_the_planned_sessions():
    report = compute_programme_report(_caseload(), FROM, TO, suppress=False)
    counts = _rows(report.counts, COUNT_COLUMNS)
    assert list(counts) == [SPRING, AUTUMN, "All programmes"]
    spring, autumn, both = counts[SPRING], counts[AUTUMN], counts["All programmes"]
    assert [spring[c] for c in COUNTS] == [10, 9, 6, 6, 1, 4, 0]
    assert spring["dropout_rate_percent"] == pytest.approx(40.0)
    # Autumn: 4 of 6 planned is 67 %, below the rule, though every linked session was attended.
    assert [autumn[c] for c in COUNTS] == [5, 4, 0, 0, 0, 1, 4]
    assert autumn["dropout_rate_percent"] == pytest.approx(20.0)
    assert [both[c] for c in COUNTS] == [15, 13, 6, 6, 1, 5, 4]
    assert both["dropout_rate_percent"] == pytest.approx(100 * 5 / 15)
    for row in (spring, autumn, both):  # the statuses add up to enrolled
        assert row["completed"] + row["dropped_out"] + row["still_enrolled"] == row["enrolled"]
    assert report.rules == [
        (SPRING, "attended at least 75 % of the 8 planned sessions (6 or more), as ticked on "
                 "the programme's registers"),
        (AUTUMN, "attended at least 75 % of the 6 planned sessions (5 or more), as ticked on "
                 "the programme's registers"),
    ]  # fmt: skip


def test_a_client_in_two_programmes_counts_in_each_and_twice_in_all_programmes():
    caseload = _caseload()
    # a1 (Spring, 8 sessions, completed) also enrols in Autumn and comes to all 4 so far.
    caseload["programme_enrolments"].append(
        {"id": "e-a1-autumn", "programme_id": "P2", "client_id": "a1", "status": "enrolled"}
    )
    for session in caseload["module_sessions"]:
        if session["id"].startswith("t"):
            session["attendees"].append("a1")
    report = compute_programme_report(caseload, FROM, TO, suppress=False)
    counts = _rows(report.counts, COUNT_COLUMNS)
    assert counts[SPRING]["enrolled"] == 10
    assert counts[AUTUMN]["enrolled"] == 6
    assert counts["All programmes"]["enrolled"] == 16  # enrolments, not people
    assert any("twice in All programmes" in note for note in report.notes)


def test_dropout_reasons_add_up_to_those_who_dropped_out():
    report = compute_programme_report(_caseload(), FROM, TO, suppress=False)
    reasons = _rows(report.reasons, REASON_COLUMNS)
    assert {r: n for r, n in reasons[SPRING].items() if r in DROPOUT_REASONS and n} == {
        "health_or_pain": 1,
        "work_or_caring": 1,
        "lost_contact": 1,
        "moved_away": 1,
    }
    assert reasons[AUTUMN]["travel_or_access"] == 1
    for row in reasons.values():
        assert sum(row[r] for r in DROPOUT_REASONS) == row["dropped_out"]


def test_completers_outcomes_beside_everyone_enrolled():
    report = compute_programme_report(_caseload(), FROM, TO, suppress=False)
    rows = [dict(zip(OUTCOME_COLUMNS, r, strict=True)) for r in report.outcomes]
    spring = next(r for r in rows if r["programme"] == SPRING)
    assert (spring["instrument"], spring["score"], spring["time_point"]) == ("sts", "count", "end")
    # Completers by the rule: a1 a2 a3 a4 a5 a10 (a6 completed below the rule is not one).
    completers = ["a1", "a2", "a3", "a4", "a5", "a10"]
    assert spring["completers_n"] == 6
    assert spring["completers_baseline_mean"] == pytest.approx((8 + 10 + 6 + 9 + 7 + 9) / 6)
    assert spring["completers_followup_mean"] == pytest.approx((12 + 11 + 10 + 9 + 12 + 13) / 6)
    assert spring["completers_mean_change"] == pytest.approx((4 + 1 + 4 + 0 + 5 + 4) / 6)
    assert spring["completers_n_mid_reached"] == 4  # +4 +4 +5 +4 reach +2; +1 and 0 do not
    assert spring["completers_percent_mid_reached"] == pytest.approx(100 * 4 / 6)
    before = [STS[c][0] for c in completers]
    after = [STS[c][1] for c in completers]
    assert spring["completers_p_value"] == pytest.approx(
        scipy_stats.ttest_rel(after, before).pvalue
    )
    # Everyone enrolled with a pair: a6 too (a7, a8, a9 have no end score).
    assert spring["all_enrolled_n"] == 7
    assert spring["all_enrolled_mean_change"] == pytest.approx((4 + 1 + 4 + 0 + 5 + 4 + 4) / 7)
    assert spring["all_enrolled_n_mid_reached"] == 5
    # Autumn has no follow-up given since it started (b2's end was before): no row at all.
    assert [r["programme"] for r in rows] == [SPRING, "All programmes"]
    pooled = rows[1]
    assert pooled["all_enrolled_n"] == spring["all_enrolled_n"]  # group Ns add up
    assert pooled["completers_n"] == spring["completers_n"]


def test_one_programme_by_name_and_a_name_not_in_the_range():
    report = compute_programme_report(_caseload(), FROM, TO, programme="girlington SPRING")
    assert [r[0] for r in report.counts] == [SPRING]
    with pytest.raises(InvalidInput) as raised:
        compute_programme_report(_caseload(), FROM, TO, programme="Last winter")
    assert "Girlington spring" in str(raised.value)
    with pytest.raises(InvalidInput):
        compute_programme_report(_caseload(), TO, FROM)


def test_suppressed_counts_hide_small_numbers_and_percentages_of_them():
    report = compute_programme_report(_caseload(), FROM, TO)
    counts = _rows(report.counts, COUNT_COLUMNS)
    assert counts[SPRING]["met_rule"] == 6
    # 4, hidden as "[c]" rather than "<5": its four reasons of one each, each "<5", would
    # otherwise pin it at 4.
    assert counts[SPRING]["dropped_out"] == COMPLEMENTARY
    assert counts[SPRING]["dropout_rate_percent"] is None  # a rate of a hidden count
    assert counts[AUTUMN]["still_enrolled"] == SMALL
    assert counts["All programmes"]["enrolled"] == 15
    # Spring's 6 completed would give its 4 drop-outs away (10 - 6 - 0): hidden too.
    assert counts[SPRING]["completed"] == COMPLEMENTARY
    assert any("<5" in note for note in report.notes)
    rows = [dict(zip(OUTCOME_COLUMNS, r, strict=True)) for r in report.outcomes]
    spring = next(r for r in rows if r["programme"] == SPRING)
    assert spring["completers_n"] == 6 and spring["completers_n_mid_reached"] == SMALL
    assert spring["completers_percent_mid_reached"] is None


# --- no hidden count can be worked out ------------------------------------------------------


def _another_value_fits(k, shown, hidden, truth, sums, at_most, limit):
    """Whether the hidden cell ``k`` could hold a value other than its own, given the counts
    shown and the relations (a hidden count is 1..4 when "<5", else 1..limit): a search
    over the hidden cells' values, pruned where a relation can no longer hold."""
    keys = [k] + sorted((h for h in hidden if h != k), key=str)
    domain = {h: range(1, 5) if hidden[h] == SMALL else range(1, limit + 1) for h in keys}
    domain[k] = [v for v in domain[k] if v != truth[k]]

    def span(cell, given):
        if cell in shown:
            return shown[cell], shown[cell]
        if cell in given:
            return given[cell], given[cell]
        return min(domain[cell], default=1), max(domain[cell], default=0)

    def possible(given):
        for parts, total in sums:
            spans = [span(p, given) for p in parts]
            low, high = span(total, given)
            if sum(a for a, _ in spans) > high or sum(b for _, b in spans) < low:
                return False
        return all(span(a, given)[0] <= span(b, given)[1] for a, b in at_most)

    def forced(given):
        """Values that follow at once: a sum with one cell left unknown."""
        given = dict(given)
        changed = True
        while changed:
            changed = False
            for parts, total in sums:
                cells = [*parts, total]
                unknown = [c for c in cells if c not in shown and c not in given]
                if len(unknown) != 1:
                    continue
                (cell,) = unknown
                known = {c: shown.get(c, given.get(c)) for c in cells if c != cell}
                rest = sum(known[p] for p in parts if p != cell)
                value = known[total] - rest if cell != total else rest
                if value not in domain[cell]:
                    return None
                given[cell] = value
                changed = True
        return given

    def search(given):
        given = forced(given)
        if given is None or not possible(given):
            return False
        rest = [h for h in keys if h not in given]
        if not rest:
            return True
        cell = min(rest, key=lambda h: (h != k, len(domain[h])))
        return any(search({**given, cell: v}) for v in domain[cell])

    return search({})


def _assert_none_determined(values, sums, at_most, limit):
    hidden = hidden_in_table(values, sums, at_most)
    assert all(mark in (SMALL, COMPLEMENTARY) for mark in hidden.values())
    assert {k for k, v in values.items() if 1 <= v <= 4} <= set(hidden)
    shown = {k: v for k, v in values.items() if k not in hidden}
    for k in hidden:
        assert _another_value_fits(k, shown, hidden, values, sums, at_most, limit), (k, hidden)
    return hidden


def test_a_hidden_count_cannot_be_worked_out_from_totals_rows_or_bounds():
    # Two programmes and their total: enrolled = completed + dropped + still; met <= started.
    values = {
        ("A", "enrolled"): 10, ("A", "started"): 9, ("A", "met"): 6,
        ("A", "completed"): 6, ("A", "dropped"): 4, ("A", "still"): 0,
        ("B", "enrolled"): 5, ("B", "started"): 4, ("B", "met"): 0,
        ("B", "completed"): 0, ("B", "dropped"): 1, ("B", "still"): 4,
        ("T", "enrolled"): 15, ("T", "started"): 13, ("T", "met"): 6,
        ("T", "completed"): 6, ("T", "dropped"): 5, ("T", "still"): 4,
    }  # fmt: skip
    columns = ("enrolled", "started", "met", "completed", "dropped", "still")
    sums = [([("A", c), ("B", c)], ("T", c)) for c in columns]
    sums += [([(r, "completed"), (r, "dropped"), (r, "still")], (r, "enrolled")) for r in "ABT"]
    at_most = [((r, "met"), (r, "started")) for r in "ABT"]
    at_most += [((r, "started"), (r, "enrolled")) for r in "ABT"]
    hidden = _assert_none_determined(values, sums, at_most, limit=15)
    assert ("B", "still") in hidden and ("A", "dropped") in hidden


def test_a_cell_hidden_for_a_total_is_not_left_pinned_by_its_bounds():
    # B's 2 starters are small, so A's 6 is hidden beside them; but A's 6 who met the rule
    # and 6 enrolled bound A's starters to exactly 6: one of those must go too.
    values = {
        ("A", "met"): 6, ("A", "started"): 6, ("A", "enrolled"): 6,
        ("B", "met"): 0, ("B", "started"): 2, ("B", "enrolled"): 7,
        ("T", "met"): 6, ("T", "started"): 8, ("T", "enrolled"): 13,
    }  # fmt: skip
    sums = [([("A", c), ("B", c)], ("T", c)) for c in ("met", "started", "enrolled")]
    at_most = [((r, "met"), (r, "started")) for r in "ABT"]
    at_most += [((r, "started"), (r, "enrolled")) for r in "ABT"]
    hidden = _assert_none_determined(values, sums, at_most, limit=13)
    assert ("B", "started") in hidden and ("A", "started") in hidden
    assert {("A", "met"), ("A", "enrolled")} & set(hidden)


def test_the_reports_suppressed_tables_give_nothing_away():
    """Through the report itself: every hidden count of the counts table has at least two
    possible values given what it shows and how its counts are linked."""
    report = compute_programme_report(_caseload(), FROM, TO)
    counts = _rows(report.counts, COUNT_COLUMNS)
    reasons = _rows(report.reasons, REASON_COLUMNS)
    names = [SPRING, AUTUMN]
    cells = {}
    for r, row in counts.items():
        for c in COUNTS:
            cells[(r, c)] = row[c]
        for c in DROPOUT_REASONS:
            cells[(r, c)] = reasons[r][c]
    hidden = {k: v for k, v in cells.items() if isinstance(v, str)}
    assert hidden, "the small caseload has small counts to hide"
    shown = {k: v for k, v in cells.items() if k not in hidden}
    sums = [([(n, c) for n in names], ("All programmes", c)) for c in (*COUNTS, *DROPOUT_REASONS)]
    at_most = []
    for r in counts:
        sums.append(
            ([(r, "completed"), (r, "dropped_out"), (r, "still_enrolled")], (r, "enrolled"))
        )
        sums.append(([(r, c) for c in DROPOUT_REASONS], (r, "dropped_out")))
        at_most += [((r, "met_rule"), (r, "started")), ((r, "started"), (r, "enrolled")),
                    ((r, "completed_below_rule"), (r, "completed"))]  # fmt: skip
    truth = {**shown, **{k: 1 for k in hidden}}  # only its own value is excluded below
    for k in hidden:
        own = _true_count(k)
        assert _another_value_fits(k, shown, hidden, {**truth, k: own}, sums, at_most, limit=15), (
            k,
            hidden,
        )


def _true_count(key):
    """The count behind a hidden cell, from the unsuppressed report."""
    report = compute_programme_report(_caseload(), FROM, TO, suppress=False)
    row, column = key
    table, columns = (
        (report.counts, COUNT_COLUMNS) if column in COUNTS else (report.reasons, REASON_COLUMNS)
    )
    return _rows(table, columns)[row][column]
