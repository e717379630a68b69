"""The service report PDF from a database, from the command line and the desktop."""

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from painclinic_desktop.cli import main
from painclinic_desktop.services import service_settings
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, contact, referral


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    store = open_store(path, create=True)
    import_bundle(
        store,
        bundle(
            clients=[
                client("ayesha", imd_decile=1, employment_status="retired"),
                client(
                    "bina",
                    nhs_number=None,
                    imd_decile=8,
                    family_name="Shah",
                    employment_status="employed",
                ),
            ],
            referrals=[
                referral("r1", received_on="2026-04-02"),
                referral("r2", "bina", received_on="2026-05-02"),
            ],
            contacts=[
                contact(
                    "c1",
                    starts_at="2026-04-20T10:00:00+01:00",
                    staff="Sam Coach",
                    components=["pain_book"],
                )
            ],
        ),
    )
    service_settings.set_planned_referrals(store, 2026, 12)
    store.close()
    return path


def _text(path):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_report_states_each_figure(db, tmp_path):
    out = tmp_path / "report.pdf"
    assert (
        main(
            [
                "service-report",
                "--from",
                "2026-04-01",
                "--to",
                "2026-06-30",
                "--out",
                str(out),
                "--db",
                str(db),
            ]
        )
        == 0
    )
    text = _text(out)
    # 12 a year: 3 planned for April to June; 2 received
    assert (
        "2 referrals received against 3 planned for these months (12 a year): 67% of plan" in text
    )
    assert "IMD deciles 1–2): 1 of the 2 whose decile is known, 50.0%" in text
    assert "Retired 1 50%" in text
    assert "Pain management book 1 100%" in text
    assert "Sam Coach" in text
    assert "Ayesha" not in text  # no client is named


def test_a_plan_given_on_the_command_line_is_used_for_that_report(db, tmp_path):
    out = tmp_path / "report.pdf"
    assert (
        main(
            [
                "service-report",
                "--from",
                "2026-04-01",
                "--to",
                "2026-06-30",
                "--planned",
                "24",
                "--out",
                str(out),
                "--db",
                str(db),
            ]
        )
        == 0
    )
    assert "against 6 planned" in _text(out)


def test_the_desktop_dialog_makes_the_same_report(qtbot, db, tmp_path, monkeypatch):
    from painclinic_desktop.ui.screens.reports.service_report_dialog import ServiceReportDialog

    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    store = open_store(db)
    try:
        dialog = ServiceReportDialog(store, "Admin", today=date(2026, 6, 30))
        qtbot.addWidget(dialog)
        assert dialog.date_from.date() == date(2026, 4, 1)  # this quarter
        assert dialog.planned.value() == 12  # the year's plan from the settings
        target = tmp_path / "desk.pdf"
        dialog.save_to.path.setText(str(target))
        dialog.run()
        qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    finally:
        store.close()
    assert "67% of plan" in _text(target)


def test_every_within_session_component_has_its_name_in_the_report():
    # a component added to the contact form must not stop the report (or print as a code)
    from painclinic_desktop.core.codes import CONTACT_COMPONENTS
    from painclinic_desktop.reports.service_report import COMPONENTS

    assert set(COMPONENTS) == set(CONTACT_COMPONENTS)
