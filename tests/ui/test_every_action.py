"""Every menu action and every button of the main window, its pages, the client record (each
tab) and every dialog they open is pressed, signed in as an admin and as a health coach on a
small service database, and none may raise, log an error or make Qt warn.

The walk is generic (tests/ui/pressing.py): a new action or button is pressed without any
change here. A fault found and not yet fixed is listed in KNOWN_FAULTS with its reason; its
own test below is a strict xfail, so it shows in every run and fails once the fault is gone
(then remove the entry).
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from painclinic_desktop.core import permissions
from painclinic_desktop.core.demo import generate_bundle
from painclinic_desktop.services import (
    accounts,
    groups,
    programmes,
    referrals,
    session,
    training,
    users,
)
from painclinic_desktop.services.bundles import import_bundle, write_bundle_file
from painclinic_desktop.store import connection
from painclinic_desktop.store.keys import keys_path
from painclinic_desktop.ui.main_window import MainWindow
from tests.ui.pressing import ARROW, Presser, Walk, menu_actions

FAST_ARGON2 = {"PAINCLINIC_ARGON2_TIME_COST": "1", "PAINCLINIC_ARGON2_MEMORY_KIB": "1024"}
ACCOUNTS = {
    permissions.ADMIN: ("Jo Admin", "admin passphrase 1"),
    permissions.COACH: ("Cal Coach", "coach passphrase 2"),
    permissions.CLINICIAN: ("Dr Cleo", "clinician phrase 3"),
    # A community partner has no account beside clinical records: they work in their own
    # community database (tests/security/test_partner_database.py).
}
# Those who see the most actions between them; set PAINCLINIC_PRESS_ALL_ROLES=1 to walk as
# every role with an account here.
ROLES = (
    list(ACCOUNTS)
    if os.environ.get("PAINCLINIC_PRESS_ALL_ROLES")
    else [permissions.ADMIN, permissions.COACH]
)
CLIENTS = 12
TODAY = date(2026, 11, 20)

# Dialogs each walk must reach: if one is missing the walk has lost its way.
EXPECTED_DIALOGS = {
    permissions.ADMIN: {
        "IntakeDialog",
        "TriageDialog",
        "QuickForm",
        "MonthlyReturnDialog",
        "AuditTrailDialog",
        "SignInDialog",
        "CostingDialog",
        "CourseDialog",
        "ReportChoiceDialog",
        "ProgrammeReportDialog",
        "ProgrammeDialog",
    },
    permissions.COACH: {
        "ContactDialog",
        "AssessmentDialog",
        "QuickForm",
        "NoteHistoryDialog",
        "QuestionnaireDialog",
        "AttendanceDialog",
        "ProgrammeDialog",
        "DropoutDialog",
    },
}

# (role, a part of the press path, the fault) for faults not fixed yet: see the module doc.
KNOWN_FAULTS: list[tuple[str, str, str]] = []


def _known(role: str, where: str) -> bool:
    return any(r == role and part in where for r, part, _ in KNOWN_FAULTS)


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Path:
    """A service database with an admin and a coach and a small demo caseload in it."""
    folder = tmp_path_factory.mktemp("service")
    path = folder / "painclinic.db"
    with pytest.MonkeyPatch.context() as mp:
        _private(mp, folder)
        name, password = ACCOUNTS[permissions.ADMIN]
        store, _recovery = accounts.create_service_database(path, name, password)
        try:
            for role, (name, password) in ACCOUNTS.items():
                if role != permissions.ADMIN:
                    users.add_account(store, name, role, password)
            session.sign_out()  # loading the caseload is set-up, not any one role's work
            doc = generate_bundle(CLIENTS, seed=11, today=TODAY)
            doc["demo"] = False  # a service database as a service uses it
            import_bundle(store, doc)
            for given, family in (("Imran", "Hussain"), ("Zofia", "Nowak")):
                referrals.add_referral(  # waiting for triage: Accept… and Enter have work
                    store,
                    {
                        "given_name": given,
                        "family_name": family,
                        "date_of_birth": "1980-02-01",
                        "received_on": "2026-11-02",
                        "source": "gp",
                    },
                    "Jo Admin",
                )
            _add_training(store)
            _add_programme(store)
            write_bundle_file(doc, folder / "bundle.json")
        finally:
            store.close()
            session.sign_out()
            connection._unlocked.clear()
    return path


def _add_training(store) -> None:
    """A training course with a trainee who has completed it and answered at baseline, so
    the Training page's buttons for a chosen trainee have work to do."""
    course = training.add_course(
        store,
        {
            "title": "10 Footsteps for link workers",
            "starts_on": "2026-11-02",
            "trainer": "Jo Admin",
            "sessions": [{"title": "Day one", "held_on": "2026-11-02"},
                         {"title": "Practice", "optional": True}],
        },
        "Jo Admin",
    )  # fmt: skip
    person = training.add_trainee(store, {"code": "SAM1", "name": "Sam Staff"}, "Jo Admin")
    enrolment = training.enrol(store, course["id"], person["id"], "Jo Admin")
    training.set_attendance(store, enrolment["id"], [course["sessions"][0]["id"]], "Jo Admin")
    training.mark_completed(store, enrolment["id"], "2026-11-02", "Jo Admin")
    answers = {code: 3 for code in training.rules.questionnaire().codes()}
    training.record_response(
        store,
        {"course_id": course["id"], "code": "SAM1", "time_point": "baseline",
         "answered_on": "2026-11-02", "answers": answers, "prior_resources": False},
        "Jo Admin",
    )  # fmt: skip


