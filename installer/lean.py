"""Keeping the bundle lean: Qt plugins the app never loads, and libraries only they need.

PyInstaller's Qt hooks collect every plugin of a category (all platforms, all themes...).
Those for embedded screens (eglfs, linuxfb, vnc, evdev), the GTK theme (it drags in GTK,
Cairo and Pango, which would not load anyway without GTK on the laptop) and rare image
formats are dropped here, together with the libraries nothing else in the bundle needs.
"""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import PurePosixPath

QT_PLUGINS = "PySide6/Qt/plugins/"
UNUSED_PLUGINS = {
    "platforms": {
        "libqeglfs.so",
        "libqlinuxfb.so",
        "libqminimalegl.so",
        "libqvkkhrdisplay.so",
        "libqvnc.so",
    },
    "platformthemes": {"libqgtk3.so"},
    "egldeviceintegrations": None,  # None: the whole category
    "generic": None,
    "imageformats": {"libqicns.so", "libqtga.so", "libqtiff.so", "libqwbmp.so"},
}


def is_unused_plugin(dest: str) -> bool:
    """True for a bundle path like ``PySide6/Qt/plugins/platforms/libqvnc.so``."""
    if not dest.replace("\\", "/").startswith(QT_PLUGINS):
        return False
    parts = PurePosixPath(dest.replace("\\", "/")[len(QT_PLUGINS) :]).parts
    if len(parts) != 2 or parts[0] not in UNUSED_PLUGINS:
        return False
    names = UNUSED_PLUGINS[parts[0]]
    return names is None or parts[1] in names


def needed_libraries(path: str) -> set[str]:
    """Names of the shared libraries an ELF file asks for (objdump, from binutils)."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return {
        line.split()[1]
        for line in result.stdout.splitlines()
        if line.strip().startswith("NEEDED") and len(line.split()) > 1
    }


def lean_binaries(binaries: list, needed=needed_libraries) -> tuple[list, list]:
    """(kept, dropped) entries of a PyInstaller TOC of (dest, source, typecode).

    A library is dropped only when no kept binary reaches it through NEEDED entries, so a
    library the app itself uses always stays. Links (typecode SYMLINK, source = target) go
    with their target.
    """
    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    plugins = [entry for entry in files if is_unused_plugin(entry[0])]
    others = [entry for entry in files if not is_unused_plugin(entry[0])]
    by_name = {_name(dest): src for dest, src, _ in others}
    reached_from_plugins = _closure([src for _, src, _ in plugins], by_name, needed)
    roots = [src for dest, src, _ in others if _name(dest) not in reached_from_plugins]
    orphans = reached_from_plugins - _closure(roots, by_name, needed)
    dropped = plugins + [entry for entry in others if _name(entry[0]) in orphans]
    kept = without_links_to([e for e in binaries if e not in dropped], dropped)
    return kept, dropped


def without_links_to(toc: list, dropped: list) -> list:
    """``toc`` less the links (typecode SYMLINK, source = target) into dropped files.
    PyInstaller lists such links among the data files."""
    gone = {_posix(dest) for dest, _, _ in dropped}
    return [
        (dest, src, typecode)
        for dest, src, typecode in toc
        if typecode != "SYMLINK" or _link_target(dest, src) not in gone
    ]


def _posix(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/"))


def _link_target(dest: str, target: str) -> str:
    return _posix(posixpath.join(posixpath.dirname(_posix(dest)), _posix(target)))


def _name(dest: str) -> str:
    return PurePosixPath(_posix(dest)).name


def _closure(sources: list[str], by_name: dict, needed) -> set[str]:
    """Names of bundled libraries reachable from ``sources``."""
    seen: set[str] = set()
    queue = list(sources)
    while queue:
        for library in needed(queue.pop()):
            if library in by_name and library not in seen:
                seen.add(library)
                queue.append(by_name[library])
    return seen
