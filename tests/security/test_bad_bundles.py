"""Bundles that once ended in a traceback or were wrongly accepted: each is refused with a
plain message naming the record and field, and an export of the database is unchanged."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.services import bundles
from tests.factories import bundle, client, referral, uid

from .attack import export_of
from .conftest import NAMES, PASSWORDS


@pytest.fixture
def caseload(service, monkeypatch):
    store = service.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client("ayesha", nhs_number=None)]))
    store.close()
    monkeypatch.setenv("PAINCLINIC_USER", NAMES["coach"])
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS["coach"])
    return service


def _text(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=True)  # "\ud800" stays an escape, as an attacker writes it


def _lone_surrogate() -> str:
    doc = bundle(clients=[client("bilal", nhs_number=None, given_name="Bil\ud800al")])
    return _text(doc)


def _deeply_nested() -> str:
    return (
        '{"format": "painclinic-bundle", "version": 1, "clients": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )


def _uuid_with_newline() -> str:
    return _text(bundle(clients=[client("bilal", nhs_number=None, id=uid("bilal") + "\n")]))


def _one_uuid_in_two_collections() -> str:
    both = uid("shared")
    return _text(
        bundle(
            clients=[client("bilal", nhs_number=None, id=both)],
            referrals=[referral("r1", "bilal", id=both, client_id=both)],
        )
    )


def _born_tomorrow() -> str:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    return _text(bundle(clients=[client("bilal", nhs_number=None, date_of_birth=tomorrow)]))


BAD = {
    "lone surrogate": (_lone_surrogate, "given_name: holds a broken character"),
    "nested 100,000 deep": (_deeply_nested, "is nested too deeply"),
    "UUID with a trailing newline": (_uuid_with_newline, "clients #1: id:"),
    "one UUID in two collections": (_one_uuid_in_two_collections, "id: is also used in referrals"),
    "date of birth in the future": (_born_tomorrow, "date_of_birth: "),
}


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_bundle_gets_a_plain_message_and_changes_nothing(caseload, tmp_path, capsys, kind):
    make, words = BAD[kind]
    path = tmp_path / "bad.json"
    path.write_text(make(), encoding="utf-8")
    before = export_of(caseload.path)
    capsys.readouterr()
    assert main(["--db", str(caseload.path), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "nothing was imported" in err and words in err, err
    assert "Traceback" not in err
    assert export_of(caseload.path) == before


def test_the_future_birth_date_says_so(caseload, tmp_path, capsys):
    path = Path(tmp_path / "bad.json")
    path.write_text(_born_tomorrow(), encoding="utf-8")
    main(["--db", str(caseload.path), "import", str(path)])
    assert "is in the future" in capsys.readouterr().err
