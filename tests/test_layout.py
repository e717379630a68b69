"""Tests mirror the package, so "where is the test for X" has one answer: a test of
``painclinic_desktop/<layer>/<module>.py`` is ``tests/<layer>/test_<module>[_<more>].py``
(``core/measures/safety.py`` → ``tests/core/test_measures_safety.py``; ``ui/screens/groups``
→ ``tests/ui/test_groups_register.py``). Journeys through several parts are named below.
Only ``tests/ui`` (and the cross-cutting ``security`` and ``hub`` folders) hold GUI tests."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent
PACKAGE = TESTS.parent / "painclinic_desktop"
MIRRORED = ("core", "store", "services", "reports", "ui", "commands")
QT_FREE = ("core", "store", "services", "reports", "commands")

# Tests of a journey or a property of the whole, not of one module.
JOURNEYS = {
    "services/test_cancel.py": "Cancel leaves nothing behind, for import, export and evaluation",
    "reports/test_report_reading_and_printing.py": "the return and evaluation workbooks as read",
    "ui/test_chart_stability.py": "the Qt binding pinned in pyproject.toml",
    "ui/test_every_action.py": "every menu action and button pressed",
    "ui/test_exit.py": "quitting cleanly after charts",
    "ui/test_first_day.py": "a new service's first day",
    "ui/test_new_client.py": "a first client on a new database",
    "ui/test_pressing.py": "the pressing harness in tests/ui/pressing.py",
    "ui/test_unsaved_text.py": "nothing typed is lost, across every form",
}


def _module_names(layer: str) -> set[str]:
    """Every name a test file may start with: each module and package below the layer, as
    its own name and joined with the packages it sits in (``measures_safety``)."""
    names = set()
    for path in (PACKAGE / layer).rglob("*.py"):
        parts = [p for p in path.relative_to(PACKAGE / layer).with_suffix("").parts]
        parts = [p for p in parts if p != "__init__"]
        for start in range(len(parts)):
            for end in range(start + 1, len(parts) + 1):
                names.add("_".join(parts[start:end]))
    return names


def unmatched_tests() -> list[str]:
    found = []
    for layer in MIRRORED:
        names = _module_names(layer)
        for test in sorted((TESTS / layer).glob("test_*.py")):
            words = test.stem.removeprefix("test_").split("_")
            prefixes = {"_".join(words[:n]) for n in range(1, len(words) + 1)}
            name = f"{layer}/{test.name}"
            if not prefixes & names and name not in JOURNEYS:
                found.append(name)
    return found


def test_each_test_file_names_the_module_it_tests():
    assert unmatched_tests() == []


def test_the_journeys_named_still_exist():
    assert [name for name in JOURNEYS if not (TESTS / name).exists()] == []


# GUI tests still to be moved to tests/ui (a file here mixes service and dialog tests).
GUI_TESTS_TO_MOVE = {"services/test_service_report.py"}


def _gui_module(module: str) -> bool:
    """A ui module other than a screen's Qt-free state (import-linter keeps those Qt-free)."""
    return module.startswith("painclinic_desktop.ui") and not module.endswith("state")


def test_no_gui_test_outside_the_ui_folders():
    """A store, core, services, reports or commands test runs without Qt."""
    offenders = []
    for layer in QT_FREE:
        for test in (TESTS / layer).rglob("*.py"):
            tree = ast.parse(test.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                modules = []
                if isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    modules = [node.module]
                if any(m.split(".")[0] in ("PySide6", "pytestqt", "pyqtgraph") for m in modules):
                    offenders.append(str(test.relative_to(TESTS)))
                elif isinstance(node, ast.arg) and node.arg == "qtbot":
                    offenders.append(str(test.relative_to(TESTS)))
                elif any(_gui_module(m) for m in modules):
                    offenders.append(str(test.relative_to(TESTS)))
    assert sorted(set(offenders) - GUI_TESTS_TO_MOVE) == []
