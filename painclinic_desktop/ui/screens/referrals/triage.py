"""Triage: referrals waiting for a decision (longest waiting first), and rows of referral files
held back for correction. Accept (assigning a coach), decline with the reason, or signpost
elsewhere saying where; correct a held row in the intake form or set it aside."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ....services import referrals
from ....services.accounts import can_manage_accounts, has_accounts
from ... import client_words as more_words
from ... import words
from ...errors import show_error
from ...fit import fit_to_screen
from ...widgets.quick_form import (
    DATE,
    EDITABLE_CHOICE,
    NOTE,
    TEXT,
    FormField,
    QuickForm,
    open_dialog,
)
from ...widgets.rows_model import RowsModel
from ...widgets.table import current_key, make_table, on_row_chosen
from .held import held_reason

LONG_WAIT_DAYS = 14  # waits longer than this are shown in red


def known_words(p: referrals.PendingReferral) -> str:
    """Whether the person is new to the service, open now, or coming back after discharge."""
    e = p.episode
    if e.is_open:
        return _t("Open now, %1").replace("%1", words.tier(e.tier))
    if e.discharged_on:
        return _t("Re-referral: discharged %1").replace("%1", more_words.uk_date(e.discharged_on))
    if p.referred_before:
        return _t("Referred before")
    return _t("New")


def _t(text: str) -> str:
    return QCoreApplication.translate("TriageDialog", text)


class TriageDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.changed = False
        self.new_client: str | None = None  # the last client registered from here
        self.setWindowTitle(_t("Referrals: triage"))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._pending_page(), "")
        self.tabs.addTab(self._held_page(), "")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        fit_to_screen(self, 1180, 620)
        self.refresh()
        self.pending_table.setFocus()

    def _buttons(self, page: QWidget, specs) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in specs:
            button = QPushButton(text, page)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _pending_page(self) -> QWidget:
        page = QWidget(self)
        self.pending = RowsModel(
            [
                _t("Received"),
                _t("Waiting"),
                _t("Name"),
                _t("Born"),
                _t("NHS number"),
                _t("Known to the service"),
                _t("Source"),
                _t("Reason"),
            ],
            page,
            cell_tips=True,
            bold_warn=False,
        )
        self.pending_table = make_table(page, self.pending, _t("Referrals awaiting triage"))
        for column, width in enumerate((95, 70, 170, 95, 110, 200, 120)):
            self.pending_table.setColumnWidth(column, width)
        on_row_chosen(self.pending_table, self.accept_referral)
        self.pending_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_selected()
        )
        self.detail = QLabel(page)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setObjectName("referralDetail")
        self.detail.setMinimumHeight(70)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setAccessibleName(_t("The selected referral in full"))
        layout = QVBoxLayout(page)
        layout.addLayout(
            self._buttons(
                page,
                (
                    (_t("&Accept…"), self.accept_referral),
                    (_t("&Decline…"), self.decline_referral),
                    (_t("&Signpost elsewhere…"), self.signpost_referral),
                    (_t("&New referral…"), self.new_referral),
                    (_t("&Import a file…"), self.import_file),
                ),
            )
        )
        layout.addWidget(self.pending_table, 1)
        layout.addWidget(self.detail)
        self.pending_hint = QLabel(page)
        layout.addWidget(self.pending_hint)
        return page

    def _held_page(self) -> QWidget:
        page = QWidget(self)
        self.held = RowsModel(
            [_t("File"), _t("Row"), _t("Name"), _t("Problems"), _t("Held on")],
            page,
            cell_tips=True,
            bold_warn=False,
        )
        self.held_table = make_table(page, self.held, _t("Rows held back from files"))
        for column, width in enumerate((160, 50, 180, 560)):
            self.held_table.setColumnWidth(column, width)
        on_row_chosen(self.held_table, self.correct_held)
        layout = QVBoxLayout(page)
        layout.addLayout(
            self._buttons(
                page,
                (
                    (_t("&Correct in the form…"), self.correct_held),
                    (_t("Set &aside…"), self.set_aside_held),
                ),
            )
        )
        layout.addWidget(self.held_table, 1)
        return page

    def refresh(self) -> None:
        found = referrals.pending_referrals(self.context.store)
        self.found = {p.referral["id"]: p for p in found}
        self.pending.set_rows(
            [
                (
                    more_words.uk_date(p.referral["received_on"]),
                    words.counted(p.days_waiting, _t("1 day"), _t("%1 days")),
                    p.name,
                    more_words.uk_date(p.date_of_birth),
                    p.nhs_number or _t("not recorded"),
                    known_words(p),
                    words.referral_source(p.referral["source"]),
                    (p.referral.get("reason") or "").replace("\n", " "),
                )
                for p in found
            ],
            [p.referral["id"] for p in found],
            {i for i, p in enumerate(found) if p.days_waiting > LONG_WAIT_DAYS},
        )
        held = referrals.held_rows(self.context.store)
        self.held.set_rows(
            [
                (
                    h.file_name,
                    str(h.row_number),
                    f"{h.values.get('given_name', '')} {h.values.get('family_name', '')}".strip(),
                    "; ".join(
                        f"{more_words.field_label(p['field'])}: {held_reason(p)}"
                        for p in h.problems
                    ),
                    more_words.uk_date(h.held_on),
                )
                for h in held
            ],
            held,
        )
        self.tabs.setTabText(0, _t("Awaiting &triage (%1)").replace("%1", str(len(found))))
        self.tabs.setTabText(1, _t("&Held back from files (%1)").replace("%1", str(len(held))))
        self.pending_hint.setText(
            _t("Enter accepts the selected referral. Waits over %1 days are shown in red.").replace(
                "%1", str(LONG_WAIT_DAYS)
            )
            if found
            else _t("No referrals are waiting for triage.")
        )
        if found:
            self.pending_table.selectRow(0)
        self._show_selected()
        if held:
            self.held_table.selectRow(0)

    def _changed(self) -> None:
        self.changed = True
        self.refresh()

    def _show_selected(self) -> None:
        p = self.found.get(current_key(self.pending_table) or "")
        if p is None:
            self.detail.setText("")
            return
        r = p.referral
        lines = [
            f"<b>{escape(p.name)}</b> — {escape(known_words(p))}",
            escape(
                _t("From %1%2, received %3")
                .replace("%1", words.referral_source(r["source"]))
                .replace("%2", f" ({r['referrer_name']})" if r.get("referrer_name") else "")
                .replace("%3", more_words.uk_date(r["received_on"]))
            ),
            escape(r.get("reason") or _t("No reason given.")).replace("\n", "<br>"),
        ]
        self.detail.setText("<br>".join(lines))

    # --- decisions ----------------------------------------------------------------------

    def _decide(self, decision: str, fields: list[FormField], title: str) -> None:
        referral_id = current_key(self.pending_table)
        if referral_id is None:
            return
        store, staff = self.context.store, self.context.staff()

        def save(v):
            return referrals.triage(
                store,
                referral_id,
                decision,
                staff,
                on=v["on"],
                note=v.get("note"),
                coach=v.get("coach"),
            )

        name = escape(self.pending.rows[self.pending_table.currentIndex().row()][2])
        form = QuickForm(
            title, f"<b>{name}</b>", fields, save, self, more_words.triage_decision(decision)
        )
        client_id = self.found[referral_id].referral.get("client_id")
        form.keep_drafts(store, client_id, f"triage_{decision}_{referral_id}")
        open_dialog(self, form, self._changed)

    def accept_referral(self) -> None:
        names = referrals.staff_names(self.context.store)
        # A service database with no coach account yet: say how to add one. (A practice
        # database has no accounts: a name is typed, as before.)
        if not names and has_accounts(self.context.store) and not self._nobody_to_assign():
            return
        coaches = [("", None)] + [(n, n) for n in names]
        self._decide(
            "accepted",
            [
                FormField("on", _t("&Date:"), DATE, errors_for=("outcome_on",)),
                FormField(
                    "coach",
                    _t("Assign to &coach:"),
                    EDITABLE_CHOICE,
                    coaches,
                    hint=_t("Type a name, or choose"),
                ),
            ],
            _t("Accept the referral"),
        )

    def _nobody_to_assign(self) -> bool:
        """No coach yet (a new service): say who can hold a caseload and how to add one.
        True to go on and accept without a coach."""
        from ....core import permissions
        from ...widgets.who_can import who_records

        admin = can_manage_accounts(self.context.store)
        box = QMessageBox(QMessageBox.Icon.Information, _t("Nobody to assign yet"), "", parent=self)
        box.setText(
            _t("There is nobody to assign this referral to yet.")
            + " "
            + who_records(_t("hold a caseload"))
            + " "
            + (
                _t("Add a coach in Admin ▸ Accounts, then accept the referral.")
                if admin
                else _t("Ask your admin to add an account for the coach.")
            )
        )
        add = box.addButton(_t("Add a &coach…"), QMessageBox.ButtonRole.ActionRole)
        add.setVisible(admin)
        go_on = box.addButton(_t("Accept &without a coach"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(add if admin else go_on)
        box.exec()
        if box.clickedButton() is add:
            window = self.parentWidget()
            while window is not None and not hasattr(window, "open_accounts"):
                window = window.parentWidget()
            if window is not None:
                window.open_accounts(add_role=permissions.COACH, over=self)
            return False
        return box.clickedButton() is go_on

    def decline_referral(self) -> None:
        self._decide(
            "declined",
            [
                FormField("on", _t("&Date:"), DATE, errors_for=("outcome_on",)),
                FormField(
                    "note",
                    _t("&Why:"),
                    NOTE,
                    hint=_t("e.g. pain for less than 3 months"),
                    errors_for=("decline_reason",),
                ),
            ],
            _t("Decline the referral"),
        )

    def signpost_referral(self) -> None:
        self._decide(
            "signposted_elsewhere",
            [
                FormField("on", _t("&Date:"), DATE, errors_for=("outcome_on",)),
                FormField(
                    "note",
                    _t("&Where to:"),
                    TEXT,
                    hint=_t("e.g. hospital pain clinic"),
                    errors_for=("decline_reason",),
                ),
            ],
            _t("Signpost elsewhere"),
        )

    def new_referral(self) -> None:
        from .intake import IntakeDialog

        intake = IntakeDialog(self.context, self)

        def saved() -> None:
            if intake.saved:
                self.new_client = intake.saved["client_id"]  # shown in the caseload after
            self._changed()

        open_dialog(self, intake, saved)

    def import_file(self) -> None:
        from .import_wizard import ImportWizard

        open_dialog(self, ImportWizard(self.context, self), on_finished=self._changed)

    # --- held rows ----------------------------------------------------------------------

    def correct_held(self) -> None:
        from .intake import IntakeDialog

        held = current_key(self.held_table)
        if held is not None:
            open_dialog(self, IntakeDialog(self.context, self, held=held), self._changed)

    def set_aside_held(self) -> None:
        held = current_key(self.held_table)
        if held is None:
            return
        answer = QMessageBox.question(
            self,
            _t("Set the row aside"),
            _t(
                "Set row %1 of %2 aside without importing it? Do this only when the referral is "
                "not needed (for example it was sent twice). It stays on record as set aside."
            )
            .replace("%1", str(held.row_number))
            .replace("%2", held.file_name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            referrals.resolve_held(self.context.store, held.id, "set_aside", self.context.staff())
        except Exception as exc:  # noqa: BLE001 — worded by errors.py
            show_error(self, exc)
            return
        self.changed = True
        self.refresh()
