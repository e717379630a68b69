"""Flags: raised with who, when and why; cleared with who and when; one open flag per kind."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.services import flags
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, referral, uid

TODAY = date(2026, 11, 22)
AYESHA = uid("ayesha")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "f.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")], referrals=[referral("r", "ayesha")]))
    yield s
    s.close()


def _flags_shown(store):
    return next(r for r in load_caseload(store, TODAY) if r.client_id == AYESHA).flags


def test_a_raised_flag_shows_on_the_caseload_with_who_when_and_why(store):
    saved = flags.raise_flag(
        store,
        AYESHA,
        "safeguarding",
        "Disclosed a fall at home",
        "Coach One",
        on="2026-11-20",
        today=TODAY,
    )
    assert (saved["raised_by"], saved["raised_on"], saved["note"]) == (
        "Coach One",
        "2026-11-20",
        "Disclosed a fall at home",
    )
    assert _flags_shown(store) == ("safeguarding",)


def test_one_open_flag_of_a_kind_at_a_time(store):
    first = flags.raise_flag(store, AYESHA, "mdt_discuss", "Tier 3?", "Coach One", today=TODAY)
    with pytest.raises(InvalidInput, match="already raised"):
        flags.raise_flag(store, AYESHA, "mdt_discuss", "Again", "Coach Two", today=TODAY)
    flags.clear_flag(store, first["id"], "Dr Shah", today=TODAY)
    flags.raise_flag(store, AYESHA, "mdt_discuss", "Review after CBT", "Coach One", today=TODAY)
    assert len(flags.open_flags(store, AYESHA)) == 1


def test_clearing_records_who_and_when_and_keeps_why_it_was_raised(store):
    raised = flags.raise_flag(
        store, AYESHA, "interpreter_needed", "Urdu", "Coach One", on="2026-10-01", today=TODAY
    )
    cleared = flags.clear_flag(
        store,
        raised["id"],
        "Coach Two",
        why="Now confident in English",
        on="2026-11-21",
        today=TODAY,
    )
    assert (cleared["cleared_by"], cleared["cleared_on"]) == ("Coach Two", "2026-11-21")
    assert cleared["note"] == "Urdu\nCleared: Now confident in English"
    assert cleared["raised_by"] == "Coach One"
    assert _flags_shown(store) == ()


def test_a_flag_is_cleared_once_and_not_before_it_was_raised(store):
    raised = flags.raise_flag(
        store, AYESHA, "risk", "PHQ-9 item 9 answered 1", "Coach One", on="2026-11-10", today=TODAY
    )
    with pytest.raises(InvalidInput, match="before it was raised"):
        flags.clear_flag(store, raised["id"], "Coach One", on="2026-11-09", today=TODAY)
    flags.clear_flag(store, raised["id"], "Coach One", today=TODAY)
    with pytest.raises(InvalidInput, match="already cleared"):
        flags.clear_flag(store, raised["id"], "Coach One", today=TODAY)


def test_a_flag_needs_a_reason(store):
    with pytest.raises(InvalidInput, match="language") as caught:
        flags.raise_flag(store, AYESHA, "interpreter_needed", " ", "Coach One", today=TODAY)
    assert caught.value.field == "note"
    assert flags.open_flags(store, AYESHA) == []
