"""Starting the desktop app on a service database: sign in first; a new one is set up with an
admin and a recovery key shown once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from painclinic_desktop.core.security_errors import SignInRequired
from painclinic_desktop.services import accounts, session
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui.set_up import RecoveryKeyDialog, SetUpDialog
from tests.factories import in_a_process

from .conftest import ADMIN, PASSWORDS


def _desktop(service, password):
    return in_a_process(
        "-m", "painclinic_desktop", "--db", service.path, "--smoke-test",
        PAINCLINIC_USER=ADMIN, PAINCLINIC_PASSWORD=password,
    )  # fmt: skip


def test_the_app_opens_a_service_database_only_after_signing_in(service):
    refused = _desktop(service, "not the password")
    # The same plain words as ever, though the password is now checked on a worker while
    # the window's modules are imported.
    assert refused.returncode == 1
    assert refused.stderr.strip() == "smoke test failed: The name or password is not right."
    opened = _desktop(service, PASSWORDS["admin"])
    assert opened.returncode == 0, opened.stderr
    assert "caseload of 0 clients shown" in opened.stdout
    store = service.sign_in()
    actions = [r[0] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert [a for a in actions if a != "chain_signed"][-4:] == [
        "sign_in_failed",
        "sign_in",
        "sign_out",
        "sign_in",
    ]
    store.close()


def test_setting_up_creates_an_encrypted_database_and_its_admin(tmp_path, qtbot):
    path = tmp_path / "new" / "painclinic.db"
    dialog = SetUpDialog(path)
    qtbot.addWidget(dialog)
    dialog.name.setText("Jo Admin")
    dialog.password.setText("a long admin phrase")
    dialog.again.setText("a different phrase")
    dialog.try_create()
    assert "not the same" in dialog.message.text() and not path.exists()
    dialog.again.setText("a long admin phrase")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.try_create()
    store, recovery_key = dialog.created
    assert session.signed_in() == session.SignedIn("Jo Admin", "admin")
    accounts.sign_out(store)  # as the app does on closing: the key is forgotten
    with pytest.raises(SignInRequired):
        open_store(path)
    accounts.recover(path, recovery_key, "Jo Admin", "recovered phrase 1").close()


def test_the_recovery_key_dialog_waits_for_a_tick_that_it_was_written_down(qtbot):
    dialog = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.reject()  # Esc does not get past it either
    assert dialog.result() == 0 and not ok.isEnabled()
    dialog.kept.setChecked(True)
    assert ok.isEnabled()
