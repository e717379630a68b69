"""Safety flags, read from the instruments' data, are worded as before wherever they are shown
(the command line now uses the same words as the GP summary), and a flag added to an
instrument's data is watched by the assessment, the import and the GP summary without a
change of code."""

from dataclasses import replace
from datetime import date

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures import definitions
from painclinic_desktop.core.measures.definitions import FlagRule
from painclinic_desktop.core.measures.safety import flags_in, watched_items
from painclinic_desktop.reports.gp_summary import safety_notes
from painclinic_desktop.services.assessments import InstrumentAnswers, save_assessment
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store import records
from tests.factories import assessment, bundle, client, new_store, referral, uid

PHQ9_RISK = [2, 2, 2, 1, 1, 1, 1, 0, 1]


def test_the_words_are_as_they_were_wherever_the_flag_is_shown(tmp_path):
    from painclinic_desktop.commands.score import _flag_words

    assert safety_notes({"assessments": [assessment("a1", items=PHQ9_RISK)]}) == [
        "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) was answered "
        "above 0 on 20-Sep-2026."
    ]
    assert _flag_words("item9_risk") == (
        "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0: "
        "review risk now"
    )
    store = _store(tmp_path)
    with pytest.raises(InvalidInput, match=r"^PHQ-9 question 9 was answered above 0: the safety"):
        _save(store, "phq9", PHQ9_RISK, acknowledged=False)
    done = _save(store, "phq9", PHQ9_RISK)
    assert done.risk_flag["note"] == (
        "PHQ-9 question 9 (thoughts of being better off dead or of self-harm) answered above 0 "
        "in the assessment of 2026-11-20. Follow the service's risk procedure."
    )
    store.close()


@pytest.fixture
def gad7_watched(monkeypatch):
    """A service's instrument data given a second safety flag: GAD-7 question 7 above 2."""
    gad7 = definitions.instrument("gad7")
    rule = FlagRule("item7_worry", 6, 2, "feeling afraid as if something awful might happen")
    monkeypatch.setitem(definitions._INSTRUMENTS, "gad7", replace(gad7, flag_rules=(rule,)))
    return rule


def test_a_flag_added_to_the_data_is_watched_without_a_change_of_code(tmp_path, gad7_watched):
    assert watched_items("gad7") == {6}
    assert [f.code for f in flags_in(["item7_worry", "item9_risk"])] == [
        "item7_worry",
        "item9_risk",
    ]
    store = _store(tmp_path)
    with pytest.raises(InvalidInput, match=r"^GAD-7 question 7 was answered above 2"):
        _save(store, "gad7", [0, 0, 0, 0, 0, 0, 3], acknowledged=False)
    done = _save(store, "gad7", [0, 0, 0, 0, 0, 0, 3])
    assert done.risk_found and done.risk_flag["kind"] == "risk"
    assert "GAD-7 question 7 (feeling afraid" in done.risk_flag["note"]
    notes = safety_notes(
        {"assessments": [assessment("g1", instrument="gad7", items=[0, 0, 0, 0, 0, 0, 3])]}
    )
    assert notes == [
        "GAD-7 item 7 (feeling afraid as if something awful might happen) was answered "
        "above 2 on 20-Sep-2026."
    ]
    store.close()


def test_an_imported_answer_raising_a_data_flag_gets_a_risk_flag(tmp_path, gad7_watched):
    store = _store(tmp_path)
    summary = import_bundle(
        store,
        bundle(assessments=[assessment("g1", instrument="gad7", items=[0, 0, 0, 0, 0, 0, 3])]),
    )
    assert summary.risk_flags_raised == 1
    [flag] = [f for f in records.select(store, "flags") if f["kind"] == "risk"]
    assert flag["note"] == "GAD-7 question 7 answered above 2 in an imported assessment"
    store.close()


def _store(tmp_path):
    store = new_store(tmp_path / "s.db", clients=[client("ayesha")], referrals=[referral("r1")])
    return store


def _save(store, name, items, acknowledged=True):
    return save_assessment(
        store,
        uid("ayesha"),
        "baseline",
        "2026-11-20",
        [InstrumentAnswers(name, items)],
        "Coach One",
        risk_acknowledged=acknowledged,
        today=date(2026, 11, 20),
    )
