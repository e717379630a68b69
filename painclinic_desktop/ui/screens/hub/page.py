"""File ▸ Service hub…: connect this laptop to the team hub (its first push shown with a
progress bar that can be stopped and carried on), or see the hub, the certificate's
fingerprint, the last sync and its log; the open clashes, settled here; and the changes
the hub refused, with its reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ....core import permissions
from ....services import session, sync_status
from ...errors import show_error
from ...ops import Cancelled, announce, store_op
from ...words import local_time

HUB, CLASHES, REFUSED = range(3)


def _t(text: str) -> str:
    return QCoreApplication.translate("sync", text)


def shown_value(value) -> str:
    if value is None:
        return _t("(empty)")
    if isinstance(value, bool):
        return _t("yes") if value else _t("no")
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_kind(collection: str) -> str:
    return collection.replace("_", " ").capitalize()


def field_name(field: str) -> str:
    return field.replace("_", " ")


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), 260))


class HubDialog(QDialog):
    def __init__(self, window, controller, tab: int = HUB, client_id: str | None = None):
        super().__init__(window)
        self.window_ = window
        self.controller = controller
        self.store = window.store
        self.client_id = client_id  # clashes of one client only (from a record's badge)
        self.setWindowTitle(self.tr("Service hub"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tabs = QTabWidget(self)
        self.hub_tab = QWidget(self)
        self.clash_tab = QWidget(self)
        self.refused_tab = QWidget(self)
        self.tabs.addTab(self.hub_tab, self.tr("&Hub and sync"))
        self.tabs.addTab(self.clash_tab, self.tr("&Clashes"))
        self.tabs.addTab(self.refused_tab, self.tr("&Refused changes"))
        self._build_hub_tab()
        self._build_clash_tab()
        self._build_refused_tab()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        controller.status_changed.connect(self._status_changed)
        self.show_all()
        self.tabs.setCurrentIndex(tab)
        from ...fit import fit_to_screen

        fit_to_screen(self, 900, 560)

    # -- the hub tab ----------------------------------------------------------------------

    def _build_hub_tab(self) -> None:
        self.joined_box = QWidget(self.hub_tab)
        facts = QFormLayout(self.joined_box)
        self.facts: dict[str, QLabel] = {}
        for key, caption in (
            ("hub", self.tr("Hub:")),
            ("user", self.tr("Your hub login:")),
            ("fingerprint", self.tr("Certificate fingerprint (SHA-256):")),
            ("last", self.tr("Last sync:")),
            ("state", self.tr("Now:")),
        ):
            value = QLabel(self.joined_box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption.rstrip(":"))
            facts.addRow(caption, value)
            self.facts[key] = value
        self.sync_button = QPushButton(self.tr("&Sync now (F9)"), self.joined_box)
        self.sync_button.clicked.connect(self._sync_now)
        facts.addRow("", self.sync_button)
        self.log = _table(
            self.hub_tab,
            [self.tr("When"), self.tr("Result"), self.tr("Sent"), self.tr("Received"),
             self.tr("New clashes"), self.tr("Refused"), self.tr("Waiting"), self.tr("Message")],
            self.tr("Sync log"),
        )  # fmt: skip
        self.connect_box = self._connect_form()
        layout = QVBoxLayout(self.hub_tab)
        layout.addWidget(self.connect_box)
        layout.addWidget(self.joined_box)
        self.log_title = QLabel(self.tr("Sync log (newest first):"), self.hub_tab)
        layout.addWidget(self.log_title)
        layout.addWidget(self.log, 1)

    def _connect_form(self) -> QWidget:
        box = QWidget(self.hub_tab)
        intro = QLabel(
            self.tr(
                "This laptop works on its own. Connect it to your service's team hub to share "
                "the caseload: every record here is sent to the hub first, then your "
                "colleagues' records are fetched. Back up first (File → Back up now)."
            ),
            box,
        )
        intro.setWordWrap(True)
        self.address = QLineEdit(box)
        self.address.setPlaceholderText(self.tr("for example: hub.trust.nhs.uk/pain_bradford"))
        self.address.setAccessibleName(self.tr("Hub address"))
        self.ca_file = QLineEdit(box)
        self.ca_file.setAccessibleName(self.tr("CA certificate file"))
        choose = QPushButton(self.tr("C&hoose…"), box)
        choose.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(choose)
        self.fingerprint = QLineEdit(box)
        self.fingerprint.setAccessibleName(self.tr("Fingerprint read out by IT"))
        self.fingerprint.setPlaceholderText(
            self.tr("instead of the file, or to check it: 32 pairs such as 3A:F0:…")
        )
        self.login = QLineEdit(box)
        self.login.setAccessibleName(self.tr("Hub login"))
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Hub password"))
        self.connect_button = QPushButton(self.tr("C&onnect and send this laptop's records"), box)
        self.connect_button.clicked.connect(self._connect)
        self.connect_message = QLabel(box)
        self.connect_message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Hub &address:"), self.address)
        form.addRow(self.tr("CA certificate:"), ca_row)
        form.addRow(self.tr("&Fingerprint (if IT read it out):"), self.fingerprint)
        form.addRow(self.tr("Your hub &login:"), self.login)
        form.addRow(self.tr("Hub &password:"), self.password)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.connect_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.connect_message)
        layout.addStretch(1)
        return box

    def _choose_ca(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("The hub's CA certificate"), "", self.tr("Certificates (*.crt *.pem)")
        )
        if name:
            self.ca_file.setText(name)

    def _connect(self) -> None:
        try:
            url = sync_status.hub_url(
                self.address.text(), self.ca_file.text(), self.fingerprint.text()
            )
        except Exception as exc:  # noqa: BLE001 — said plainly; nothing was changed
            show_error(self, exc)
            return
        user, password = self.login.text().strip(), self.password.text()
        fingerprint = self.fingerprint.text().strip() or None
        if not user or not password:
            show_error(self, ValueError(self.tr("Please type your hub login and password.")))
            return
        self.connect_button.setEnabled(False)

        def work(own, progress):
            try:
                return sync_status.run(
                    own,
                    progress=lambda stage, done, total: progress.report(
                        done, total, stage_words(stage, done, total)
                    ),
                    hub_url=url,
                    user=user,
                    password=password,
                    ca_fingerprint=fingerprint,
                )
            except Cancelled:
                return None  # what was sent is kept: the next run carries on

        def done(report) -> None:
            self.connect_button.setEnabled(True)
            self.password.clear()
            self.controller.refresh()
            if report is None:
                self.connect_message.setText(
                    self.tr(
                        "Stopped. What was sent is kept; press Sync now (F9) to carry on "
                        "from there."
                    )
                )
            else:
                self.connect_message.clear()
                if report.pulled:
                    announce(report.pulled_by_collection, self)
                self.controller.synced.emit(report)
            self.show_all()

        def failed(exc: BaseException) -> None:
            self.connect_button.setEnabled(True)
            self.controller.refresh()
            self.show_all()
            show_error(self, exc)

        label = self.tr("Sending this laptop's records…")
        store_op(self, self.store.path, work, done, label=label, on_error=failed)

    def _sync_now(self) -> None:
        self.controller.sync_now_asked()

    def _status_changed(self, _status) -> None:
        self.show_all()

    # -- clashes ------------------------------------------------------------------------

    def _build_clash_tab(self) -> None:
        self.clash_intro = QLabel(self.clash_tab)
        self.clash_intro.setWordWrap(True)
        self.clashes = _table(
            self.clash_tab,
            [self.tr("Client"), self.tr("Record"), self.tr("Field"), self.tr("Value now"),
             self.tr("Other value"), self.tr("Value now by"), self.tr("Other value by")],
            self.tr("Open clashes"),
        )  # fmt: skip
        self.keep_live = QPushButton(self.tr("Keep the value &now"), self.clash_tab)
        self.keep_other = QPushButton(self.tr("Keep the &other value"), self.clash_tab)
        self.keep_live.clicked.connect(lambda: self._resolve("live"))
        self.keep_other.clicked.connect(lambda: self._resolve("other"))
        self.show_everyone = QPushButton(self.tr("Show every client's clashes"), self.clash_tab)
        self.show_everyone.clicked.connect(self._everyone)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_live)
        buttons.addWidget(self.keep_other)
        buttons.addStretch(1)
        buttons.addWidget(self.show_everyone)
        layout = QVBoxLayout(self.clash_tab)
        layout.addWidget(self.clash_intro)
        layout.addWidget(self.clashes, 1)
        layout.addLayout(buttons)
        self.clashes.itemSelectionChanged.connect(self._clash_chosen)

    def _everyone(self) -> None:
        self.client_id = None
        self.show_all()

    def _clash_chosen(self) -> None:
        chosen = bool(self.clashes.selectedItems())
        self.keep_live.setEnabled(chosen)
        self.keep_other.setEnabled(chosen)

    def _resolve(self, keep: str) -> None:
        rows = self.clashes.selectionModel().selectedRows()
        if not rows:
            return
        clash = self.open_clashes[rows[0].row()]
        kept = clash["live_value"] if keep == "live" else clash["other_value"]
        try:
            sync_status.resolve(self.store, clash["id"], keep, session.current_staff())
        except Exception as exc:  # noqa: BLE001 — said plainly; nothing was changed
            show_error(self, exc)
            return
        self.window_.status_text.setText(
            self.tr("Clash settled: %1 is now “%2”. Both values stay in the history.")
            .replace("%1", field_name(clash["field"]))
            .replace("%2", shown_value(kept))
        )
        self.controller.refresh()
        self.controller.after_save()
        announce({clash["collection"]}, self)
        self.window_.refresh_open_record({clash.get("client_id")})
        self.show_all()

    # -- refused ------------------------------------------------------------------------

    def _build_refused_tab(self) -> None:
        self.refused_intro = QLabel(
            self.tr(
                "Changes from this laptop the hub did not accept. They are kept here, never "
                "dropped; the service's admin sees them too."
            ),
            self.refused_tab,
        )
        self.refused_intro.setWordWrap(True)
        self.refused = _table(
            self.refused_tab,
            [self.tr("Made"), self.tr("Record"), self.tr("What happened"), self.tr("Hub's reason")],
            self.tr("Refused changes from this laptop"),
        )
        self.everyone_title = QLabel(
            self.tr("Refused or held by the hub, from everyone (as at the last sync):"),
            self.refused_tab,
        )
        self.everyone = _table(
            self.refused_tab,
            [self.tr("When"), self.tr("Who"), self.tr("Record"), self.tr("What happened"),
             self.tr("Hub's reason")],
            self.tr("Refused changes from everyone"),
        )  # fmt: skip
        layout = QVBoxLayout(self.refused_tab)
        layout.addWidget(self.refused_intro)
        layout.addWidget(self.refused, 1)
        layout.addWidget(self.everyone_title)
        layout.addWidget(self.everyone, 1)

    # -- showing everything -----------------------------------------------------------------

    def show_all(self) -> None:
        if self.store.is_locked:
            return
        status = sync_status.status(self.store)
        self.connect_box.setVisible(not status.joined)
        self.joined_box.setVisible(status.joined)
        self.log.setVisible(status.joined)
        self.log_title.setVisible(status.joined)
        if status.joined:
            self._show_hub(status)
        self._show_clashes()
        self._show_refused()
        self.tabs.setTabText(
            CLASHES,
            self.tr("&Clashes (%1)").replace("%1", str(status.clashes))
            if status.clashes
            else self.tr("&Clashes"),
        )
        self.tabs.setTabText(
            REFUSED,
            self.tr("&Refused changes (%1)").replace("%1", str(status.refused))
            if status.refused
            else self.tr("&Refused changes"),
        )

    def _show_hub(self, status) -> None:
        from .controller import status_line

        found = sync_status.details(self.store)
        self.facts["hub"].setText(found.url or "")
        role = session.role_words(found.role) if found.role else ""
        self.facts["user"].setText(f"{found.user or ''}" + (f" ({role})" if role else ""))
        self.facts["fingerprint"].setText(found.fingerprint or "")
        self.facts["last"].setText(local_time(status.last_sync) or self.tr("not yet"))
        self.facts["state"].setText(
            (self.tr("Syncing…  ") if self.controller.running else "") + status_line(status)
        )
        runs = list(reversed(sync_status.log(self.store)))
        _fill(
            self.log,
            [
                [
                    local_time(r.get("at")),
                    self.tr("finished") if r.get("result") == "finished" else self.tr("offline"),
                    str(r.get("pushed", "")),
                    str(r.get("pulled", "")),
                    str(r.get("conflicts", "")),
                    str(r.get("rejected", "")),
                    str(r.get("waiting", "")),
                    r.get("message") or " ".join(r.get("warnings") or []),
                ]
                for r in runs
            ],
        )

    def _show_clashes(self) -> None:
        found = sync_status.clashes(self.store)
        if self.client_id is not None:
            found = [c for c in found if c.get("client_id") == self.client_id]
        self.open_clashes = found
        self.show_everyone.setVisible(self.client_id is not None)
        if not found:
            self.clash_intro.setText(self.tr("No open clashes."))
        else:
            self.clash_intro.setText(
                self.tr(
                    "Two people changed the same field differently. The value now is what "
                    "everyone sees; choose which to keep. Both stay in the record's history."
                )
            )
        _fill(
            self.clashes,
            [
                [
                    c.get("client_name") or "",
                    record_kind(c["collection"]),
                    field_name(c["field"]),
                    shown_value(c["live_value"]),
                    shown_value(c["other_value"]),
                    _who(c.get("live_author"), c.get("live_at")),
                    _who(c.get("other_author"), c.get("other_at")),
                ]
                for c in found
            ],
        )
        self._clash_chosen()

    def _show_refused(self) -> None:
        here = sync_status.refused_here(self.store)
        _fill(
            self.refused,
            [
                [
                    local_time(r.get("made_at")),
                    record_kind(r["collection"]),
                    _kind_words(r["kind"]),
                    r.get("reason") or "",
                ]
                for r in here
            ],
        )
        admin = session.current_role() == permissions.ADMIN
        everyone = sync_status.refused_on_hub(self.store) if admin else []
        self.everyone.setVisible(admin)
        self.everyone_title.setVisible(admin)
        _fill(
            self.everyone,
            [
                [
                    local_time(str(r.get("at") or "")),
                    r.get("login") or "",
                    record_kind(r.get("collection") or ""),
                    _kind_words(r.get("kind") or ""),
                    r.get("reason") or "",
                ]
                for r in everyone
            ],
        )


def _who(author: str | None, at: str | None) -> str:
    when = local_time(at) if at else ""
    return " · ".join(p for p in (author or "", when) if p)


def _kind_words(kind: str) -> str:
    return {"rejected": _t("refused"), "quarantined": _t("held (newer app)")}.get(kind, kind)


def stage_words(stage: str, done: int, total: int) -> str:
    if stage == "push":
        return (
            _t("Sending this laptop's records: %1 of %2")
            .replace("%1", f"{done:,}")
            .replace("%2", f"{total:,}")
        )
    return (
        _t("Fetching the team's records: %1 of %2 changes")
        .replace("%1", f"{done:,}")
        .replace("%2", f"{total:,}")
    )
