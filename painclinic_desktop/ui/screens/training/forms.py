"""The training forms: a course with its sessions, a trainee, attendance, completion and
the confidence questionnaire typed in from paper.

Each form saves through the training service when Save is pressed; a refusal is shown and
the form stays open with everything typed, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....core import training as rules
from ....core.dates import nhs_date
from ....services import training
from ....services.database import Store
from ...widgets.date_entry import DateEntry
from ...widgets.labels import hint
from ...widgets.saving_dialog import SavingDialog, named_row
from .words import experience_words, kind_words, time_point_words


def _date_text(iso: str | None) -> str:
    return nhs_date(iso) if iso else ""


class CourseDialog(SavingDialog):
    def __init__(
        self, store: Store, staff: Callable[[], str], course: dict | None = None, parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.course = store, staff, course or {}
        self.setWindowTitle(self.tr("Change the course") if course else self.tr("New course"))
        self.title = QLineEdit(self.course.get("title") or "", self)
        starts = self.course.get("starts_on")
        self.starts_on = DateEntry(
            self,
            value=date.fromisoformat(starts) if starts else date.today(),
            name=self.tr("Starts"),
        )
        ends = self.course.get("ends_on")
        self.ends_on = DateEntry(
            self,
            value=date.fromisoformat(ends) if ends else None,
            blank_allowed=True,
            name=self.tr("Ends"),
        )
        self.venue = QLineEdit(self.course.get("venue") or "", self)
        self.trainer = QLineEdit(self.course.get("trainer") or staff(), self)
        form = QFormLayout()
        for label, field in (
            (self.tr("&Title:"), self.title),
            (self.tr("&Starts:"), self.starts_on),
            (self.tr("&Ends:"), self.ends_on),
            (self.tr("&Venue:"), self.venue),
            (self.tr("T&rainer:"), self.trainer),
        ):
            named_row(form, label, field)
        self.sessions = QTableWidget(0, 3, self)
        self.sessions.setAccessibleName(self.tr("Sessions"))
        self.sessions.setHorizontalHeaderLabels(
            [self.tr("Session"), self.tr("Date (DD/MM/YYYY)"), self.tr("Optional")]
        )
        self.sessions.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.verticalHeader().setVisible(False)
        self._ids: list[str | None] = []
        for entry in self.course.get("sessions") or []:
            self._add_row(entry)
        add = QPushButton(self.tr("&Add a session"), self)
        add.clicked.connect(lambda: self._add_row({}))
        remove = QPushButton(self.tr("Re&move the chosen session"), self)
        remove.clicked.connect(self._remove_row)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Sessions (tick those that are optional):"), self))
        layout.addWidget(self.sessions, 1)
        layout.addLayout(row)
        self._buttons(layout)
        self.setMinimumWidth(560)

    def _add_row(self, entry: dict) -> None:
        row = self.sessions.rowCount()
        self.sessions.insertRow(row)
        self.sessions.setItem(row, 0, QTableWidgetItem(entry.get("title") or ""))
        held = entry.get("held_on")
        self.sessions.setItem(row, 1, QTableWidgetItem(_uk(held) if held else ""))
        optional = QTableWidgetItem()
        optional.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        checked = Qt.CheckState.Checked if entry.get("optional") else Qt.CheckState.Unchecked
        optional.setCheckState(checked)
        self.sessions.setItem(row, 2, optional)
        self._ids.append(entry.get("id"))

    def _remove_row(self) -> None:
        row = self.sessions.currentRow()
        if row >= 0:
            self.sessions.removeRow(row)
            del self._ids[row]

    def values(self) -> dict:
        sessions = []
        for row in range(self.sessions.rowCount()):
            title, held = (self.sessions.item(row, c) for c in (0, 1))
            optional = self.sessions.item(row, 2).checkState() == Qt.CheckState.Checked
            entry = {
                "title": title.text() if title else "",
                "held_on": held.text() if held else "",
                "optional": optional,
            }
            if self._ids[row]:
                entry["id"] = self._ids[row]
            sessions.append(entry)
        return {
            "title": self.title.text(),
            "starts_on": self.starts_on.checked_iso(),
            "ends_on": self.ends_on.checked_iso(),
            "venue": self.venue.text(),
            "trainer": self.trainer.text(),
            "sessions": sessions,
        }

    def save(self) -> dict:
        if self.course.get("id"):
            return training.change_course(
                self.store, self.course["id"], self.values(), self.staff()
            )
        return training.add_course(self.store, self.values(), self.staff())


def _uk(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


class TraineeDialog(SavingDialog):
    """A new trainee put on the course (or one already known, by code), or a change."""

    def __init__(
        self,
        store: Store,
        staff: Callable[[], str],
        course_id: str | None,
        trainee: dict | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.store, self.staff, self.course_id = store, staff, course_id
        self.trainee = trainee or {}
        self.setWindowTitle(self.tr("Change the trainee") if trainee else self.tr("Add a trainee"))
        self.code = QLineEdit(self.trainee.get("code") or "", self)
        self.code.setMaxLength(rules.CODE_MAX)
        self.kind = QComboBox(self)
        for code, words in kind_words().items():
            self.kind.addItem(words, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.trainee.get("kind"))))
        self.name = QLineEdit(self.trainee.get("name") or "", self)
        self.organisation = QLineEdit(self.trainee.get("organisation") or "", self)
        self.profession = QComboBox(self)
        self.profession.setEditable(True)
        known = sorted({t["profession"] for t in training.trainees(store) if t["profession"]})
        self.profession.addItems(known)
        self.profession.setCurrentText(self.trainee.get("profession") or "")
        self.experience = QComboBox(self)
        self.experience.addItem(self.tr("(not given)"), None)
        for code, words in experience_words().items():
            self.experience.addItem(words, code)
        self.experience.setCurrentIndex(
            max(0, self.experience.findData(self.trainee.get("experience")))
        )
        self.prior = QLineEdit(self.trainee.get("prior_training") or "", self)
        form = QFormLayout()
        for label, field in (
            (self.tr("Anonymous &code:"), self.code),
            (self.tr("&Who:"), self.kind),
            (self.tr("&Name:"), self.name),
            (self.tr("&Organisation:"), self.organisation),
            (self.tr("&Profession:"), self.profession),
            (self.tr("&Experience with persistent pain:"), self.experience),
            (self.tr("Other relevant &training:"), self.prior),
        ):
            named_row(form, label, field)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                self,
                self.tr(
                    "The code is the one the trainee writes on both questionnaires. People "
                    "from partner organisations are known only by it. A code already known "
                    "puts that person on this course."
                ),
            )
        )
        self._buttons(layout)
        self.setMinimumWidth(520)

    def _kind_changed(self) -> None:
        partner = self.kind.currentData() == "partner"
        self.name.setEnabled(not partner)
        if partner:
            self.name.clear()

    def values(self) -> dict:
        return {
            "code": self.code.text(),
            "kind": self.kind.currentData(),
            "name": self.name.text(),
            "organisation": self.organisation.text(),
            "profession": self.profession.currentText(),
            "experience": self.experience.currentData(),
            "prior_training": self.prior.text(),
        }

    def save(self) -> dict:
        if self.trainee.get("id"):
            return training.change_trainee(
                self.store, self.trainee["id"], self.values(), self.staff()
            )
        with self.store.atomic():
            known = training.trainee_by_code(self.store, self.code.text())
            person = known or training.add_trainee(self.store, self.values(), self.staff())
            if self.course_id:
                training.enrol(self.store, self.course_id, person["id"], self.staff())
        return person


class AttendanceDialog(SavingDialog):
    def __init__(self, store: Store, staff: Callable[[], str], row, course: dict, parent=None):
        super().__init__(parent)
        self.store, self.staff, self.row = store, staff, row
        self.setWindowTitle(self.tr("Attendance: %1").replace("%1", row.trainee["code"]))
        layout = QVBoxLayout(self)
        attended = set(row.enrolment["attended_sessions"])
        self.boxes: list[tuple[str, QCheckBox]] = []
        for entry in course.get("sessions") or []:
            text = entry["title"] + (
                f" ({_date_text(entry['held_on'])})" if entry["held_on"] else ""
            )
            if entry.get("optional"):
                text += self.tr(" — optional")
            box = QCheckBox(text, self)
            box.setChecked(entry["id"] in attended)
            layout.addWidget(box)
            self.boxes.append((entry["id"], box))
        if not self.boxes:
            layout.addWidget(QLabel(self.tr("This course has no sessions yet."), self))
        self._buttons(layout)

    def save(self) -> dict:
        chosen = [sid for sid, box in self.boxes if box.isChecked()]
        return training.set_attendance(self.store, self.row.enrolment["id"], chosen, self.staff())


class CompletedDialog(SavingDialog):
    def __init__(self, store: Store, staff: Callable[[], str], row, parent=None):
        super().__init__(parent)
        self.store, self.staff, self.row = store, staff, row
        self.setWindowTitle(self.tr("Completed: %1").replace("%1", row.trainee["code"]))
        done = row.enrolment.get("completed_on")
        self.on = DateEntry(
            self,
            value=date.fromisoformat(done) if done else date.today(),
            latest=date.today(),
            blank_allowed=True,
            name=self.tr("Completed on"),
        )
        form = QFormLayout()
        form.addRow(self.tr("&Completed on:"), self.on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(self, self.tr("Every session that is not optional must be attended. Leave "
                               "the date blank to take the completion back."))
        )  # fmt: skip
        self._buttons(layout)

    def save(self) -> dict:
        return training.mark_completed(
            self.store, self.row.enrolment["id"], self.on.checked_iso(), self.staff()
        )


class QuestionnaireDialog(SavingDialog):
    """The confidence questionnaire typed in from the paper form."""

    def __init__(
        self, store: Store, staff: Callable[[], str], course_id: str, code: str = "", parent=None
    ):
        super().__init__(parent)
        self.store, self.staff, self.course_id = store, staff, course_id
        self.form = rules.questionnaire()
        self.setWindowTitle(self.tr("Enter a questionnaire"))
        self.code = QLineEdit(code, self)
        self.code.setMaxLength(rules.CODE_MAX)
        self.time_point = QComboBox(self)
        for value, words in time_point_words().items():
            self.time_point.addItem(words, value)
        self.answered_on = DateEntry(
            self, value=date.today(), latest=date.today(), name=self.tr("Date answered")
        )
        self.prior = QComboBox(self)
        for words, value in ((self.tr("(not answered)"), None), (self.tr("Yes"), True),
                             (self.tr("No"), False)):  # fmt: skip
            self.prior.addItem(words, value)
        self.time_point.currentIndexChanged.connect(self._time_point_changed)
        top = QFormLayout()
        for label, field in (
            (self.tr("Anonymous &code:"), self.code),
            (self.tr("&When:"), self.time_point),
            (self.tr("&Date answered:"), self.answered_on),
        ):
            named_row(top, label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(f"<b>{self.form.stem}</b>", self))
        layout.addWidget(self._grid(), 1)
        prior_form = QFormLayout()
        prior_label = QLabel(self.form.baseline_text, self)
        prior_label.setWordWrap(True)
        layout.addWidget(prior_label)
        self.prior.setAccessibleName(self.tr("Earlier self-management resources"))
        prior_form.addRow(self.tr("&Answer:"), self.prior)
        layout.addLayout(prior_form)
        self._buttons(layout)
        self.setMinimumWidth(900)
        self.resize(900, 640)

    def _grid(self) -> QScrollArea:
        inner = QWidget(self)
        grid = QGridLayout(inner)
        points = range(self.form.scale_min, self.form.scale_max + 1)
        for column, (point, words) in enumerate(zip(points, self.form.labels, strict=True)):
            head = QLabel(f"{point}\n{words}", inner)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setWordWrap(True)
            grid.addWidget(head, 0, column + 1)
        self.groups: dict[str, QButtonGroup] = {}
        for row, statement in enumerate(self.form.statements, start=1):
            label = QLabel(f"{row}. {statement.text}", inner)
            label.setWordWrap(True)
            label.setMinimumWidth(360)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(inner)
            group.setExclusive(True)
            for column, point in enumerate(points):
                button = QRadioButton(inner)
                button.setAccessibleName(
                    self.tr("Statement %1: %2").replace("%1", str(row)).replace("%2", str(point))
                )
                group.addButton(button, point)
                grid.addWidget(button, row, column + 1, Qt.AlignmentFlag.AlignCenter)
            self.groups[statement.code] = group
        grid.setColumnStretch(0, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        return scroll

    def _time_point_changed(self) -> None:
        baseline = self.time_point.currentData() == "baseline"
        self.prior.setEnabled(baseline)

    def values(self) -> dict:
        answers = {}
        for code, group in self.groups.items():
            answers[code] = group.checkedId() if group.checkedId() > 0 else None
        return {
            "course_id": self.course_id,
            "code": self.code.text(),
            "time_point": self.time_point.currentData(),
            "answered_on": self.answered_on.checked_iso(),
            "answers": answers,
            "prior_resources": self.prior.currentData(),
        }

    def save(self) -> dict:
        return training.record_response(self.store, self.values(), self.staff(), self.form)
