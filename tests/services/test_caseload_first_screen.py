"""The first screen of the caseload: what a coach sees before the whole caseload has loaded
must be exactly the top of the list they will see once it has."""

from datetime import date

import pytest

from painclinic_desktop.core.demo import generate_bundle
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import first_screen, load_caseload
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.screens.caseload.state import CaseloadState, Filters
from tests.factories import bundle, client, referral, uid

TODAY = date(2026, 11, 1)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    yield s
    s.close()


def test_first_screen_lists_open_clients_in_name_order_skipping_others(store):
    names = {
        "zaman": "Zaman",
        "souza": "de Souza",
        "abbas": "Abbas",
        "brown": "Brown",
        "carr": "Carr",
    }
    import_bundle(
        store,
        bundle(
            clients=[client(k, nhs_number=None, family_name=v) for k, v in names.items()],
            referrals=[referral(f"r-{k}", k) for k in names if k != "abbas"]
            + [referral("r-abbas", "abbas", outcome="pending", outcome_on=None)],
        ),
    )
    open_only = CaseloadState()  # the screen's default: open clients
    rows = first_screen(store, open_only.shows, wanted=3, today=TODAY)
    # Abbas awaits triage (hidden); "de Souza" sorts among the Ds whatever its case.
    assert [r.family_name for r in rows] == ["Brown", "Carr", "de Souza"]
    rows = first_screen(store, open_only.shows, wanted=2, descending=True, today=TODAY)
    assert [r.family_name for r in rows] == ["Zaman", "de Souza"]
    assert rows[0].client_id == uid("zaman") and rows[0].status == "open"


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(status=None), Filters(tier=2), Filters(status=None, flag="risk")]
)
def test_first_screen_is_the_top_of_the_whole_caseload(store, filters):
    import_bundle(store, generate_bundle(900, seed=3, today=TODAY))  # several pages of 250
    whole = CaseloadState(filters=filters)
    whole.load(load_caseload(store, TODAY))
    rows = first_screen(store, whole.shows, wanted=60, today=TODAY)
    assert rows, "a busy caseload fills its first screen"
    # 900 clients fit in the pages it may read, so even a narrow filter fills what it can.
    assert rows == whole.visible[:60]


@pytest.mark.parametrize("role", [None, "coach", "community_partner"])
def test_the_whole_caseload_shows_each_client_as_their_own_row_read_alone_shows_them(store, role):
    """The whole caseload is made straight from the store's unmerged values (no dict per
    client); each row, status, tier, dates and flags (the high-dose flag too) must be the
    row a sync's refresh or the record page makes for that client alone."""
    from collections import Counter

    from painclinic_desktop.core.medication import HIGH_DOSE_FLAG
    from painclinic_desktop.services.caseload import caseload_of

    import_bundle(store, generate_bundle(600, seed=11, today=TODAY))
    store.restrict_to(role)
    whole = load_caseload(store, TODAY)
    alone = {r.client_id: r for r in caseload_of(store, [r.client_id for r in whole], TODAY)}
    assert len(whole) == len(alone) == 600
    assert whole == [alone[r.client_id] for r in whole]
    seen = Counter(r.status for r in whole)
    assert len(seen) >= 4  # open, discharged, awaiting triage, declined, ...
    assert any(r.tier and r.tier > 1 for r in whole)
    if role != "community_partner":
        assert any(HIGH_DOSE_FLAG in r.flags for r in whole)
        assert any(r.next_review and r.last_contact for r in whole)
