"""Frozen entry point of ``painclinic-desktop`` (the window).

``--check-imports`` (used by build.sh only) imports every module of the app and the libraries
it loads lazily, then exits: a module left out of the bundle shows here, not on a client's
record page months later.
"""

import sys

LAZY_LIBRARIES = (
    "scipy.stats",
    "openpyxl",
    "reportlab.platypus",
    "reportlab.graphics.shapes",
    "pyqtgraph",
    "argon2",
    "sqlcipher3",
    "cryptography.hazmat.primitives.ciphers.aead",
)


def check_imports() -> int:
    import importlib
    import pkgutil

    import painclinic_desktop

    modules = pkgutil.walk_packages(painclinic_desktop.__path__, "painclinic_desktop.")
    names = [m.name for m in modules if not m.name.endswith("__main__")]  # that one starts the app
    failed = []
    for name in [*names, *LAZY_LIBRARIES]:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 — every failure is listed, then the check fails
            failed.append(f"{name}: {exc!r}")
    print(f"imported {len(names)} app modules and {len(LAZY_LIBRARIES)} libraries")
    for line in failed:
        print(f"import failed: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check-imports"]:
        sys.exit(check_imports())
    from painclinic_desktop.app import main

    sys.exit(main())
