"""The dependency rule: only ui/ may import Qt or pyqtgraph (ui -> services -> store -> core)."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "painclinic_desktop"
GUI_LIBRARIES = ("PySide6", "pyqtgraph", "shiboken6")
QT_FREE = ("core", "store", "services", "reports", "commands")
# Each layer may import only from the layers below it.
FORBIDDEN_LAYERS = {
    "core": ("store", "services", "reports", "ui", "commands"),
    "store": ("services", "reports", "ui", "commands"),
    "services": ("ui", "commands"),
    "reports": ("store", "services", "ui", "commands"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = "." * node.level
            names.append(prefix + (node.module or ""))
            if node.level and not node.module:
                names.extend(prefix + alias.name for alias in node.names)
    return names


def _layer_of(module: str, file: Path) -> str | None:
    """The top-level subpackage an (absolute or relative) import lands in."""
    if module.startswith("painclinic_desktop."):
        return module.split(".")[1]
    if module.startswith("."):
        level = len(module) - len(module.lstrip("."))
        base = file.parent
        for _ in range(level - 1):
            base = base.parent
        target = (base / module.lstrip(".").replace(".", "/")).resolve()
        try:
            return target.relative_to(PACKAGE.resolve()).parts[0]
        except (ValueError, IndexError):
            return None
    return None


def test_no_gui_library_outside_ui():
    offenders = []
    for layer in QT_FREE:
        for file in (PACKAGE / layer).rglob("*.py"):
            for module in _imports(file):
                if module.split(".")[0] in GUI_LIBRARIES:
                    offenders.append(f"{file.relative_to(PACKAGE)} imports {module}")
    for file in (PACKAGE / "cli.py", PACKAGE / "paths.py"):
        offenders += [
            f"{file.name} imports {m}" for m in _imports(file) if m.split(".")[0] in GUI_LIBRARIES
        ]
    assert offenders == []


def test_layers_only_import_downwards():
    offenders = []
    for layer, forbidden in FORBIDDEN_LAYERS.items():
        for file in (PACKAGE / layer).rglob("*.py"):
            for module in _imports(file):
                target = _layer_of(module, file)
                if target in forbidden:
                    offenders.append(f"{file.relative_to(PACKAGE)} imports {module}")
    assert offenders == []


def test_the_command_line_runs_without_loading_qt():
    code = (
        "import sys; from painclinic_desktop import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {GUI_LIBRARIES!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_services_run_no_sql_of_their_own():
    """SQL statements live in store/ and services call them. (Where-clauses handed to
    records.select are still written in services; moving them is the next step.)"""
    offenders = []
    for file in (PACKAGE / "services").rglob("*.py"):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if ".execute(" in line or ".executemany(" in line:
                offenders.append(f"{file.name}:{number}")
    assert offenders == []
