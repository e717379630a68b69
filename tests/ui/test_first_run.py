"""The first-run guide, driven as a person would: it ends with an encrypted service database
whose admin can sign in, and it refuses folders where the database would not be safe."""

from __future__ import annotations

import base64
import re
from argparse import Namespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWizard

from painclinic_desktop.core.security_errors import WrongPassword
from painclinic_desktop.services import accounts, session
from painclinic_desktop.store import connection
from painclinic_desktop.store.connection import SQLITE_HEADER, keys_path
from painclinic_desktop.ui import application
from painclinic_desktop.ui.first_run import FirstRunGuide, GuideOutcome, state
from painclinic_desktop.ui.first_run.guide import ADMIN, FOLDER, READY, RECOVERY, SERVICE, TEAM

ADMIN_NAME = "Jo Admin"
PASSWORD = "three calm words"
NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton
FINISH = QWizard.WizardButton.FinishButton
CANCEL = QWizard.WizardButton.CancelButton


@pytest.fixture(autouse=True)
def _quick_keys_and_no_leftovers(monkeypatch):
    # Documented test-only setting (core/keyslots.py): real key slots take about half a second.
    monkeypatch.setenv("PAINCLINIC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("PAINCLINIC_ARGON2_MEMORY_KIB", "1024")
    yield
    session.sign_out()
    connection._unlocked.clear()


def click(qtbot, guide: FirstRunGuide, which) -> None:
    button = guide.button(which)
    assert button.isVisible() and button.isEnabled(), f"{which} cannot be pressed"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def button_saying(page, words: str) -> QPushButton:
    (button,) = [b for b in page.findChildren(QPushButton) if words in b.text().replace("&", "")]
    return button


def logo_file(tmp_path, width=600, height=300):
    path = tmp_path / "logo.png"
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1f5fa8"))
    assert image.save(str(path))
    return path


def start(qtbot, folder) -> FirstRunGuide:
    guide = FirstRunGuide(folder)
    qtbot.addWidget(guide)
    guide.show()
    return guide


def fill_in_admin(qtbot, guide: FirstRunGuide, again: str = PASSWORD) -> None:
    qtbot.keyClicks(guide.admin.name, ADMIN_NAME)
    qtbot.keyClicks(guide.admin.password, PASSWORD)
    qtbot.keyClicks(guide.admin.again, again)


def test_the_guide_ends_with_an_encrypted_service_database_its_admin_signs_in_to(qtbot, tmp_path):
    folder = tmp_path / "PainClinic data"
    guide = start(qtbot, folder)
    assert guide.currentId() == SERVICE
    assert not guide.button(NEXT).isEnabled()  # the service name comes first
    qtbot.keyClicks(guide.service.name, "Rethinking Pain  Bradford")
    assert guide.service.load_logo(logo_file(tmp_path))
    click(qtbot, guide, NEXT)

    assert guide.currentId() == FOLDER
    assert guide.folder.database.text() == str(folder / "painclinic.db")
    assert guide.folder.backups.text() == str(folder / "backups")
    assert guide.folder.warning.isHidden()
    click(qtbot, guide, NEXT)

    assert guide.currentId() == ADMIN
    fill_in_admin(qtbot, guide, again="three calm wordz")
    click(qtbot, guide, COMMIT)
    assert guide.admin.message.text() == "The two passwords are not the same."
    assert guide.currentId() == ADMIN and not (folder / "painclinic.db").exists()
    guide.admin.again.clear()
    qtbot.keyClicks(guide.admin.again, PASSWORD)
    click(qtbot, guide, COMMIT)
    qtbot.waitUntil(lambda: guide.currentId() == RECOVERY, timeout=20_000)

    recovery_key = guide.recovery.key.text().replace("\n", "-")
    assert re.fullmatch(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", recovery_key)
    qtbot.wait(50)  # let the wizard settle its buttons
    assert not guide.button(NEXT).isEnabled()  # not before "I have stored this safely"
    assert not guide.button(CANCEL).isVisible()
    assert not guide.button(QWizard.WizardButton.BackButton).isEnabled()  # no second set-up
    guide.reject()  # Esc or closing the window does not skip the key either
    assert guide.isVisible() and guide.currentId() == RECOVERY
    guide.recovery.stored.setChecked(True)
    click(qtbot, guide, NEXT)

    # The first coaches: an admin records no contacts, so the guide offers to add them.
    assert guide.currentId() == TEAM
    team = guide.team
    qtbot.keyClicks(team.name, ADMIN_NAME)
    qtbot.keyClicks(team.password, "coach phrase one")
    qtbot.keyClicks(team.again, "coach phrase one")
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not team.busy and bool(team.message.text()), timeout=10_000)
    assert team.message.text() == f"There is already an account called {ADMIN_NAME}."
    assert team.password.text() == "coach phrase one"  # nothing typed is lost
    team.name.clear()
    qtbot.keyClicks(team.name, "Sam Khan")
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: team.team.count() == 1, timeout=10_000)
    assert team.team.item(0).text() == "Sam Khan — health coach"
    assert team.name.text() == "" and team.password.text() == ""
    click(qtbot, guide, NEXT)

    assert guide.currentId() == READY
    assert "Admin ▸ Accounts" in guide.ready.summary.text()
    assert "Sam Khan" in guide.ready.summary.text()
    click(qtbot, guide, FINISH)
    outcome = guide.outcome
    assert guide.result() == QDialog.DialogCode.Accepted
    assert outcome.path == folder / "painclinic.db" and not outcome.practise

    # Encrypted at rest: the file does not start with SQLite's plain header.
    head = outcome.path.read_bytes()[: len(SQLITE_HEADER)]
    assert len(head) == len(SQLITE_HEADER) and head != SQLITE_HEADER
    assert keys_path(outcome.path).exists()
    accounts.sign_out(outcome.store)
    with pytest.raises(WrongPassword):
        accounts.sign_in(outcome.path, ADMIN_NAME, "not the password")
    accounts.sign_in(outcome.path, "Sam Khan", "coach phrase one").close()
    assert session.signed_in() == session.SignedIn("Sam Khan", "coach")
    store = accounts.sign_in(outcome.path, ADMIN_NAME, PASSWORD)
    assert session.signed_in() == session.SignedIn(ADMIN_NAME, "admin")
    assert store.setting("service_name") == "Rethinking Pain Bradford"  # spaces tidied
    logo = QImage.fromData(base64.b64decode(store.setting("service_logo_png")), "PNG")
    assert (logo.width(), logo.height()) == (256, 128)  # 600 x 300 shrunk to fit 256
    accounts.sign_out(store)
    # The key shown is the one that works: it sets a new admin password.
    accounts.recover(outcome.path, recovery_key, ADMIN_NAME, "a new long phrase").close()


