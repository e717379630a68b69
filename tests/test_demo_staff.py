"""On the demo caseload the person practising works as one of its named, made-up coaches:
what they print says "Prepared by" that name, never the computer's login ("root")."""

from __future__ import annotations

import getpass
import sqlite3

import pytest
from pypdf import PdfReader

from painclinic_desktop.cli import main
from painclinic_desktop.core.demo import demo_staff
from painclinic_desktop.services import session
from painclinic_desktop.services.demo import practice_staff, practise_as_demo_staff
from painclinic_desktop.store.database import open_store


@pytest.fixture(autouse=True)
def _logged_in_as_root(monkeypatch):
    monkeypatch.delenv("PAINCLINIC_STAFF", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    yield
    session.sign_out()


def test_the_practice_name_is_one_of_the_demos_coaches():
    coaches = [m["name"] for m in demo_staff() if m["role"] == "health_coach"]
    assert practice_staff() in coaches


def test_a_gp_summary_from_the_demo_is_prepared_by_a_demo_coach(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--clients", "5", "--db", str(db)]) == 0
    session.sign_out()
    (client_id,) = sqlite3.connect(db).execute("SELECT id FROM clients LIMIT 1").fetchone()
    out = tmp_path / "gp.pdf"
    assert main(["--db", str(db), "gp-summary", "--client", client_id, "--out", str(out)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert f"Prepared by {practice_staff()}" in text
    assert "root" not in text


def test_a_practice_database_that_is_not_the_demo_keeps_its_rules(tmp_path):
    store = open_store(tmp_path / "practice.db", create=True)
    practise_as_demo_staff(store)
    assert session.signed_in() is None  # only the demo caseload works as its made-up coach
    store.close()


def test_the_desktop_app_on_the_demo_prints_as_a_demo_coach(tmp_path):
    from painclinic_desktop.services.client_reports import write_gp_summary_for
    from painclinic_desktop.services.demo import load_demo
    from painclinic_desktop.ui import application

    path = tmp_path / "demo.db"
    store = open_store(path, create=True)
    load_demo(store, clients=3)
    application.opened(store, path)  # what start-up does with the database it opened
    assert session.current_staff() == practice_staff()
    (client_id,) = store.conn.execute("SELECT id FROM clients LIMIT 1").fetchone()
    out = tmp_path / "gp.pdf"
    write_gp_summary_for(store, client_id, out, session.current_staff())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert f"Prepared by {practice_staff()}" in text and "root" not in text
    store.close()
