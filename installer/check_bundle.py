"""Fail the build when the bundle lacks a library the app needs.

PyInstaller only warns when a library cannot be found on the build machine, and the bundle
then fails on a laptop with a message about a missing ``.so``. This check turns those warnings
into errors, except where they cannot matter:

- the library was wanted by a file that is not in the bundle (a Qt plugin left out by
  ``lean.py``, such as the GTK theme);
- Windows system libraries named by ``ctypes`` code that runs only on Windows.

It also reads what every ELF file in the bundle asks for: each library must be in the bundle
or be one PyInstaller leaves to the operating system (C library, OpenGL/EGL, xcb, Wayland);
those are printed, because the laptop has to provide them (docs/INSTALL.md), with the oldest
C library (glibc) the bundle runs on: that of the build machine, or newer.

Usage: python installer/check_bundle.py BUILD_LOG BUNDLE_FOLDER
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

MISSING = re.compile(r"Library not found: could not resolve '([^']+)', dependency of '([^']+)'")
MISSING_CTYPES = re.compile(r"Library (\S+) required via ctypes not found")
# Windows system libraries that Linux code paths never load (filelock's Windows module names
# ntdll; the app's own Windows branches name the others).
WINDOWS_ONLY = {
    "kernel32",
    "user32",
    "shell32",
    "ole32",
    "advapi32",
    "shlwapi",
    "comctl32",
    "ntdll",
}
LOADER = re.compile(r"^ld-linux.*\.so\.\d+$")


def log_problems(log: str, bundled_names: set[str], windows: bool = False) -> list[str]:
    """Missing-library warnings in a PyInstaller log that matter for this bundle."""
    problems = []
    for library, wanted_by in MISSING.findall(log):
        if Path(wanted_by.replace("\\", "/")).name in bundled_names:
            problems.append(f"{library} (needed by {Path(wanted_by).name}) was not found")
    for library in MISSING_CTYPES.findall(log):
        if windows or library.lower() not in WINDOWS_ONLY:
            problems.append(f"{library} (loaded with ctypes) was not found")
    return sorted(set(problems))


def elf_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def dynamic_section(path: Path) -> tuple[list[str], set[tuple[int, ...]]]:
    """(libraries the file asks for, C library versions it needs), read with objdump."""
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    libraries = [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]
    glibc = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"\bGLIBC_([\d.]+)", out)}
    return libraries, glibc


def scan(folder: Path, left_to_system) -> tuple[dict[str, int], dict[str, list[str]], tuple]:
    """(system libraries with how many files ask for them, unresolved library -> askers,
    the newest C library version any file needs)."""
    names = {path.name for path in folder.rglob("*")}
    system: dict[str, int] = {}
    unresolved: dict[str, list[str]] = {}
    newest_glibc: tuple[int, ...] = ()
    for path in elf_files(folder):
        libraries, glibc = dynamic_section(path)
        newest_glibc = max([newest_glibc, *glibc])
        for library in libraries:
            if library in names:
                continue
            if LOADER.match(library) or left_to_system(library):
                system[library] = system.get(library, 0) + 1
            else:
                unresolved.setdefault(library, []).append(str(path.relative_to(folder)))
    return system, unresolved, newest_glibc


def main(argv: list[str]) -> int:
    log_path, bundle = Path(argv[0]), Path(argv[1])
    from PyInstaller.depend.dylib import include_library

    names = {path.name for path in bundle.rglob("*")}
    problems = log_problems(log_path.read_text(encoding="utf-8", errors="replace"), names)
    system, unresolved, glibc = scan(bundle, lambda library: not include_library(library))
    for library, askers in sorted(unresolved.items()):
        problems.append(f"{library} is needed by {', '.join(askers[:3])} but not bundled")
    print("libraries the computer must provide: " + ", ".join(sorted(system)))
    print("C library needed: glibc " + ".".join(map(str, glibc)) + " or newer")
    for problem in problems:
        print(f"missing library: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
