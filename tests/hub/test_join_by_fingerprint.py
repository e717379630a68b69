"""Joining a hub by the CA's fingerprint read out by IT, with no certificate file: the hub's
CA is fetched from the hub itself, pinned when its SHA-256 fingerprint is the one typed, and
the laptop then connects with verify-full as always. A wrong fingerprint refuses clearly and
leaves nothing behind: no database, no certificate, nothing in the temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWizard

from painclinic_desktop import cli
from painclinic_desktop.services import session, sync, sync_status
from painclinic_desktop.store import hub_certificate, outbox
from painclinic_desktop.store.database import reopen
from painclinic_desktop.ui.first_run import FirstRunGuide
from tests import factories as f

from .laptops import LOCAL_PASSWORD

WRONG = ":".join(["AB"] * 32)


def _bare_url(hub, login: str) -> str:
    """The hub's address as IT reads it out: no certificate file named."""
    return f"postgresql://{login}@127.0.0.1:{hub.cluster.port}/{hub.name}?sslmode=verify-full"


def _ca_fingerprint(hub) -> str:
    return sync_status.ca_fingerprint(hub.cluster.ca.read_text())


def _server_fingerprint(hub) -> str:
    server = (hub.cluster.base / "server.crt").read_text()
    first = server[: server.index("-----END CERTIFICATE-----") + 25]
    return sync_status.ca_fingerprint(first)


@pytest.fixture
def own_temp(tmp_path, monkeypatch):
    """The process's temporary folder, watched: nothing may be left in it."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def bob(team, monkeypatch):
    ann = team("ann")
    ann.add("clients", f.client("ayesha"))
    ann.sync()
    person = team("bob", join=False)
    monkeypatch.setenv("PAINCLINIC_HUB_USER", person.login)
    monkeypatch.setenv("PAINCLINIC_HUB_PASSWORD", person.hub_password)
    monkeypatch.setenv("PAINCLINIC_PASSWORD", LOCAL_PASSWORD)
    monkeypatch.setenv("PAINCLINIC_USER", person.login)
    return person


def test_the_hub_presents_its_ca_and_it_is_found_by_fingerprint(hub_db):
    url = _bare_url(hub_db, "nobody")
    chain = hub_certificate.presented_chain(url)
    assert len(chain) == 2  # its own certificate, then the CA's
    typed = _ca_fingerprint(hub_db).replace(":", " ").lower()
    pem = hub_certificate.ca_by_fingerprint(url, typed)
    assert sync_status.ca_fingerprint(pem) == _ca_fingerprint(hub_db)


def test_join_by_the_fingerprint_alone_pins_the_ca_and_syncs(bob, tmp_path, own_temp, capsys):
    db = tmp_path / "bob.db"
    typed = _ca_fingerprint(bob.hub).lower()  # as typed: case does not matter
    code = cli.main(["join", "--hub", _bare_url(bob.hub, bob.login), "--ca-fingerprint", typed,
                     "--db", str(db)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    with reopen(db) as store:
        pinned = outbox.state(store, "hub_ca")
        assert pinned.strip() == bob.hub.cluster.ca.read_text().strip()
        assert store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    assert list(own_temp.iterdir()) == []
    # Later syncs need neither the address nor the fingerprint: the pinned CA is used.
    assert cli.main(["sync", "--json", "--db", str(db)]) == 0


def _nothing_left(folder: Path, own_temp: Path) -> None:
    assert list(folder.iterdir()) == []
    assert list(own_temp.iterdir()) == []


@pytest.mark.parametrize(
    "fingerprint, said",
    [
        (WRONG, "do not match the fingerprint you typed"),
        ("3A:F0:12", "64 hexadecimal characters"),
        (None, "server's own certificate, not its CA's"),  # the server's, not the CA's
    ],
)
def test_a_wrong_fingerprint_refuses_and_leaves_nothing(
    bob, tmp_path, own_temp, capsys, fingerprint, said
):
    fingerprint = fingerprint or _server_fingerprint(bob.hub)
    folder = tmp_path / "bob"
    folder.mkdir()
    db = folder / "bob.db"
    code = cli.main(["join", "--hub", _bare_url(bob.hub, bob.login), "--ca-fingerprint",
                     fingerprint, "--db", str(db)])  # fmt: skip
    assert code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert said in err
    _nothing_left(folder, own_temp)
    # The hub never saw this login connect (nothing of the person's was sent).
    logged_in = bob.hub.owner(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (bob.login,)
    )
    assert logged_in == [(0,)]


def test_a_certificate_file_that_does_not_match_the_fingerprint_refuses(
    bob, tmp_path, own_temp, capsys
):
    folder = tmp_path / "bob"
    folder.mkdir()
    db = folder / "bob.db"
    code = cli.main(["join", "--hub", bob.hub.login_url(bob.login), "--ca-fingerprint", WRONG,
                     "--db", str(db)])  # fmt: skip
    assert code == 2
    assert "does not match the fingerprint" in capsys.readouterr().err
    _nothing_left(folder, own_temp)


def test_a_server_that_offers_no_tls_is_refused(tmp_path, own_temp):
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def answer_no() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(8)
            conn.sendall(b"N")

    thread = threading.Thread(target=answer_no, daemon=True)
    thread.start()
    url = f"postgresql://someone@127.0.0.1:{port}/svc?sslmode=verify-full"
    with pytest.raises(sync.HubUnavailable, match="does not offer TLS"):
        sync.join(tmp_path / "x.db", url, "someone", "pw", LOCAL_PASSWORD, None, WRONG)
    thread.join(5)
    listener.close()
    assert not (tmp_path / "x.db").exists()


def _guide_join(qtbot, tmp_path, hub, login, password, fingerprint):
    guide = FirstRunGuide(tmp_path / "data")
    qtbot.addWidget(guide)
    guide.show()
    (join,) = [b for b in guide.service.findChildren(QPushButton) if "Join my" in b.text()]
    qtbot.mouseClick(join, Qt.MouseButton.LeftButton)
    page = guide.join
    qtbot.keyClicks(page.address, f"127.0.0.1:{hub.cluster.port}/{hub.name}")
    qtbot.keyClicks(page.fingerprint, fingerprint)  # no certificate file chosen
    qtbot.keyClicks(page.login, login)
    qtbot.keyClicks(page.hub_password, password)
    qtbot.keyClicks(page.password, LOCAL_PASSWORD)
    qtbot.keyClicks(page.again, LOCAL_PASSWORD)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.store is not None or not page.busy, timeout=60_000)
    return guide, page


def _let_go(qtbot, guide) -> None:
    """Close the guide and free what it held now, on the GUI thread, while the objects its
    worker left behind are whole (not in a later test's Qt call)."""
    import gc

    guide.close()
    qtbot.wait(50)
    gc.collect()


def test_join_through_the_guide_by_fingerprint(qtbot, bob, tmp_path, own_temp):
    typed = _ca_fingerprint(bob.hub)
    guide, page = _guide_join(qtbot, tmp_path, bob.hub, bob.login, bob.hub_password, typed)
    assert page.store is not None, page.message.text()
    finish = guide.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    store = page.store
    assert sync_status.details(store).fingerprint == typed
    assert store.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert guide.outcome.store is store
    assert list(own_temp.iterdir()) == []
    _let_go(qtbot, guide)
    store.close()


def test_the_guide_refuses_a_wrong_fingerprint_and_keeps_nothing(qtbot, bob, tmp_path, own_temp):
    guide, page = _guide_join(qtbot, tmp_path, bob.hub, bob.login, bob.hub_password, WRONG)
    assert page.store is None
    assert "do not match the fingerprint you typed" in page.message.text()
    assert not guide.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not (tmp_path / "data").exists() or list((tmp_path / "data").iterdir()) == []
    assert list(own_temp.iterdir()) == []
    # Put right, the same page joins.
    page.fingerprint.clear()
    qtbot.keyClicks(page.fingerprint, _ca_fingerprint(bob.hub))
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.store is not None or not page.busy, timeout=60_000)
    assert page.store is not None, page.message.text()
    store = page.store
    _let_go(qtbot, guide)
    store.close()