@pytest.mark.parametrize(
    "synced",
    [
        "OneDrive",
        "OneDrive - Bradford District Care NHS Trust",
        "Dropbox",
        "Google Drive",
        "My Drive",
        "iCloud Drive",
        "Library/Mobile Documents/com~apple~CloudDocs",
    ],
)
def test_a_cloud_synced_folder_is_refused_with_a_reason(tmp_path, synced):
    check = state.check_folder(tmp_path / synced / "PainClinic")
    assert not check.usable and "cloud-synced" in check.problem


def test_a_folder_on_the_laptops_own_disk_is_accepted(tmp_path):
    check = state.check_folder(tmp_path / "Documents" / "PainClinic")
    assert check.usable and check.problem is None


def test_the_folder_page_warns_about_a_synced_folder_until_another_is_chosen(
    qtbot, tmp_path, monkeypatch
):
    guide = start(qtbot, tmp_path / "OneDrive - NHS" / "PainClinic")
    qtbot.keyClicks(guide.service.name, "Community Pain Service")
    click(qtbot, guide, NEXT)
    assert guide.folder.warning.isVisible()
    assert "cloud-synced folder (OneDrive - NHS)" in guide.folder.warning.text()
    assert not guide.button(NEXT).isEnabled()

    safe = tmp_path / "Local" / "PainClinic"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(safe))
    qtbot.mouseClick(button_saying(guide.folder, "another folder"), Qt.MouseButton.LeftButton)
    assert guide.folder.warning.isHidden()
    assert guide.folder.database.text() == str(safe / "painclinic.db")
    click(qtbot, guide, NEXT)
    assert guide.currentId() == ADMIN


