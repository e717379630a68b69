"""The installer's own files: the desktop entry and AppStream data are well-formed and agree
with each other, the PyInstaller specification builds both programs the package declares, and
the lean and missing-library rules of the build do what they say.

The bundle build itself takes minutes and is run by installer/build.sh, not here."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from painclinic_desktop import __version__

ROOT = Path(__file__).parents[1]
INSTALLER = ROOT / "installer"
APP_ID = "org.painclinic.Desktop"
DESKTOP = INSTALLER / "linux" / f"{APP_ID}.desktop"
METAINFO = INSTALLER / "linux" / f"{APP_ID}.metainfo.xml"

sys.path.insert(0, str(INSTALLER))
import check_bundle  # noqa: E402
import lean  # noqa: E402


def desktop_entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser


def test_the_desktop_entry_starts_the_app_with_its_icon_and_a_demo_action():
    entry = desktop_entry()
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application" and main["Name"] == "PainClinic Desktop"
    assert main["Exec"] == "painclinic-desktop" and main["Terminal"] == "false"
    assert main["Icon"] == APP_ID
    for key in ("Categories", "Keywords", "Actions"):
        assert main[key].endswith(";"), f"{key} is a list and must end with ';'"
    actions = [a for a in main["Actions"].split(";") if a]
    assert actions == ["demo"]
    assert entry["Desktop Action demo"]["Exec"] == "painclinic-desktop --demo"
    assert set(entry.sections()) == {"Desktop Entry", "Desktop Action demo"}


def test_the_desktop_entry_passes_the_freedesktop_validator():
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate (desktop-file-utils) is not installed")
    result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_appstream_data_names_the_desktop_entry_programs_and_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") and root.findtext("project_license")
    assert root.findtext("name") == "PainClinic Desktop" and root.findtext("summary")
    assert root.find("description/p") is not None
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert {b.text for b in root.findall("provides/binary")} == {"painclinic-desktop", "painclinic"}
    assert root.find("releases/release").get("version") == __version__


def _spec_programs() -> dict[str, str]:
    """Program name -> entry script, from the program(...) calls in the specification."""
    tree = ast.parse((INSTALLER / "painclinic.spec").read_text(encoding="utf-8"))
    programs = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "program":
            entry, name = (arg.value for arg in node.args[2:4])
            programs[name] = entry
    return programs


def test_the_specification_builds_both_programs_the_package_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {**project["scripts"], **project["gui-scripts"]}
    programs = _spec_programs()
    assert set(programs) == set(declared) == {"painclinic-desktop", "painclinic"}
    for name, entry in programs.items():
        module, function = declared[name].split(":")
        script = (INSTALLER / f"{entry}.py").read_text(encoding="utf-8")
        assert f"from {module} import {function}" in script, f"{entry}.py does not start {name}"


def test_the_windows_installer_keeps_the_data_folder_and_carries_this_version():
    script = (INSTALLER / "windows" / "painclinic.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in script
    assert not re.search(r"^\[UninstallDelete\]", script, re.MULTILINE)
    assert "{localappdata}\\PainClinic" in script  # where the uninstaller says the data is
    assert 'Parameters: "--demo"' in script
    assert (INSTALLER / "windows" / "painclinic.ico").exists()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_icon_comes_in_every_size_the_desktops_ask_for():
    icons = ROOT / "resources" / "icons"
    ET.parse(icons / "painclinic.svg")  # well-formed drawing
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(icons / f"painclinic-{size}.png") == (size, size)
    header = (INSTALLER / "windows" / "painclinic.ico").read_bytes()[:6]
    reserved, kind, count = struct.unpack("<HHH", header)
    assert (reserved, kind, count) == (0, 1, 7)


def test_lean_drops_an_unused_plugin_and_libraries_only_it_needs():
    needs = {
        "/qt/libqgtk3.so": {"libgtk-3.so.0", "libQt6Gui.so.6"},
        "/sys/libgtk-3.so.0": {"libcairo.so.2"},
        "/sys/libcairo.so.2": {"libfreetype.so.6"},
        "/qt/libQt6Gui.so.6": {"libfreetype.so.6"},
        "/qt/QtGui.abi3.so": {"libQt6Gui.so.6"},
    }
    toc = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/qt/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/libqxcb.so", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/qt/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        ("libgtk-3.so.0", "/sys/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/sys/libcairo.so.2", "BINARY"),
        ("libfreetype.so.6", "/sys/libfreetype.so.6", "BINARY"),
    ]
    kept, dropped = lean.lean_binaries(toc, needed=lambda src: needs.get(src, set()))
    assert [d for d, _, _ in dropped] == [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libgtk-3.so.0",
        "libcairo.so.2",
    ]
    kept_names = [d for d, _, _ in kept]  # what Qt itself needs stays, though GTK needed it too
    assert "PySide6/Qt/lib/libQt6Gui.so.6" in kept_names and "libfreetype.so.6" in kept_names
    links = [
        ("libgtk-3.so.0.link", "libgtk-3.so.0", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    assert lean.without_links_to(links, dropped) == links[1:]


def test_the_build_fails_only_for_missing_libraries_the_bundle_needs():
    log = (
        "WARNING: Library not found: could not resolve 'libgtk-3.so.0', dependency of "
        "'/venv/PySide6/Qt/plugins/platformthemes/libqgtk3.so'.\n"
        "WARNING: Library not found: could not resolve 'libxcb-cursor.so.0', dependency of "
        "'/venv/PySide6/Qt/plugins/platforms/libqxcb.so'.\n"
        "WARNING: Library user32 required via ctypes not found\n"
        "WARNING: Library ntdll required via ctypes not found\n"  # filelock's Windows module
    )
    bundled = {"libqxcb.so", "libQt6Gui.so.6"}  # the GTK theme was left out
    assert check_bundle.log_problems(log, bundled) == [
        "libxcb-cursor.so.0 (needed by libqxcb.so) was not found"
    ]
    assert check_bundle.log_problems(log, bundled, windows=True)[0].startswith("libxcb-cursor")
    assert "user32 (loaded with ctypes) was not found" in check_bundle.log_problems(
        log, bundled, windows=True
    )
