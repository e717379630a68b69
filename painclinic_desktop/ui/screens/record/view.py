"""The client record page: a header that is always visible, then the timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ....core.dates import nhs_date
from ....core.medication import HIGH_DOSE_FLAG
from ....core.timeline import build_timeline
from ....services.caseload import ClientRecord
from ... import words
from ...icons import flag_pixmap
from ...text_size import heading_font
from .timeline_model import TimelineModel


class RecordView(QWidget):
    back_requested = Signal()
    clashes_requested = Signal(str)  # client id: settle this client's clashes

    def __init__(self, context=None, parent=None):
        super().__init__(parent)
        self.record: ClientRecord | None = None
        self.context = context
        self.sections: list = []
        self._build()

    def _build(self) -> None:
        self.back = QPushButton(self.tr("← Back to caseload"), self)
        self.back.setAccessibleName(self.tr("Back to caseload"))
        self.back.clicked.connect(self.back_requested)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back_requested.emit)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.name = QLabel(self)
        heading_font(self.name, 1.6)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts: dict[str, QLabel] = {}
        header = QFrame(self)
        header.setObjectName("recordHeader")
        header.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(header)
        grid.addWidget(self.name, 0, 0, 1, 6)
        labels = (
            ("nhs", self.tr("NHS number")),
            ("dob", self.tr("Date of birth")),
            ("gp", self.tr("GP practice")),
            ("tier", self.tr("Tier")),
            ("status", self.tr("Status")),
            ("staff", self.tr("Assigned to")),
        )
        for i, (key, caption) in enumerate(labels):
            title = QLabel(caption, header)
            title.setObjectName("factTitle")
            value = QLabel(header)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption)
            grid.addWidget(title, 1, i)
            grid.addWidget(value, 2, i)
            self.facts[key] = value
        self.flags_row = QHBoxLayout()
        grid.addLayout(self.flags_row, 3, 0, 1, 6)

        self.timeline = TimelineModel(self)
        self.timeline_table = QTableView(self)
        self.timeline_table.setModel(self.timeline)
        self.timeline_table.setAccessibleName(self.tr("Timeline"))
        self.timeline_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline_table.verticalHeader().setVisible(False)
        self.timeline_table.setAlternatingRowColors(True)
        self.timeline_table.setWordWrap(False)
        self.timeline_table.horizontalHeader().setStretchLastSection(True)
        self.timeline_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.timeline_table.setColumnWidth(0, 130)
        self.timeline_table.setColumnWidth(1, 260)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.timeline_table, self.tr("&Timeline"))
        self.tabs.setAccessibleName(self.tr("Parts of the client record"))
        self._stale: set = set()
        self.tabs.currentChanged.connect(lambda _: self._show_current_section())

        self.gp_summary = QPushButton(self.tr("&GP summary (PDF)…"), self)
        self.gp_summary.setToolTip(self.tr("A summary for the GP record, one or two pages"))
        self.gp_summary.clicked.connect(self._write_gp_summary)
        self.details = QPushButton(self.tr("Client &details…"), self)
        self.details.setToolTip(
            self.tr("Postcode, IMD decile, employment status and how long they have had pain")
        )
        self.details.clicked.connect(self._edit_details)
        self.clash_badge = QPushButton(self)
        self.clash_badge.setObjectName("clashBadge")
        self.clash_badge.setStyleSheet(
            "QPushButton#clashBadge { color: white; background: #b00020; font-weight: bold; "
            "padding: 3px 10px; border-radius: 4px; }"
        )
        self.clash_badge.setAccessibleName(self.tr("Clash on this record"))
        self.clash_badge.clicked.connect(
            lambda: (
                self.record is not None and self.clashes_requested.emit(self.record.client["id"])
            )
        )
        self.clash_badge.hide()
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addStretch(1)
        top.addWidget(self.clash_badge)
        top.addWidget(self.details)
        top.addWidget(self.gp_summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

    def show_record(self, record: ClientRecord) -> None:
        self.record = record
        client, row = record.client, record.row
        self.name.setText(f"{client['given_name']} {client['family_name']}")
        self.facts["nhs"].setText(row.nhs_number or self.tr("not recorded"))
        dob = client["date_of_birth"]
        age = self.tr(" (age %1)").replace("%1", str(row.age)) if row.age is not None else ""
        self.facts["dob"].setText(f"{nhs_date(dob)}{age}")
        self.facts["gp"].setText(client.get("gp_practice_name") or self.tr("not recorded"))
        self.facts["tier"].setText(words.tier(row.tier) or "—")
        self.facts["status"].setText(words.status(row.status))
        self.facts["staff"].setText(row.staff or "—")
        self._show_flags(record)
        self.timeline.set_entries(build_timeline(record.records))
        self._ensure_sections()
        # Pages that draw many charts say so (``lazy``) and are filled when their tab is
        # chosen, so opening a record stays quick; the others are filled now, so their
        # shortcuts work at once.
        self._stale = set()
        for section in self.sections:
            if getattr(section, "lazy", False):
                self._stale.add(section)
            else:
                section.show_record(record)
        self._show_current_section()

    def show_clashes(self, count: int) -> None:
        """The badge: this client's records hold ``count`` open clashes."""
        self.clash_badge.setText(
            self.tr("⚠ 1 clash — settle it…")
            if count == 1
            else self.tr("⚠ %1 clashes — settle them…").replace("%1", str(count))
        )
        self.clash_badge.setVisible(count > 0)

    def _show_current_section(self) -> None:
        section = self.tabs.currentWidget()
        if self.record is not None and section in self._stale:
            self._stale.discard(section)
            section.show_record(self.record)

    def _ensure_sections(self) -> None:
        if self.sections or self.context is None:
            return
        from .sections import section_classes

        for cls in section_classes():
            section = cls(self.context, self)
            self.sections.append(section)
            self.tabs.addTab(section, cls.title())

    def _edit_details(self) -> None:
        from .details_dialog import ClientDetailsDialog

        if self.record is None or self.context is None:
            return
        dialog = ClientDetailsDialog(self.context, self.record.client, self)
        if dialog.exec() == ClientDetailsDialog.DialogCode.Accepted:
            self.context.reload()

    def _write_gp_summary(self) -> None:
        from pathlib import Path

        from ....services.client_reports import suggested_file_name
        from ....services.service_settings import SAVE_DIALOG
        from ...ops import store_op
        from ...save_places import GP_SUMMARY, ask_save_path, offer_to_open

        if self.record is None or self.context is None:
            return
        client_id = self.record.client["id"]
        # Named as the service chose for save dialogs (anonymous unless chosen otherwise:
        # the name lands in the computer's recent-files list).
        suggested = suggested_file_name(self.context.store, client_id, "gp_summary", SAVE_DIALOG)
        name = ask_save_path(
            self,
            GP_SUMMARY,
            self.tr("Save the GP summary"),
            suggested,
            self.tr("PDF (*.pdf)"),
            ".pdf",
        )
        if not name:
            return
        db_path, staff = self.context.store.path, self.context.staff()

        def work(store, _progress):
            from ....services.client_reports import write_gp_summary_for

            write_gp_summary_for(store, client_id, name, staff)
            return Path(name)

        store_op(
            self,
            db_path,
            work,
            lambda path: offer_to_open(self, path, self.tr("The GP summary")),
            label=self.tr("Writing the GP summary…"),
        )

    def _show_flags(self, record: ClientRecord) -> None:
        while self.flags_row.count():
            item = self.flags_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        open_flags = [f for f in record.records["flags"] if not f.get("cleared_on")]
        for flag in open_flags:
            icon = QLabel(self)
            icon.setPixmap(flag_pixmap(flag["kind"], 20))
            text = QLabel(words.flag(flag["kind"]), self)
            if flag["kind"] == "risk":
                text.setStyleSheet("color: #b00020; font-weight: bold;")
            tip = " · ".join(filter(None, (flag.get("raised_on"), flag.get("raised_by"))))
            text.setToolTip(tip)
            text.setAccessibleName(words.flag(flag["kind"]))
            self.flags_row.addWidget(icon)
            self.flags_row.addWidget(text)
            self.flags_row.addSpacing(12)
        derived = [k for k in record.row.flags if k == HIGH_DOSE_FLAG]
        for kind in derived:  # from the current regimen: see the Medicines tab
            icon = QLabel(self)
            icon.setPixmap(flag_pixmap(kind, 20))
            text = QLabel(words.flag(kind), self)
            text.setStyleSheet("font-weight: bold;")
            text.setToolTip(self.tr("From the current regimen: see the Medicines tab"))
            text.setAccessibleName(words.flag(kind))
            self.flags_row.addWidget(icon)
            self.flags_row.addWidget(text)
            self.flags_row.addSpacing(12)
        if not open_flags and not derived:
            self.flags_row.addWidget(QLabel(self.tr("No open flags"), self))
        self.flags_row.addStretch(1)
