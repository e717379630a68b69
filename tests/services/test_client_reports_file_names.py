"""GP summaries for a month's discharges named so admin staff can tell whose is whose, as the
service chose in its settings; only an admin changes that choice."""

from __future__ import annotations

from datetime import date

import pytest

from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import session
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.client_reports import (
    gp_summaries_for_discharged,
    suggested_file_name,
)
from painclinic_desktop.services.service_settings import (
    BATCH_FOLDER,
    SAVE_DIALOG,
    file_name_style,
    set_file_name_style,
)
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, referral, uid

DAY = date(2026, 11, 22)


def discharge(name: str, client_name: str) -> dict:
    return {
        "id": uid(name),
        "client_id": uid(client_name),
        "discharged_on": "2026-10-30",
        "reason": "goals_met",
    }


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(
        s,
        bundle(
            clients=[
                client("ayesha", nhs_number="9434765919"),
                # Two clients the recognisable form cannot tell apart (no NHS numbers).
                client("amira", nhs_number=None, given_name="Amira"),
                client("aaliyah", nhs_number=None, given_name="Aaliyah"),
            ],
            referrals=[
                referral("r1", "ayesha"),
                referral("r2", "amira"),
                referral("r3", "aaliyah"),
            ],
            discharges=[
                discharge("d1", "ayesha"),
                discharge("d2", "amira"),
                discharge("d3", "aaliyah"),
            ],
        ),
    )
    yield s
    s.close()


def test_batch_folder_names_are_recognisable_by_default_and_unique(store, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    result = gp_summaries_for_discharged(store, "2026-10", folder, "Admin", today=DAY)
    assert not result.failed
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "Khan A 2026-11-22 GP summary (2).pdf",
        "Khan A 2026-11-22 GP summary.pdf",
        "Khan A 9434765919 2026-11-22 GP summary.pdf",
    ]
    assert sorted(p.name for p in result.written) == names
    assert all(p.read_bytes().startswith(b"%PDF") for p in result.written)


def test_batch_folder_names_anonymous_when_the_service_chooses(store, tmp_path):
    set_file_name_style(store, BATCH_FOLDER, "anonymous")
    gp_summaries_for_discharged(store, "2026-10", tmp_path, "Admin", today=DAY)
    names = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert names == sorted(f"gp-summary-{uid(n)}.pdf" for n in ("ayesha", "amira", "aaliyah"))


def test_save_dialogs_suggest_anonymous_names_unless_chosen(store):
    assert file_name_style(store, SAVE_DIALOG) == "anonymous"
    assert file_name_style(store, BATCH_FOLDER) == "recognisable"
    ayesha = uid("ayesha")
    assert suggested_file_name(store, ayesha, "plan", SAVE_DIALOG, DAY) == f"plan-{ayesha}.pdf"
    set_file_name_style(store, SAVE_DIALOG, "recognisable")
    assert suggested_file_name(store, ayesha, "plan", SAVE_DIALOG, DAY) == (
        "Khan A 9434765919 2026-11-22 plan.pdf"
    )
    assert store.setting("file_names_save_dialog") == "recognisable"  # kept in the database


def test_only_an_admin_changes_how_files_are_named(store):
    session.sign_in_as("Coach", "coach")
    try:
        with pytest.raises(PermissionDenied):
            set_file_name_style(store, BATCH_FOLDER, "anonymous")
    finally:
        session.sign_out()
    assert file_name_style(store, BATCH_FOLDER) == "recognisable"
    session.sign_in_as("Admin", "admin")
    try:
        set_file_name_style(store, BATCH_FOLDER, "anonymous")
    finally:
        session.sign_out()
    assert file_name_style(store, BATCH_FOLDER) == "anonymous"
