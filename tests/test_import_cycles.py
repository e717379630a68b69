"""No new import cycles: two modules that import each other (directly or round a loop) can
only be understood, tested and moved together, and an import-time loop fails on first use.

The loops named below were there before this check; each says why it is tolerated. A new
loop fails the test with the modules in it, so it is broken where it is made.
"""

import re

import grimp

# Each known loop as the patterns its modules match: a loop is known when every module in
# it matches one pattern of the same entry (so a new migration step joining the store's loop,
# as each step that installs outbox triggers does, is not a new loop).
KNOWN_LOOPS = (
    # Opening a database runs the migrations, whose steps install the outbox triggers, and
    # the outbox reads records through the open Store.
    (
        r"store\.database",
        r"store\.migrations",
        r"store\.outbox",
        r"store\.records",
        r"store\.migrations\.m\d{4}_\w+",
    ),
    # A community database is a service database plus a bundle of its directory.
    (r"services\.accounts", r"services\.bundles", r"services\.community"),
    # The hub status line opens the hub dialog, which shows the status line.
    (r"ui\.screens\.hub\.controller", r"ui\.screens\.hub\.page"),
    # The first-run guide and its pages (each page asks the guide where to go next).
    (r"ui\.first_run\.\w+",),
)


def _known(loop: frozenset[str]) -> bool:
    return any(
        all(any(re.fullmatch(pattern, module) for pattern in patterns) for module in loop)
        for patterns in KNOWN_LOOPS
    )


def import_loops(package: str) -> list[frozenset[str]]:
    """The sets of modules that reach each other through imports (Tarjan's strongly
    connected components), names relative to ``package``."""
    graph = grimp.build_graph(package)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules:
                continue
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            found = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                found.add(member)
                if member == module:
                    break
            if len(found) > 1:
                loops.append(frozenset(m.removeprefix(package + ".") for m in found))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return loops


def test_no_new_import_loop():
    new = [sorted(loop) for loop in import_loops("painclinic_desktop") if not _known(loop)]
    assert new == [], "modules that import each other round a loop: " + repr(new)


def test_the_check_finds_a_loop(tmp_path, monkeypatch):
    package = tmp_path / "looping"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def later():\n    from . import a\n")
    (package / "c.py").write_text("from . import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_loops("looping") == [frozenset({"a", "b"})]
