"""The one rows model behind every list of the record, groups, directory and MDT screens:
each row keeps its key, warning rows show in the warning colour, and each list keeps the
tooltips and emphasis it had before the two models became one."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from painclinic_desktop.ui.widgets.rows_model import KEY_ROLE, WARNING, RowsModel
from painclinic_desktop.ui.widgets.table import (
    current_key,
    make_table,
    select_key,
    selected_key,
)

ROWS = [("06-Dec-2026", "Risk", "Said they felt hopeless"), ("01-Dec-2026", "Carer", "")]


def _cell(model, row, column, role):
    return model.data(model.index(row, column), role)


def test_a_record_list_shows_each_whole_cell_as_its_tooltip_and_warns_without_bold():
    model = RowsModel(["Date", "Flag", "Why"], cell_tips=True, bold_warn=False)
    model.set_rows(ROWS, ["flag-1", "flag-2"], {0})
    assert _cell(model, 0, 2, Qt.ItemDataRole.ToolTipRole) == "Said they felt hopeless"
    assert _cell(model, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == QColor(WARNING)
    assert _cell(model, 0, 0, Qt.ItemDataRole.FontRole) is None
    assert _cell(model, 1, 0, Qt.ItemDataRole.ForegroundRole) is None
    assert _cell(model, 1, 0, KEY_ROLE) == "flag-2"


def test_a_page_list_shows_its_own_tips_and_a_bold_first_cell_on_warning_rows():
    model = RowsModel(["Date", "Flag", "Why"])
    model.set_rows(ROWS, ["a", "b"], {1}, {0: "Booked by Coach One"})
    assert _cell(model, 0, 1, Qt.ItemDataRole.ToolTipRole) == "Booked by Coach One"
    assert _cell(model, 1, 1, Qt.ItemDataRole.ToolTipRole) is None
    assert _cell(model, 1, 0, Qt.ItemDataRole.FontRole).bold()
    assert _cell(model, 1, 1, Qt.ItemDataRole.FontRole) is None
    assert _cell(model, 0, 2, Qt.ItemDataRole.AccessibleTextRole) == "Said they felt hopeless"


def test_rows_without_keys_and_the_table_selection_helpers(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    model = RowsModel(["Date", "Flag", "Why"], parent)
    model.set_rows(ROWS)
    assert model.key_at(0) is None and model.key_at(5) is None
    model.set_rows(ROWS, ["a", "b"])
    table = make_table(parent, model, "Flags", empty="No flags")
    assert selected_key(table) is None and current_key(table) is None
    assert select_key(table, "b")
    assert selected_key(table) == "b" and current_key(table) == "b"
    assert not select_key(table, "missing")
