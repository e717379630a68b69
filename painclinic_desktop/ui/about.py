"""Help → About: version, where the database and its backups are, the last automatic backup,
and the licences of everything the app is built from, including the outcome measures' own
licence notes and the shipped font's licence."""

from __future__ import annotations

import importlib.metadata
import sys
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.dates import nhs_datetime
from ..core.measures import instrument, instruments
from ..resources_path import resource
from ..services.database import Store
from .fit import fit_to_screen

# (component, distribution to read the version from, licence). Versions come from the
# installed packages (":name": from the running code); the licences are those the components
# are published under.
COMPONENTS = (
    ("Python", ":python", "PSF-2.0"),
    ("Qt 6 (QtCore, QtGui, QtWidgets, QtOpenGL, QtSvg)", ":qt", "LGPL-3.0-only"),
    ("PySide6 and Shiboken6 (Qt for Python)", "PySide6-Essentials", "LGPL-3.0-only"),
    ("ICU (Unicode support in Qt)", None, "Unicode-3.0"),
    ("pyqtgraph (charts)", "pyqtgraph", "MIT"),
    ("NumPy", "numpy", "BSD-3-Clause (bundles OpenBLAS: BSD-3-Clause)"),
    ("SciPy (statistics)", "scipy", "BSD-3-Clause"),
    ("ReportLab (PDF)", "reportlab", "BSD-3-Clause"),
    ("Pillow (pictures in PDF)", "pillow", "MIT-CMU"),
    ("openpyxl (Excel)", "openpyxl", "MIT"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0"),
    ("SQLite", ":sqlite", "Public domain"),
    ("SQLCipher (encryption of the database)", ":sqlcipher", "BSD-3-Clause"),
    ("sqlcipher3 (Python binding)", "sqlcipher3", "zlib"),
    ("OpenSSL", None, "Apache-2.0"),
    ("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    ("argon2-cffi (password hashing)", "argon2-cffi", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("jsonschema", "jsonschema", "MIT"),
    ("fastjsonschema", "fastjsonschema", "BSD-3-Clause"),
    ("click, python-dateutil, pluggy (used by sqlite-utils)", "click", "BSD-3-Clause, MIT"),
    ("DejaVu Sans font (PDF text)", None, "Bitstream Vera licence; DejaVu changes public domain"),
    (
        "Noto Naskh Arabic, Noto Sans Bengali, Noto Sans Gurmukhi fonts (client materials)",
        None,
        "OFL-1.1 (SIL Open Font License)",
    ),
    ("uharfbuzz and HarfBuzz (text shaping in PDFs)", "uharfbuzz", "Apache-2.0; HarfBuzz: MIT"),
    ("python-bidi (right-to-left order in PDFs)", "python-bidi", "LGPL-3.0-or-later"),
    ("fontTools (font tables)", "fonttools", "MIT"),
)
# Licence texts of the fonts shipped in resources/fonts, shown in full.
FONT_LICENCES = ("LICENSE-DejaVu.txt", "LICENSE-Noto-OFL.txt")


@dataclass(frozen=True)
class AboutFacts:
    version: str
    service_name: str | None
    database: Path
    backups: Path
    last_backup: tuple[datetime, Path] | None  # newest automatic backup
    components: tuple[tuple[str, str, str], ...]  # (component, version, licence)
    instruments: tuple[tuple[str, str], ...]  # (instrument title, licence note)
    content_pack: str | None  # what the service's content pack says about its licence
    font_licence: str
    licence_folder: Path | None  # in an installed copy: where the licence texts are


def gather_facts(database: Path, service_name: str | None, pack_path: str | None) -> AboutFacts:
    """Everything the dialog shows (reads a few small files: runs on a worker)."""
    from ..services.backup import automatic_backups

    backups = automatic_backups(database)
    last = None
    if backups:
        newest = backups[-1]
        last = (datetime.fromtimestamp(newest.stat().st_mtime).astimezone(), newest)
    return AboutFacts(
        version=__version__,
        service_name=service_name,
        database=database,
        backups=database.parent / "backups",
        last_backup=last,
        components=tuple((name, _version(dist), licence) for name, dist, licence in COMPONENTS),
        instruments=tuple(instrument_notes()),
        content_pack=_content_pack_note(pack_path),
        font_licence="\n\n".join(
            resource("fonts", name).read_text(encoding="utf-8") for name in FONT_LICENCES
        ),
        licence_folder=_licence_folder(),
    )


def _licence_folder() -> Path | None:
    bundle = getattr(sys, "_MEIPASS", None)  # set in the installed (frozen) app
    return Path(bundle) / "licences" if bundle else None


def _version(dist) -> str:
    """The version of an installed package; ":name" for versions only the running code knows."""
    if dist is None:
        return ""
    if isinstance(dist, str) and dist.startswith(":"):
        return _runtime_version(dist[1:])
    for name in (dist,) if isinstance(dist, str) else dist:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return ""


def _runtime_version(name: str) -> str:
    if name == "python":
        import platform

        return platform.python_version()
    if name == "qt":
        from PySide6.QtCore import qVersion

        return qVersion()
    from ..services.database import cipher_version, sqlite_version

    return sqlite_version() if name == "sqlite" else cipher_version()


# Instruments whose item wording belongs to its owners (MEASURES.md): never shipped.
LICENSED_WORDING = frozenset({"pseq", "wemwbs", "swemwbs", "bpi", "peg"})


def instrument_notes() -> list[tuple[str, str]]:
    """Each outcome measure with what may be shown of it and under which terms."""
    notes = []
    for name in instruments():
        found = instrument(name)
        if found.wording_shipped:
            note = found.attribution or "Wording shipped with the app."
        elif name in LICENSED_WORDING:
            note = (
                "Wording licensed by its owners: not included. Recorded and scored by item "
                "number; a service holding a licence shows the wording by loading its "
                "licensed content pack."
            )
        else:
            note = "A measured result (no questionnaire wording): recorded as measured."
        notes.append((f"{found.title} ({found.version})", note))
    return notes


def _content_pack_note(pack_path: str | None) -> str | None:
    if not pack_path:
        return None
    from ..core.errors import PainClinicError
    from ..core.measures.content_pack import load_content_pack

    try:
        pack = load_content_pack(Path(pack_path))
    except (PainClinicError, OSError) as exc:
        return f"The content pack {pack_path} cannot be read: {exc}"
    return f"{pack.service or 'This service'}: {pack.licence or 'no licence line given'}"


class AboutDialog(QDialog):
    def __init__(self, facts: AboutFacts, logo_png: bytes | None = None, parent=None):
        super().__init__(parent)
        self.facts = facts
        self.setWindowTitle(self.tr("About PainClinic Desktop"))
        tabs = QTabWidget(self)
        tabs.addTab(self._general(logo_png), self.tr("&About"))
        tabs.addTab(self._browser(self._components_html()), self.tr("&Components"))
        tabs.addTab(self._browser(self._measures_html()), self.tr("&Outcome measures"))
        font = self._browser(f"<pre>{escape(facts.font_licence)}</pre>")
        tabs.addTab(font, self.tr("&Font"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        fit_to_screen(self, 700, 480)

    def _general(self, logo_png: bytes | None) -> QWidget:
        page = QWidget(self)
        heading = QLabel(
            f"<h2>PainClinic Desktop {escape(self.facts.version)}</h2><p>"
            + escape(
                self.tr(
                    "Caseload, assessments, 10 Footsteps plans and reports for community "
                    "persistent-pain services. Works fully offline: nothing is sent anywhere."
                )
            )
            + "</p>",
            page,
        )
        heading.setWordWrap(True)
        icon = QLabel(page)
        icon.setPixmap(QPixmap(str(resource("icons", "painclinic-64.png"))))
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(heading, 1)
        form = QFormLayout()
        if self.facts.service_name:
            form.addRow(self.tr("Service:"), self._fact(self.facts.service_name))
        if logo_png:
            logo = QLabel(page)
            pixmap = QPixmap()
            pixmap.loadFromData(logo_png, "PNG")
            logo.setPixmap(pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))
            logo.setAccessibleName(self.tr("Service logo"))
            form.addRow("", logo)
        form.addRow(self.tr("Version:"), self._fact(self.facts.version))
        form.addRow(self.tr("Database:"), self._fact(str(self.facts.database)))
        form.addRow(self.tr("Backups folder:"), self._fact(str(self.facts.backups)))
        form.addRow(self.tr("Last automatic backup:"), self._fact(self._last_backup_words()))
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _fact(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(text)
        return label

    def _last_backup_words(self) -> str:
        if self.facts.last_backup is None:
            return self.tr(
                "None yet. One is made each time the app closes and once a day while it is open."
            )
        when, path = self.facts.last_backup
        return self.tr("%1 (%2)").replace("%1", nhs_datetime(when)).replace("%2", path.name)

    def _browser(self, html: str) -> QTextBrowser:
        browser = QTextBrowser(self)
        browser.setOpenLinks(False)
        browser.setHtml(html)
        return browser

    def _components_html(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td>{escape(version)}</td><td>{escape(licence)}</td></tr>"
            for name, version, licence in self.facts.components
        )
        intro = self.tr(
            "PainClinic Desktop is built from these components, each under its own licence. "
            "Qt and PySide6 are used as separate libraries under the LGPL version 3: they can "
            "be replaced with other builds of the same version."
        )
        if self.facts.licence_folder:
            intro += " " + self.tr("The licence texts are in %1.").replace(
                "%1", str(self.facts.licence_folder)
            )
        head = "".join(
            f"<th align='left'>{escape(h)}</th>"
            for h in (self.tr("Component"), self.tr("Version"), self.tr("Licence"))
        )
        return f"<p>{escape(intro)}</p><table cellpadding='3'><tr>{head}</tr>{rows}</table>"

    def _measures_html(self) -> str:
        items = "".join(
            f"<li><b>{escape(title)}</b><br>{escape(note)}</li>"
            for title, note in self.facts.instruments
        )
        pack = ""
        if self.facts.content_pack:
            label = escape(self.tr("Content pack"))
            pack = f"<p><b>{label}:</b> {escape(self.facts.content_pack)}</p>"
        intro = self.tr(
            "Scores follow each measure's published scoring rules. Item wording is shown only "
            "where its licence allows."
        )
        return f"<p>{escape(intro)}</p><ul>{items}</ul>{pack}"


def show_about(window, store: Store) -> None:
    """Gather the facts off the GUI thread, then show the dialog."""
    from ..services.assessments import CONTENT_PACK_SETTING
    from .first_run.state import NAME_SETTING, service_logo
    from .ops import run_op

    path = store.path
    service_name = store.setting(NAME_SETTING)
    pack_path = store.setting(CONTENT_PACK_SETTING)
    logo = service_logo(store)
    run_op(
        window,
        lambda _progress: gather_facts(path, service_name, pack_path),
        lambda facts: AboutDialog(facts, logo, window).exec(),
    )
