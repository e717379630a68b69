"""Every relative import in the package, including those inside functions (loaded only when a
button is pressed), names a module that exists: a dot too many fails only at the click."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "painclinic_desktop"


def _exists(base: Path, dotted: str) -> bool:
    target = base.joinpath(*dotted.split(".")) if dotted else base
    return target.with_suffix(".py").is_file() or (target / "__init__.py").is_file()


def _unresolved(file: Path) -> list[str]:
    bad = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = file.parent
        for _ in range(node.level - 1):
            base = base.parent
        inside = base.resolve().is_relative_to(PACKAGE.resolve())
        if not inside or not _exists(base, node.module or ""):
            bad.append(f"{file.relative_to(PACKAGE)}:{node.lineno} {'.' * node.level}{node.module}")
    return bad


def test_every_relative_import_names_a_module_inside_the_package():
    offenders = [bad for file in sorted(PACKAGE.rglob("*.py")) for bad in _unresolved(file)]
    assert offenders == []
