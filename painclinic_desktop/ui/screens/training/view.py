"""The Training page: 10 Footsteps training courses on the left; the chosen course's
trainees on the right, with attendance, completion, questionnaires, each trainee's baseline
chart and certificate, the paper questionnaire and the training report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ....core.permissions import RUN_TRAINING
from ....services import session, training
from ....services import training_report as printing
from ....services.database import Store
from ...widgets.date_entry import DateEntry
from ...widgets.labels import hint
from ...widgets.list_and_detail import action_button, button_grid, lay_out_page, pane
from ...widgets.rows_model import RowsModel
from ...widgets.table import make_table, select_key, selected_key
from ...words import uk
from .forms import (
    AttendanceDialog,
    CompletedDialog,
    CourseDialog,
    QuestionnaireDialog,
    TraineeDialog,
)
from .printing import write_file
from .words import experience_words

PDF = "PDF (*.pdf)"


class TrainingPage(QWidget):
    def __init__(self, store: Store, staff: Callable[[], str], parent=None):
        super().__init__(parent)
        self.store, self.staff = store, staff
        self._rows: list[training.EnrolledTrainee] = []
        self._build()

    def _build(self) -> None:
        self.courses_model = RowsModel(
            [self.tr("Starts"), self.tr("Course"), self.tr("Trainees")], self
        )
        self.courses = make_table(
            self,
            self.courses_model,
            self.tr("Training courses"),
            (90, 200, 65),
            empty=self.tr('No training courses yet. Add one with "New course".'),
            stretch=1,
        )
        self.courses.selectionModel().selectionChanged.connect(lambda *_: self._course_chosen())
        self.new_course = action_button(self, self.tr("Ne&w course…"), self._new_course)
        self.change_course = action_button(self, self.tr("&Change course…"), self._change_course)
        self.report = action_button(self, self.tr("Training &report…"), self._report)
        self.paper = action_button(
            self,
            self.tr("&Paper questionnaire…"),
            self._paper_form,
            self.tr("The one-page form to hand out, with the box for the anonymous code"),
        )
        grid = button_grid((self.new_course, self.change_course, self.report, self.paper), 2)
        left = pane(self, self.courses, grid)

        self.course_words = QLabel(self)
        self.course_words.setWordWrap(True)
        self.trainees_model = RowsModel(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Profession"),
                self.tr("Experience"),
                self.tr("Sessions"),
                self.tr("Baseline"),
                self.tr("3 months"),
                self.tr("Completed"),
            ],
            self,
        )
        self.trainees = make_table(
            self,
            self.trainees_model,
            self.tr("Trainees on the course"),
            (55, 105, 120, 190, 60, 90, 90, 90),
            empty=self.tr('No trainees on this course yet. Add them with "Add trainee".'),
        )
        self.trainees.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.add_trainee = action_button(self, self.tr("&Add trainee…"), self._add_trainee)
        self.change_trainee = action_button(self, self.tr("C&hange trainee…"), self._change_trainee)
        self.attendance = action_button(self, self.tr("Atte&ndance…"), self._attendance)
        self.completed = action_button(self, self.tr("Co&mpleted…"), self._completed)
        self.questionnaire = action_button(
            self,
            self.tr("Enter &questionnaire…"),
            self._questionnaire,
            self.tr("Type in a baseline or 3-month questionnaire from the paper form"),
        )
        self.chart = action_button(
            self,
            self.tr("&Baseline chart…"),
            self._chart,
            self.tr("The trainee's own confidence at baseline: which footsteps to focus on"),
        )
        self.certificate = action_button(self, self.tr("Certi&ficate…"), self._certificate)
        self.use_names = QCheckBox(self.tr("Print names (otherwise the co&de)"), self)
        self.use_names.setChecked(True)
        buttons = button_grid(
            (
                self.add_trainee,
                self.change_trainee,
                self.attendance,
                self.completed,
                self.questionnaire,
                self.chart,
                self.certificate,
            ),
            columns=4,
        )
        buttons.addWidget(self.use_names, 1, 3)
        right = pane(self, self.trainees, buttons, above=self.course_words)
        title = self.tr("Staff training in the 10 Footsteps")
        lay_out_page(self, title, left, right, (400, 920))

    # -- showing ----------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or selected_key(self.courses)
        found = training.courses(self.store)
        counts = {c["id"]: len(training.enrolments(self.store, c["id"])) for c in found}
        self.courses_model.set_rows(
            [(uk(c["starts_on"]), c["title"], str(counts[c["id"]]))
             for c in found],
            [c["id"] for c in found],
        )  # fmt: skip
        if not (keep and select_key(self.courses, keep)) and found:
            self.courses.selectRow(0)
        self._course_chosen()

    def _course(self) -> dict | None:
        course_id = selected_key(self.courses)
        return training.course(self.store, course_id) if course_id else None

    def _course_chosen(self) -> None:
        course = self._course()
        keep = selected_key(self.trainees)
        self._rows = training.course_trainees(self.store, course["id"]) if course else []
        done = {}
        if course:
            for r in training.responses(self.store, [course["id"]]):
                done[(r["code"], r["time_point"])] = r["answered_on"]
            sessions = course["sessions"]
            self.course_words.setText(
                self.tr("%1 — trainer %5; %2 session(s), %3 optional; venue %4")
                .replace("%1", course["title"])
                .replace("%5", course["trainer"] or self.tr("not given"))
                .replace("%2", str(len(sessions)))
                .replace("%3", str(sum(1 for s in sessions if s["optional"])))
                .replace("%4", course["venue"] or self.tr("not given"))
            )
        else:
            self.course_words.setText(self.tr("Choose a course."))
        total = len(course["sessions"]) if course else 0
        experience = experience_words()
        self.trainees_model.set_rows(
            [
                (
                    r.trainee["code"],
                    r.trainee["name"] or "",
                    r.trainee["profession"] or "",
                    experience.get(r.trainee["experience"] or "", ""),
                    f"{len(r.enrolment['attended_sessions'])} / {total}",
                    uk(done.get((r.trainee["code"], "baseline"))),
                    uk(done.get((r.trainee["code"], "follow_up_3m"))),
                    uk(r.enrolment["completed_on"]),
                )
                for r in self._rows
            ],
            [r.enrolment["id"] for r in self._rows],
        )
        if not (keep and select_key(self.trainees, keep)) and self._rows:
            self.trainees.selectRow(0)
        self._enable()

    def _chosen(self) -> training.EnrolledTrainee | None:
        key = selected_key(self.trainees)
        return next((r for r in self._rows if r.enrolment["id"] == key), None)

    def _enable(self) -> None:
        allowed = session.can(RUN_TRAINING)
        course = selected_key(self.courses) is not None
        person = self._chosen() is not None
        for button in (self.new_course,):
            button.setEnabled(allowed)
        for button in (self.change_course, self.add_trainee, self.questionnaire):
            button.setEnabled(allowed and course)
        for button in (self.change_trainee, self.attendance, self.completed, self.chart):
            button.setEnabled(allowed and person)
        chosen = self._chosen()
        self.certificate.setEnabled(
            allowed and chosen is not None and bool(chosen.enrolment["completed_on"])
        )
        self.report.setEnabled(allowed)

    # -- courses and trainees ---------------------------------------------------------

    def _run(self, dialog: QDialog) -> object | None:
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _new_course(self) -> None:
        saved = self._run(CourseDialog(self.store, self.staff, parent=self))
        if saved:
            self.refresh(keep=saved["id"])

    def _change_course(self) -> None:
        course = self._course()
        if course and self._run(CourseDialog(self.store, self.staff, course, parent=self)):
            self.refresh()

    def _add_trainee(self) -> None:
        course_id = selected_key(self.courses)
        if course_id and self._run(TraineeDialog(self.store, self.staff, course_id, parent=self)):
            self.refresh()

    def _change_trainee(self) -> None:
        chosen = self._chosen()
        if chosen and self._run(
            TraineeDialog(self.store, self.staff, None, chosen.trainee, parent=self)
        ):
            self.refresh()

    def _attendance(self) -> None:
        chosen, course = self._chosen(), self._course()
        if chosen and course:
            if self._run(AttendanceDialog(self.store, self.staff, chosen, course, parent=self)):
                self.refresh()

    def _completed(self) -> None:
        chosen = self._chosen()
        if chosen and self._run(CompletedDialog(self.store, self.staff, chosen, parent=self)):
            self.refresh()

    def _questionnaire(self) -> None:
        course_id, chosen = selected_key(self.courses), self._chosen()
        code = chosen.trainee["code"] if chosen else ""
        if course_id and self._run(
            QuestionnaireDialog(self.store, self.staff, str(course_id), code, parent=self)
        ):
            self.refresh()

    # -- printing ---------------------------------------------------------------------

    def _chart(self) -> None:
        self._print_for_trainee(
            self.tr("Save the baseline chart"),
            "Baseline confidence",
            printing.write_baseline_chart_for,
            self.tr("The baseline chart"),
        )

    def _certificate(self) -> None:
        self._print_for_trainee(
            self.tr("Save the certificate"),
            "Certificate",
            printing.write_certificate_for,
            self.tr("The certificate"),
        )

    def _print_for_trainee(self, title: str, name: str, writer, what: str) -> None:
        """A PDF for the chosen trainee, in their name or their code as the box says."""
        chosen = self._chosen()
        if chosen is None:
            return
        enrolment_id, names, staff = (
            chosen.enrolment["id"],
            self.use_names.isChecked(),
            self.staff(),
        )
        write_file(
            self,
            self.store,
            title=title,
            name=f"{name} {printing.shown_as(chosen.trainee, names)}",
            filters=PDF,
            suffix=".pdf",
            write=lambda s, p: writer(s, enrolment_id, p, staff, names),
            what=what,
        )

    def _paper_form(self) -> None:
        course_id = selected_key(self.courses)
        write_file(
            self,
            self.store,
            title=self.tr("Save the paper questionnaire"),
            name="10 Footsteps training questionnaire",
            filters=PDF,
            suffix=".pdf",
            write=lambda s, p: printing.write_paper_form_for(s, p, course_id),
            what=self.tr("The paper questionnaire"),
        )

    def _report(self) -> None:
        dialog = ReportChoiceDialog(self._course(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        course_id, date_from, date_to, suffix = dialog.choice
        staff = self.staff()
        write_file(
            self,
            self.store,
            title=self.tr("Save the training report"),
            name=dialog.file_name,
            filters=self.tr("Excel workbook (*.xlsx);;PDF (*.pdf)")
            if suffix == ".xlsx"
            else self.tr("PDF (*.pdf);;Excel workbook (*.xlsx)"),
            suffix=suffix,
            write=lambda s, p: printing.write_training_report_for(
                s, p, staff, course_id=course_id, date_from=date_from, date_to=date_to
            ),
            what=self.tr("The training report"),
        )


class ReportChoiceDialog(QDialog):
    """The chosen course, or every course starting between two dates; PDF or workbook."""

    def __init__(self, course: dict | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Training report"))
        self.course = course
        self.which = QComboBox(self)
        self.which.setAccessibleName(self.tr("Courses"))
        if course:
            self.which.addItem(self.tr("This course: %1").replace("%1", course["title"]), "course")
        self.which.addItem(self.tr("Every course starting between the dates"), "dates")
        today = date.today()
        self.date_from = DateEntry(self, value=date(today.year - 1, today.month, 1),
                                   name=self.tr("From"))  # fmt: skip
        self.date_to = DateEntry(self, value=today, name=self.tr("To"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("File"))
        self.kind.addItem(self.tr("PDF, with the spider chart"), ".pdf")
        self.kind.addItem(self.tr("Excel workbook"), ".xlsx")
        form = QFormLayout(self)
        form.addRow(self.tr("&Courses:"), self.which)
        form.addRow(self.tr("&From:"), self.date_from)
        form.addRow(self.tr("&To:"), self.date_to)
        form.addRow(self.tr("F&ile:"), self.kind)
        form.addRow(
            hint(self, self.tr("Questionnaires are paired by course and anonymous code; any "
                               "without its partner is counted and left out."))
        )  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.tr("&Make the report…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.choice: tuple = ()
        self.file_name = ""

    def _choose(self) -> None:
        suffix = self.kind.currentData()
        if self.which.currentData() == "course" and self.course:
            self.choice = (self.course["id"], None, None, suffix)
            self.file_name = f"Training report {self.course['title']}"
        else:
            if not (self.date_from.check() and self.date_to.check()):
                return  # the reason is shown beside the date
            start, end = self.date_from.date(), self.date_to.date()
            self.choice = (None, start, end, suffix)
            self.file_name = f"Training report {start} to {end}"
        self.accept()
