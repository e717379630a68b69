"""A client's materials language: on the record, through the bundle, printed in the plan."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import session, translations
from painclinic_desktop.services.bundles import export_bundle, import_bundle
from painclinic_desktop.services.client_reports import write_client_plan_for
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, uid

AYESHA = uid("ayesha")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")]))
    yield s
    s.close()
    session.sign_out()


def _text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", re.sub("[\u200e\u200f\u202a-\u202e]", "", out.decode()))


def test_the_materials_language_is_kept_on_the_client_and_travels_in_the_bundle(store, tmp_path):
    translations.set_materials_language(store, AYESHA, "ur", "Coach One")
    assert records.get(store, "clients", AYESHA)["materials_language"] == "ur"
    exported = export_bundle(store)
    (moved,) = [c for c in exported["clients"] if c["id"] == AYESHA]
    assert moved["materials_language"] == "ur"
    other = open_store(tmp_path / "other.db", create=True)
    try:
        import_bundle(other, json.loads(json.dumps(exported)))
        assert records.get(other, "clients", AYESHA)["materials_language"] == "ur"
    finally:
        other.close()
    translations.set_materials_language(store, AYESHA, "en", "Coach One")
    assert records.get(store, "clients", AYESHA)["materials_language"] is None


def test_an_unknown_language_is_refused_and_nothing_changes(store):
    with pytest.raises(InvalidInput, match="no translation"):
        translations.set_materials_language(store, AYESHA, "xx", "Coach One")
    assert records.get(store, "clients", AYESHA)["materials_language"] is None


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_plan_prints_in_the_clients_language_unless_printing_says_otherwise(store, tmp_path):
    translations.set_materials_language(store, AYESHA, "ur", "Coach One")
    urdu = tmp_path / "ur.pdf"
    write_client_plan_for(store, AYESHA, urdu, "Coach One", large_print=True)
    words = _text(urdu)
    assert "آپ کے اہداف" in words  # "Your goals"
    assert "ترجمہ ابھی کسی مستند مترجم نے نہیں جانچا" in words  # not yet reviewed
    polish = tmp_path / "pl.pdf"
    write_client_plan_for(store, AYESHA, polish, "Coach One", language="pl")
    assert "Twoje cele" in _text(polish)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_reviewers_sign_off_removes_the_notice_until_the_pack_changes(store, tmp_path):
    session.sign_in_as("Admin", "admin")
    translations.sign_off(store, "ur", "Dr A. Translator", "2026-12-01")
    assert translations.materials_pack(store, "ur").reviewed
    out = tmp_path / "plan.pdf"
    write_client_plan_for(store, AYESHA, out, "Admin", language="ur")
    assert "Translation not yet reviewed" not in _text(out)
    # The service loads its own pack: a different text, so not signed off yet.
    own = json.loads(_shipped_text("ur"))
    own["strings"]["plan.goals"]["text"] = "آپ کے مقاصد"
    path = tmp_path / "ur-own.json"
    path.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    loaded = translations.load_service_pack(store, path)
    assert not loaded.reviewed
    write_client_plan_for(store, AYESHA, out, "Admin", language="ur")
    words = _text(out)
    assert "آپ کے مقاصد" in words and "Translation not yet reviewed" in words
    translations.use_starter_pack(store, "ur")
    assert translations.materials_pack(store, "ur").reviewed  # the signed-off text again


def test_only_an_admin_loads_or_signs_off_a_pack(store, tmp_path):
    session.sign_in_as("Coach", "coach")
    with pytest.raises(PermissionDenied):
        translations.sign_off(store, "ur", "Someone", "2026-12-01")
    with pytest.raises(PermissionDenied):
        translations.load_service_pack(store, tmp_path / "none.json")


def test_a_pack_file_that_cannot_be_read_is_refused_in_plain_words(store, tmp_path):
    session.sign_in_as("Admin", "admin")
    with pytest.raises(InvalidInput, match="could not be read"):
        translations.load_service_pack(store, tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "painclinic-translation", "version": 1}', encoding="utf-8")
    with pytest.raises(InvalidInput):
        translations.load_service_pack(store, bad)
    assert not translations.pack_status(store, "ur")[1]  # still the starter pack


def _shipped_text(language: str) -> str:
    from painclinic_desktop.resources_path import resource

    return resource("translations", f"{language}.json").read_text(encoding="utf-8")
