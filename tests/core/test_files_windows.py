"""Writing files on Windows, with the platform simulated (these run on Linux in CI): a target
held open by another program, and paths longer than Windows allows."""

from __future__ import annotations

import errno
import os

import pytest

from painclinic_desktop.core import files
from painclinic_desktop.core.files import CannotWrite, write_atomically


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(files, "on_windows", lambda: True)
    monkeypatch.setattr(files, "OPEN_ELSEWHERE_WAIT", 0.3)
    return monkeypatch


def _refuse_replacing(monkeypatch, times: int) -> list[int]:
    """os.replace fails as Windows does while another program has the target open."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(1)
        if len(calls) <= times:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    return calls


def test_a_return_open_in_excel_for_a_moment_is_replaced_once_it_is_closed(windows, tmp_path):
    target = tmp_path / "Monthly return 2026-11.xlsx"
    target.write_bytes(b"last month")
    calls = _refuse_replacing(windows, times=2)
    write_atomically(target, b"this month")
    assert target.read_bytes() == b"this month" and len(calls) == 3


def test_a_file_kept_open_elsewhere_is_named_and_left_unchanged(windows, tmp_path):
    target = tmp_path / "Monthly return 2026-11.xlsx"
    target.write_bytes(b"last month")
    _refuse_replacing(windows, times=10_000)
    with pytest.raises(CannotWrite, match="open in another program"):
        write_atomically(target, b"this month")
    assert target.read_bytes() == b"last month"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_off_windows_a_refused_rename_is_not_retried(monkeypatch, tmp_path):
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    calls = _refuse_replacing(monkeypatch, times=1)
    with pytest.raises(CannotWrite, match="not allowed"):
        write_atomically(target, b"new")
    assert len(calls) == 1 and target.read_bytes() == b"old"


def test_a_path_longer_than_windows_allows_gets_a_plain_reason(windows, tmp_path):
    folder = tmp_path / ("Referrals and returns for the Bradford persistent pain service " * 4)
    target = folder / "GP summaries" / "Begum R 9434765919 2026-12-06 GP summary.pdf"
    assert len(str(target)) > files.WINDOWS_MAX_PATH

    def too_long(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "The system cannot find the path specified")

    windows.setattr(files.tempfile, "mkstemp", too_long)
    with pytest.raises(CannotWrite, match=r"more than Windows allows \(259\)"):
        write_atomically(target, b"summary")
