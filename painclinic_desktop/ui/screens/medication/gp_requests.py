"""The "GP requests" part of a client record: actions requested of the GP, each with its
status (requested, done, declined, withdrawn). They print on the GP summary."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ....core import permissions
from ....core.codes import GP_ACTION_STATUSES
from ....core.dates import nhs_date
from ....core.gp_actions import current_status
from ....services import gp_actions, session
from ...client_words import who
from ...widgets.button_row import button_row
from ...widgets.quick_form import CHOICE, DATE, NOTE, TEXT, FormField, QuickForm, open_dialog
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, selected_key


def _t(text: str) -> str:
    return QCoreApplication.translate("medication", text)


def status_words(code: str) -> str:
    return {
        "requested": _t("Requested"),
        "done": _t("Done"),
        "declined": _t("Declined"),
        "withdrawn": _t("Withdrawn"),
    }.get(code, code)


class GpRequestsSection(QWidget):
    @staticmethod
    def title() -> str:
        return _t("GP reque&sts")

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.client_id: str | None = None
        self.allowed = session.can(permissions.VIEW_CLINICAL)
        intro = QLabel(
            _t(
                "What the GP is asked to do. Requests still open print on the GP summary "
                'under "Actions requested of the GP"; each change of status is kept.'
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model = RowsModel(
            [_t("Request"), _t("Asked on"), _t("By"), _t("Status"), _t("Since"), _t("Note")],
            self,
        )
        self.table = make_table(
            self,
            self.model,
            _t("Actions requested of the GP"),
            (360, 100, 130, 90, 100),
            empty=_t("Nothing requested of the GP."),
        )
        self.table.activated.connect(lambda _: self.change_status())
        actions, self.buttons = button_row(
            self,
            (
                ("ask", _t("Ask the GP…"), self.ask),
                ("status", _t("Change status…"), self.change_status),
            ),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self.setEnabled(self.allowed)

    def show_record(self, record) -> None:
        self.client_id = record.client["id"]
        self._show()

    def _show(self) -> None:
        if not self.allowed or self.client_id is None:
            return
        found = gp_actions.actions(self.context.store, self.client_id)
        rows = []
        for action in found:
            status, since = current_status(action)
            notes = [h.get("note") for h in action.get("history") or [] if h.get("note")]
            rows.append(
                (
                    action["text"],
                    nhs_date(action["requested_on"]),
                    action.get("requested_by") or "",
                    status_words(status),
                    nhs_date(since),
                    notes[-1] if notes else "",
                )
            )
        self.model.set_rows(rows, [a["id"] for a in found])
        editing = session.can(permissions.EDIT_CLINICAL)
        self.buttons["ask"].setEnabled(editing)
        self.buttons["status"].setEnabled(editing and bool(found))

    def ask(self) -> None:
        if self.client_id is None:
            return
        client_id = self.client_id
        fields = [
            FormField(
                "text",
                _t("&Request:"),
                NOTE,
                hint=_t("e.g. Please review the opioid regimen with a view to reduction"),
                errors_for=("text",),
            ),
            FormField("on", _t("&Asked on:"), DATE, errors_for=("requested_on",)),
        ]

        def save(v):
            return gp_actions.request(
                self.context.store, client_id, v["text"], self.context.staff(), on=v["on"]
            )

        form = QuickForm(
            _t("Ask the GP"), who(self.context, client_id), fields, save, self, _t("Save request")
        )
        open_dialog(self, form, self.context.reload)

    def change_status(self) -> None:
        if self.client_id is None or not self.buttons["status"].isEnabled():
            return
        found = gp_actions.actions(self.context.store, self.client_id)
        fields = [
            FormField(
                "action",
                _t("&Request:"),
                CHOICE,
                [(a["text"][:80], a["id"]) for a in found],
                default=selected_key(self.table),
            ),
            FormField(
                "status",
                _t("&Status:"),
                CHOICE,
                [(status_words(s), s) for s in GP_ACTION_STATUSES],
                default="done",
                errors_for=("status",),
            ),
            FormField("note", _t("&Note:"), TEXT, hint=_t("Optional: e.g. what the GP said")),
            FormField("on", _t("&Date:"), DATE, errors_for=("on",)),
        ]

        def save(v):
            return gp_actions.set_status(
                self.context.store, v["action"], v["status"], self.context.staff(),
                on=v["on"], note=v["note"],
            )  # fmt: skip

        form = QuickForm(
            _t("Change the status of a request"),
            who(self.context, self.client_id),
            fields,
            save,
            self,
            _t("Save"),
        )
        open_dialog(self, form, self.context.reload)