def test_a_folder_that_already_holds_a_database_offers_to_open_it(qtbot, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    made, _ = accounts.create_service_database(folder / "painclinic.db", ADMIN_NAME, PASSWORD)
    accounts.sign_out(made)
    guide = start(qtbot, folder)
    qtbot.keyClicks(guide.service.name, "Community Pain Service")
    click(qtbot, guide, NEXT)
    assert "already a PainClinic database" in guide.folder.warning.text()
    assert not guide.button(NEXT).isEnabled()  # never a second database over the first
    qtbot.mouseClick(guide.folder.open_button, Qt.MouseButton.LeftButton)
    assert guide.result() == QDialog.DialogCode.Accepted
    assert guide.outcome == GuideOutcome(path=folder / "painclinic.db")


def test_only_looking_around_opens_the_demo_without_setting_anything_up(qtbot, tmp_path):
    guide = start(qtbot, tmp_path / "data")
    qtbot.mouseClick(button_saying(guide.service, "demo caseload"), Qt.MouseButton.LeftButton)
    assert guide.outcome == GuideOutcome(path=None, practise=True)
    assert not (tmp_path / "data").exists()


def test_cancelling_before_the_admin_step_leaves_nothing_behind(qtbot, tmp_path):
    guide = start(qtbot, tmp_path / "data")
    qtbot.keyClicks(guide.service.name, "Community Pain Service")
    click(qtbot, guide, NEXT)
    click(qtbot, guide, CANCEL)
    assert guide.result() == QDialog.DialogCode.Rejected and guide.outcome is None
    assert not (tmp_path / "data").exists()


def test_a_logo_that_is_not_a_picture_is_refused_plainly(qtbot, tmp_path):
    guide = start(qtbot, tmp_path / "data")
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture", encoding="utf-8")
    assert not guide.service.load_logo(bad)
    assert "notes.png is not a picture" in guide.service.message.text()
    assert guide.service.logo_png is None


def _args(**given) -> Namespace:
    return Namespace(**{"db": None, "demo": False, "smoke_test": False, **given})


def test_start_up_remembers_the_service_database_the_guide_made(tmp_path, monkeypatch):
    folder = tmp_path / "elsewhere"
    check = state.check_folder(folder)
    store, _ = state.create_service(
        check, state.ServiceDetails("Pain Service"), ADMIN_NAME, PASSWORD
    )
    monkeypatch.setattr(
        "painclinic_desktop.ui.first_run.run_first_run_guide",
        lambda _folder: GuideOutcome(path=check.database, store=store),
    )
    assert application.choose_database(_args()) == (None, False)  # a first start
    opened, path = application._first_start(_args())
    assert opened is store and path == check.database
    # Next start goes straight to signing in to that database, wherever it was put.
    assert application.choose_database(_args()) == (check.database, False)
    accounts.sign_out(store)


def test_practising_first_closes_the_new_service_database_and_opens_the_demo(tmp_path, monkeypatch):
    from painclinic_desktop.services.demo import load_demo
    from painclinic_desktop.store.database import open_store

    demo = open_store(application.demo_db_path(), create=True)
    load_demo(demo, clients=3)
    demo.close()
    check = state.check_folder(tmp_path / "service")
    store, _ = state.create_service(
        check, state.ServiceDetails("Pain Service"), ADMIN_NAME, PASSWORD
    )
    monkeypatch.setattr(
        "painclinic_desktop.ui.first_run.run_first_run_guide",
        lambda _folder: GuideOutcome(path=check.database, store=store, practise=True),
    )
    opened, path = application._first_start(_args())
    assert path == application.demo_db_path() and opened.is_demo
    assert store.is_locked  # signed out: the key is no longer held
    assert application.choose_database(_args()) == (check.database, False)
    opened.close()


def test_there_is_no_cancelling_while_the_database_is_being_made(qtbot, tmp_path, monkeypatch):
    import threading

    from painclinic_desktop.ui.first_run import guide as guide_module

    release = threading.Event()

    def slow_create(*args):
        assert release.wait(10)
        return state.create_service(*args)

    monkeypatch.setattr(guide_module, "create_service", slow_create)
    guide = start(qtbot, tmp_path / "data")
    qtbot.keyClicks(guide.service.name, "Community Pain Service")
    click(qtbot, guide, NEXT)
    click(qtbot, guide, NEXT)
    fill_in_admin(qtbot, guide)
    click(qtbot, guide, COMMIT)
    assert guide.admin.message.text() == "Creating the encrypted database…"
    qtbot.wait(50)  # the wizard settles its buttons after the click
    for which in (CANCEL, QWizard.WizardButton.BackButton, COMMIT):
        assert not guide.button(which).isEnabled()
    guide.reject()  # Esc or closing the window
    assert guide.isVisible()
    release.set()
    qtbot.waitUntil(lambda: guide.currentId() == RECOVERY, timeout=20_000)
    accounts.sign_out(guide.created[0])


def test_the_first_coaches_page_refuses_bad_passwords_beside_what_was_typed(qtbot, tmp_path):
    from painclinic_desktop.ui.first_run.team_page import TeamPage

    store, _key = accounts.create_service_database(tmp_path / "s.db", ADMIN_NAME, PASSWORD)
    page = TeamPage(lambda: store)
    qtbot.addWidget(page)
    page.show()
    assert not page.add_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(page.name, "Sam Khan")
    qtbot.keyClicks(page.password, "coach phrase one")
    qtbot.keyClicks(page.again, "coach phrase two")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "The two passwords are not the same."
    qtbot.keyClick(page.again, Qt.Key.Key_Backspace)
    assert page.message.text() == ""  # the message goes as the person fixes it
    page.password.setText("short")
    page.again.setText("short")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "at least 10 characters" in page.message.text(), timeout=10_000)
    assert page.name.text() == "Sam Khan" and page.team.count() == 0
    accounts.sign_out(store)
