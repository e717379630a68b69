"""The caseload screen: type-ahead search, filters and the table of clients."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....core import caseload as rules
from ....core.codes import FLAG_KINDS
from ....core.medication import HIGH_DOSE_FLAG
from ....services.caseload import CaseloadRow
from ... import words
from ...text_size import heading_font
from .model import CLIENT_ID_ROLE, CaseloadModel
from .state import CaseloadState

COLUMN_WIDTHS = (180, 110, 45, 60, 115, 140, 100, 100, 90)  # the columns' own widths


class CaseloadView(QWidget):
    client_opened = Signal(str)  # client id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = CaseloadState()
        self.loading = False  # only the first screen is shown; the rest is on its way
        self.model = CaseloadModel(self.state, self)
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name or NHS number…"))
        self.search.setAccessibleName(self.tr("Search the caseload"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self._search_changed)

        self.status_filter = self._combo(
            self.tr("Status"),
            [(self.tr("All statuses"), None)] + [(words.status(s), s) for s in rules.STATUSES],
        )
        self.status_filter.setCurrentIndex(1 + rules.STATUSES.index("open"))
        self.tier_filter = self._combo(
            self.tr("Tier"),
            [(self.tr("All tiers"), None)] + [(words.tier(t), t) for t in (1, 2, 3)],
        )
        self.staff_filter = self._combo(self.tr("Assigned to"), [(self.tr("Everyone"), None)])
        self.flag_filter = self._combo(
            self.tr("Flag"),
            [(self.tr("Any or no flag"), None)]
            + [(words.flag(f).split(" —")[0], f) for f in (*FLAG_KINDS, HIGH_DOSE_FLAG)],
        )
        for combo in (self.status_filter, self.tier_filter, self.staff_filter, self.flag_filter):
            combo.currentIndexChanged.connect(self._filters_changed)

        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Number of clients shown"))
        self.hint = QLabel(self)
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.hide()

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Caseload"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        # Every column, Flags included, fits a netbook's 1024-pixel-wide window at 100 %.
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.viewport().installEventFilter(self)
        self.table.activated.connect(self._open_index)  # Enter or double-click

        filters = QHBoxLayout()
        for label, combo in (
            (self.tr("&Status:"), self.status_filter),
            (self.tr("&Tier:"), self.tier_filter),
            (self.tr("&Assigned to:"), self.staff_filter),
            (self.tr("&Flag:"), self.flag_filter),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
            # Wide enough for most choices, narrow enough for a netbook: long ones are elided.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(9)
        filters.addStretch(1)

        title = QLabel(self.tr("Caseload"), self)
        title.setObjectName("pageTitle")
        heading_font(title, 1.4)
        top = QHBoxLayout()  # the title and the search share a row, the filters have the next
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.search.returnPressed.connect(self._open_first)

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def show_rows(
        self, rows: list[CaseloadRow], complete: bool = True, in_name_order: bool = False
    ) -> None:
        """Show these rows; ``complete=False`` for the first screen while the rest loads;
        ``in_name_order`` when they come sorted by name (``load_caseload`` sorts them).
        The selected client stays selected when the rows are replaced."""
        selected = self.selected_client()
        self.loading = not complete
        self.model.beginResetModel()
        self.state.load(rows, in_name_order=in_name_order)
        self.model.endResetModel()
        self._select(selected)
        current = self.staff_filter.currentData()
        self.staff_filter.blockSignals(True)
        self.staff_filter.clear()
        self.staff_filter.addItem(self.tr("Everyone"), None)
        for name in self.state.staff_names():
            self.staff_filter.addItem(name, name)
        self.staff_filter.setCurrentIndex(max(0, self.staff_filter.findData(current)))
        self.staff_filter.blockSignals(False)
        self._update_count()

    def update_row(self, row: CaseloadRow) -> None:
        """One client's row after a change on their record."""
        selected = self.selected_client()
        self.model.beginResetModel()
        self.state.replace_row(row)
        self.model.endResetModel()
        self._select(selected)
        self._update_count()

    def update_rows(self, rows: list[CaseloadRow], client_ids: Iterable[str]) -> None:
        """These clients' rows after changes from elsewhere (a sync); a client of
        ``client_ids`` without a row has left the caseload."""
        selected = self.selected_client()
        self.model.beginResetModel()
        self.state.replace_rows(rows, client_ids)
        self.model.endResetModel()
        self._select(selected)
        self._update_count()

    def show_clashes(self, clashes: dict[str, int]) -> None:
        """The clash badge on the rows of clients with an open clash."""
        if clashes == self.model.clashes:
            return
        self.model.clashes = dict(clashes)
        if self.model.rowCount():
            self.model.dataChanged.emit(
                self.model.index(0, 0), self.model.index(self.model.rowCount() - 1, 0)
            )

    def reveal(self, client_id: str) -> CaseloadRow | None:
        """Show and select this client (just saved), changing the search and filters only
        as far as needed: a new referral awaits triage, and the caseload opens on open
        clients, so otherwise a first client would seem to vanish."""
        row = next((r for r in self.state.rows if r.client_id == client_id), None)
        if row is None:
            return None
        search, filters = self.state.loosened_for(row)
        if search != self.state.search:
            self.search.setText(search)
        for combo, value in (
            (self.status_filter, filters.status),
            (self.tier_filter, filters.tier),
            (self.staff_filter, filters.staff),
            (self.flag_filter, filters.flag),
        ):
            if combo.currentData() != value:
                combo.setCurrentIndex(0 if value is None else max(0, combo.findData(value)))
        self._select(client_id)
        self.table.setFocus()
        return row

    def selected_client(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], CLIENT_ID_ROLE) if rows else None

    def _select(self, client_id: str | None) -> None:
        if client_id is None:
            return
        for n, row in enumerate(self.state.visible):
            if row.client_id == client_id:
                index = self.model.index(n, 0)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return

    def _search_changed(self, text: str) -> None:
        self.model.beginResetModel()
        self.state.set_search(text)
        self.model.endResetModel()
        self._update_count()

    def _filters_changed(self) -> None:
        self.model.beginResetModel()
        self.state.set_filters(
            status=self.status_filter.currentData(),
            tier=self.tier_filter.currentData(),
            staff=self.staff_filter.currentData(),
            flag=self.flag_filter.currentData(),
        )
        self.model.endResetModel()
        self._update_count()

    def _update_count(self) -> None:
        if not self.state.rows:
            self.hint.setText(
                self.tr(
                    "There are no clients in this database yet. Add one with Referrals → New "
                    "referral (Ctrl+N), take a referral file from a PCN with Referrals → Import "
                    "(Ctrl+Shift+I), or bring in a bundle with File → Import bundle."
                )
            )
        elif not self.state.visible:
            self.hint.setText(
                self.tr(
                    "No clients match the search and filters. Clear the search box or set the "
                    'filters to "All" to see everyone.'
                )
            )
        self.hint.setVisible(not self.state.visible)
        if self.loading:
            self.hint.setVisible(False)
            self.count.setText(self.tr("Loading the rest of the caseload…"))
            return
        self.count.setText(
            self.tr("%1 of %2 clients shown")
            .replace("%1", f"{len(self.state.visible):,}")
            .replace("%2", f"{len(self.state.rows):,}")
        )

    def _open_index(self, index) -> None:
        client_id = self.model.data(index, CLIENT_ID_ROLE)
        if client_id:
            self.client_opened.emit(client_id)

    def _open_first(self) -> None:
        if self.state.visible:
            self.client_opened.emit(self.state.visible[0].client_id)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("caseload/header", self.table.horizontalHeader().saveState())

    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value("caseload/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
            self.fit_columns()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.Resize
            and watched is self.table.viewport()
            and event.size().width() != event.oldSize().width()  # not a scroll bar coming
        ):
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Columns widened on a bigger screen (remembered, or before the window shrank) give
        back their extra width until every column fits again, Flags included: a coach who
        undocks the laptop should not find the flags behind a sideways scroll. Columns are
        never made narrower than their own width, nor a column the person narrowed wider."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        if room <= 0 or header.count() != len(COLUMN_WIDTHS):
            return
        # The last column stretches into spare room, so while every column fits, its width
        # is what is left over; it only counts as extra once the columns overflow.
        extra = {
            c: header.sectionSize(c) - COLUMN_WIDTHS[c]
            for c in range(header.count())
            if header.sectionSize(c) > COLUMN_WIDTHS[c]
        }
        needed = header.length()
        over, spare = needed - room, sum(extra.values())
        if over <= 0 or spare <= 0:
            return
        share = min(1.0, over / spare)
        for column, width in extra.items():
            header.resizeSection(column, header.sectionSize(column) - math.ceil(width * share))
