"""The guide's first two pages: the service (name and logo) and where its records are kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from .state import LOGO_SIZE, FolderCheck, check_folder, service_name_problem

WARNING_STYLE = "color: #a00000;"
NOTE_STYLE = "background: #fff4d6; border: 1px solid #e0c060; padding: 6px;"


def wrapped(text: str, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def png_of(image: QImage) -> bytes:
    """The picture as PNG, shrunk to fit LOGO_SIZE: a logo, not a photograph, is stored."""
    if image.width() > LOGO_SIZE or image.height() > LOGO_SIZE:
        image = image.scaled(
            LOGO_SIZE,
            LOGO_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


class ServicePage(QWizardPage):
    """The service's name (it heads GP summaries, plans and returns) and an optional logo."""

    practise_only = Signal()
    join_hub = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.logo_png: bytes | None = None
        self.joining = False  # "Join my service's hub" chosen: the next page is the join
        self.setTitle(self.tr("Welcome to PainClinic Desktop"))
        self.setSubTitle(
            self.tr(
                "A few steps set this laptop up for your service. PainClinic Desktop works "
                "fully offline: nothing is sent anywhere."
            )
        )
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Service name"))
        self.name.setPlaceholderText(self.tr("for example: Rethinking Pain, Bradford District"))
        self.name.textChanged.connect(self.completeChanged)
        self.logo = QLabel(self.tr("No logo"), self)
        self.logo.setAccessibleName(self.tr("Logo preview"))
        self.logo.setMinimumSize(96, 96)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setStyleSheet("border: 1px dashed #9aa7b8; color: #44546a;")
        self.message = wrapped("", self)
        self.message.setStyleSheet(WARNING_STYLE)
        self._build_layout()

    def _build_layout(self) -> None:
        choose = QPushButton(self.tr("Choose a &picture…"), self)
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton(self.tr("&Remove the logo"), self)
        remove.clicked.connect(lambda: self.set_logo(None))
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addLayout(buttons)
        logo_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Service name:"), self.name)
        form.addRow(self.tr("Logo (optional):"), logo_row)
        demo = QPushButton(self.tr("Only looking around? Open the &demo caseload instead"), self)
        demo.setAccessibleDescription(
            self.tr("Opens made-up clients to practise on, without setting anything up")
        )
        demo.clicked.connect(self.practise_only)
        join = QPushButton(self.tr("Your service has a team hub? &Join my service's hub"), self)
        join.setAccessibleDescription(
            self.tr("Sets this laptop up from your service's hub instead of a new database")
        )
        join.clicked.connect(self.join_hub)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                self.tr(
                    "The service name and logo head the GP summaries, client plans and "
                    "returns this laptop prints."
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(join, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(demo, 0, Qt.AlignmentFlag.AlignLeft)

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        from .guide import FOLDER, JOIN

        return JOIN if self.joining else FOLDER

    def service_name(self) -> str:
        return " ".join(self.name.text().split())

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return service_name_problem(self.name.text()) is None

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the service's logo"),
            str(Path.home()),
            self.tr("Pictures (*.png *.jpg *.jpeg *.svg *.gif *.bmp)"),
        )
        if name:
            self.load_logo(Path(name))

    def load_logo(self, path: Path) -> bool:
        image = QImage(str(path))
        if image.isNull():
            self.message.setText(
                self.tr(
                    "%1 is not a picture PainClinic Desktop can read. Try a PNG or JPEG."
                ).replace("%1", path.name)
            )
            return False
        self.set_logo(png_of(image))
        return True

    def set_logo(self, png: bytes | None) -> None:
        self.logo_png = png
        self.message.clear()
        if png is None:
            self.logo.setPixmap(QPixmap())
            self.logo.setText(self.tr("No logo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.logo.setPixmap(
            pixmap.scaled(
                96,
                96,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class FolderPage(QWizardPage):
    """Where the database and its backups go, refusing a cloud-synced or network folder."""

    open_existing = Signal(object)  # the database path

    def __init__(self, folder: Path, parent=None):
        super().__init__(parent)
        self.check: FolderCheck = check_folder(folder)
        self.setTitle(self.tr("Where your records are kept"))
        self.setSubTitle(
            self.tr(
                "The service database is kept, encrypted, in a folder on this laptop's own "
                "disk. Backups are made beside it automatically."
            )
        )
        self.folder = QLineEdit(self)
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(self.tr("Data folder"))
        self.database = wrapped("", self)
        self.backups = wrapped("", self)
        for label in (self.database, self.backups):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = wrapped("", self)
        self.warning.setAccessibleName(self.tr("Folder warning"))
        self.warning.setStyleSheet(WARNING_STYLE)
        self.open_button = QPushButton(self.tr("&Open the database already there"), self)
        self.open_button.clicked.connect(lambda: self.open_existing.emit(self.check.database))
        self._build_layout()
        self.show_check(self.check)

    def _build_layout(self) -> None:
        choose = QPushButton(self.tr("Choose another &folder…"), self)
        choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("Data folder:"), row)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("Backups:"), self.backups)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(12)
        layout.addWidget(
            wrapped(
                self.tr(
                    "A backup is made each time the app closes and once a day while it is "
                    "open; the newest of each of the last 14 days are kept. They are on the "
                    "same laptop, so an admin should also copy a backup to the service's "
                    "secure storage regularly (File → Back up now)."
                ),
                self,
            )
        )
        layout.addStretch(1)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the data folder"), str(self.check.folder)
        )
        if name:
            self.show_check(check_folder(name))

    def show_check(self, check: FolderCheck) -> None:
        self.check = check
        self.folder.setText(str(check.folder))
        self.database.setText(str(check.database))
        self.backups.setText(str(check.backups))
        if check.problem:
            self.warning.setText(
                self.tr(
                    "This folder cannot be used. %1 Please choose a folder on this laptop's "
                    "own disk, outside OneDrive, Dropbox, Google Drive or iCloud."
                ).replace("%1", check.problem)
            )
        elif check.existing:
            self.warning.setText(
                self.tr(
                    "There is already a PainClinic database in this folder. Open it, or "
                    "choose another folder to set up a new one."
                )
            )
        else:
            self.warning.clear()
        self.warning.setVisible(bool(self.warning.text()))
        self.open_button.setVisible(check.existing and not check.problem)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.check.usable