def _add_programme(store) -> None:
    """A programme of two sessions held, with two clients on it (one dropped out), so the
    Programmes page's buttons for a chosen client have work to do."""
    people = [c.client_id for c in groups.client_index(store)[:2]]
    sessions = []
    for days in (14, 7):
        held = groups.create_session(
            store,
            {"module": "t2_02", "venue": "Girlington Centre", "facilitator": "Cal Coach",
             "held_on": (TODAY - timedelta(days=days)).isoformat()},
            "Cal Coach",
        )  # fmt: skip
        groups.mark_attendance(store, held["id"], people[0], True, "Cal Coach", TODAY)
        sessions.append(held["id"])
    saved = programmes.add_programme(
        store,
        {"name": "Girlington autumn", "planned_sessions": 2,
         "starts_on": (TODAY - timedelta(days=14)).isoformat(), "session_ids": sessions},
        "Cal Coach",
    )  # fmt: skip
    enrolled = [programmes.enrol(store, saved["id"], p, "Cal Coach") for p in people]
    programmes.record_dropout(store, enrolled[1]["id"], "moved_away", "Cal Coach")


def _private(mp: pytest.MonkeyPatch, folder: Path) -> None:
    for name, value in FAST_ARGON2.items():
        mp.setenv(name, value)
    mp.setenv("PAINCLINIC_DATA_DIR", str(folder / "appdata"))
    mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    mp.setenv("XDG_DATA_HOME", str(folder / "data"))


def _wait(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        QApplication.processEvents()
        time.sleep(0.005)


def _answer_sign_in(password: str):
    def answer(dialog, presser: Presser) -> None:
        dialog.password.setText(password)
        presser.click("Sign in", dialog.sign_in_button)

    return answer


def _record_clients(window) -> list[str]:
    """An open client with the most on their record, and one who has left the service."""
    rows = window.caseload.state.rows
    open_rows = [r for r in rows if r.status == "open"]
    chosen = [max(open_rows, key=lambda r: (r.tier or 0, r.name)).client_id] if open_rows else []
    chosen += [r.client_id for r in rows if r.status == "discharged"][:1]
    return chosen


def walk_as(role: str, service: Path, folder: Path) -> Walk:
    """Sign in as ``role`` on a copy of the service database and press everything."""
    path = folder / service.name
    shutil.copy(service, path)
    shutil.copy(keys_path(service), keys_path(path))
    shutil.copy(service.parent / "bundle.json", folder / "bundle.json")
    name, password = ACCOUNTS[role]
    with pytest.MonkeyPatch.context() as mp:
        _private(mp, folder)
        store = accounts.sign_in(path, name, password)
        window = MainWindow(store)
        try:
            window.resize(1366, 768)
            window.show()
            loaded = []
            window.caseload_shown.connect(loaded.append)
            window.start()
            _wait(lambda: bool(loaded))
            presser = Presser(
                folder / "files",
                answers={"SignInDialog": _answer_sign_in(password)},
                open_files={".json": folder / "bundle.json"},
                skip=("Quit",),
                choose_rows=not os.environ.get("PAINCLINIC_PRESS_WITHOUT_CHOOSING"),
            )
            with presser:
                presser.keep_window(window)
                presser.press_menus(
                    window, restore=window.show_caseload, page=window.pages.currentWidget
                )
                for client_id in _record_clients(window):

                    def reopen(client_id=client_id):
                        window.open_client(client_id)
                        return window.record

                    presser.press_page("Client record", reopen)
                quit_action = next(
                    a for path, a, _ in menu_actions(window.menuBar()) if path[-1] == "Quit"
                )
                presser.press("File" + ARROW + "Quit", quit_action.trigger)
                assert not window.isVisible(), "File ▸ Quit left the window open"
            return presser.walk
        finally:
            window.close()
            window.deleteLater()
            QApplication.processEvents()
            if not store.is_locked:
                accounts.sign_out(store)
            session.sign_out()
            connection._unlocked.clear()


_walks: dict[str, Walk] = {}


@pytest.fixture(scope="module")
def walks(service, tmp_path_factory, qapp):
    def get(role: str) -> Walk:
        if role not in _walks:
            _walks[role] = walk_as(role, service, tmp_path_factory.mktemp(f"walk-{role}"))
        return _walks[role]

    yield get
    _walks.clear()


# One walk presses some 700 things, about 100 s on a quiet machine; a press that stops
# moving is caught by the walk itself after 30 s, so the whole walk may take its time on
# a slow or busy one.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("role", ROLES)
def test_every_action_and_button_works(walks, role):
    walk = walks(role)
    print(walk.summary())  # shown with -s, and beside a failure
    faults = [f for f in walk.faults if not _known(role, f.where)]
    assert not faults, f"{len(faults)} fault(s):\n" + "\n".join(map(str, faults))
    # The walk reached what a person reaches (so it cannot pass by pressing nothing).
    assert len(walk.pressed) > 100
    assert EXPECTED_DIALOGS.get(role, set()) <= walk.dialog_classes()


if KNOWN_FAULTS:  # (no empty parameter set, which would show as a skip in every run)

    @pytest.mark.parametrize(
        ("role", "where", "reason"),
        [pytest.param(*k, marks=pytest.mark.xfail(strict=True, reason=k[2])) for k in KNOWN_FAULTS],
    )
    def test_known_fault_is_fixed(walks, role, where, reason):
        assert not [f for f in walks(role).faults if where in f.where]