def test_service_hub_connects_an_existing_laptop_by_fingerprint(
    qtbot, bob, tmp_path, own_temp, monkeypatch
):
    from painclinic_desktop.services.accounts import create_service_database
    from painclinic_desktop.ui.main_window import MainWindow
    from painclinic_desktop.ui.screens.hub.page import HubDialog

    store, _ = create_service_database(tmp_path / "own.db", bob.login, LOCAL_PASSWORD)
    session.sign_in_as(bob.login, "admin")
    window = MainWindow(store)
    qtbot.addWidget(window)
    dialog = HubDialog(window, window.hub_sync)  # deletes itself when closed
    errors = []
    monkeypatch.setattr(HubDialog.__module__ + ".show_error", lambda _p, e: errors.append(str(e)))
    try:
        qtbot.keyClicks(dialog.address, f"127.0.0.1:{bob.hub.cluster.port}/{bob.hub.name}")
        qtbot.keyClicks(dialog.fingerprint, WRONG)
        qtbot.keyClicks(dialog.login, bob.login)
        qtbot.keyClicks(dialog.password, bob.hub_password)
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.connect_button.isEnabled() and bool(errors), timeout=30_000)
        assert "do not match the fingerprint you typed" in errors[0]
        assert not sync_status.is_joined(store) and outbox.state(store, "hub_ca") is None

        dialog.fingerprint.clear()
        qtbot.keyClicks(dialog.fingerprint, _ca_fingerprint(bob.hub))
        assert dialog.password.text() == bob.hub_password  # kept to try again
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: sync_status.is_joined(store) or len(errors) > 1, timeout=30_000)
        assert errors[1:] == []
        qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=30_000)
        assert sync_status.details(store).fingerprint == _ca_fingerprint(bob.hub)
    finally:
        dialog.close()
        window.close()
