"""Goals achieved or partly achieved per completed episode, worked by hand."""

import pytest

from painclinic_desktop.core.episode_goals import episode_goals, service_percent
from painclinic_desktop.core.monthly_return.common import Period


def goal(client, set_on, *reviews):
    return {
        "client_id": client,
        "set_on": set_on,
        "reviews": [{"reviewed_on": day, "status": status} for day, status in reviews],
    }


def test_each_episode_counts_its_own_goals_at_discharge():
    caseload = {
        "referrals": [
            {"client_id": "a", "received_on": "2026-01-10", "outcome": "accepted"},
            {"client_id": "b", "received_on": "2025-03-01", "outcome": "accepted"},
            {"client_id": "b", "received_on": "2026-02-01", "outcome": "accepted"},  # re-referred
        ],
        "discharges": [
            {"client_id": "a", "discharged_on": "2026-06-30"},
            {"client_id": "b", "discharged_on": "2026-07-31"},
            {"client_id": "b", "discharged_on": "2025-09-30"},  # an earlier episode: outside
        ],
        "goals": [
            goal("a", "2026-02-01", ("2026-05-01", "achieved")),
            goal("a", "2026-02-01", ("2026-05-01", "partly_achieved")),
            goal("a", "2026-02-01", ("2026-06-01", "in_progress"), ("2026-07-15", "achieved")),
            goal("a", "2026-02-01"),  # never reviewed: not started
            goal("a", "2026-03-01", ("2026-04-01", "replaced")),  # left out
            goal("b", "2025-04-01", ("2025-08-01", "achieved")),  # the earlier episode's
            goal("b", "2026-03-01", ("2026-07-01", "not_achieved")),
            goal("b", "2026-03-01", ("2026-07-01", "achieved")),
        ],
    }
    found = episode_goals(caseload, Period("2026-01-01", "2026-12-31"))
    assert [(e.client_id, e.started_on, e.goals, e.met) for e in found] == [
        ("a", "2026-01-10", 4, 2),  # achieved after the discharge does not count
        ("b", "2026-02-01", 2, 1),
    ]
    assert found[0].percent == 50.0
    assert service_percent(found) == (3, 6, pytest.approx(50.0))
