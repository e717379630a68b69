"""The admin's audit trail screen: filtered by user, client and date; others are refused."""

from __future__ import annotations

import pytest

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import bundles
from painclinic_desktop.services.access import open_client_record
from painclinic_desktop.ui.screens.audit.state import AuditFilters, load_rows
from painclinic_desktop.ui.screens.audit.view import AuditTrailDialog
from tests.factories import bundle, client, uid

from .conftest import NAMES


@pytest.fixture
def trail(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store, bundle(clients=[client("ayesha"), client("bilal", nhs_number=None)])
    )
    open_client_record(store, uid("ayesha"))
    open_client_record(store, uid("bilal"))
    store.close()
    return service


def test_filters_by_who_by_client_from_an_nhs_number_and_by_date(trail):
    store = trail.sign_in()
    coach = load_rows(store, AuditFilters(actor=NAMES["coach"]))
    assert [r["action"] for r in coach] == ["view_record", "view_record", "import", "sign_in"]
    by_number = load_rows(store, AuditFilters(client="943 476 5919"))
    assert [(r["action"], r["client_id"]) for r in by_number] == [("view_record", uid("ayesha"))]
    assert load_rows(store, AuditFilters(until="2000-12-31")) == []
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        load_rows(store, AuditFilters(since="last week"))
    store.close()


def test_only_the_admin_can_read_the_trail(trail):
    store = trail.sign_in("clinician")
    with pytest.raises(PermissionDenied):
        load_rows(store, AuditFilters())
    store.close()


def test_the_screen_shows_the_rows_in_plain_words_and_checks_the_chain(trail, qtbot):
    store = trail.sign_in()
    dialog = AuditTrailDialog(store)
    qtbot.addWidget(dialog)
    dialog.actor.setCurrentIndex(dialog.actor.findData(NAMES["coach"]))
    dialog.refresh()
    model = dialog.model
    assert model.rowCount() == 4
    assert model.index(0, 2).data() == "Opened a record"
    assert "4 entries" in dialog.status.text()
    dialog.verify()
    assert "intact" in dialog.status.text()
    store.close()


def test_the_screen_tells_a_non_admin_it_is_not_theirs(trail, qtbot):
    store = trail.sign_in("coach")
    dialog = AuditTrailDialog(store)
    qtbot.addWidget(dialog)
    assert "not allowed to read the audit trail" in dialog.status.text()
    assert dialog.model.rowCount() == 0
    store.close()
