"""Client details: address, postcode, IMD decile (filled from the postcode lookup, editable always),
employment status and how long they have had pain."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from ....core.errors import InvalidInput, PainClinicError
from ....services import client_details
from ...errors import show_error
from ...widgets.area_fields import AreaFields
from ...widgets.form_errors import FormErrors


class ClientDetailsDialog(QDialog):
    def __init__(self, context, client: dict, parent=None):
        super().__init__(parent)
        self.context, self.client = context, client
        self.saved: dict | None = None
        self.setWindowTitle(self.tr("Client details"))
        self.errors = FormErrors(self, self.tr("All put right: press Save."))
        form = QFormLayout()
        self.address = QPlainTextEdit(client.get("address") or "", self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 12)
        self.postcode = QLineEdit(client.get("postcode") or "", self)
        self.area = AreaFields(context.store, self)
        self.area.set_values(client)
        self.area.follow(self.postcode)
        for key, text, widget in (
            ("address", self.tr("Addr&ess:"), self.address),
            ("postcode", self.tr("&Postcode:"), self.postcode),
            ("imd_decile", self.tr("IMD &decile:"), self.area.decile),
            ("employment_status", self.tr("&Employment:"), self.area.employment),
            ("pain_duration_months", self.tr("Pain for (&months):"), self.area.pain_months),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(caption, self.errors.field(key, text, widget))
            if key == "imd_decile":
                form.addRow("", self.area.found)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        form.insertRow(0, self.errors.summary)
        form.addRow(buttons)
        self.setLayout(form)

    def values(self) -> dict:
        return {
            "address": self.address.toPlainText(),
            "postcode": self.postcode.text(),
            **self.area.values(),
        }

    def try_save(self) -> None:
        try:
            self.saved = client_details.change_details(
                self.context.store, self.client["id"], self.values(), self.context.staff()
            )
        except InvalidInput as exc:
            self.errors.show(exc.problems or [(None, str(exc))])
            return
        except PainClinicError as exc:
            self.errors.show([(None, str(exc))])
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.accept()
