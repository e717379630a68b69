"""Folders a Windows laptop must not keep the database in, checked with Windows' path rules
(the platform is simulated: these run on Linux in CI)."""

from __future__ import annotations

import sys

import pytest

from painclinic_desktop.store import location


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(location, "_windows_remote", lambda path: False)
    for name in location.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_folder_moved_into_a_business_onedrive_is_refused_whatever_it_is_called(windows):
    # Known Folder Move: Documents lives under "OneDrive - <trust>", here named without it.
    windows.setenv("OneDriveCommercial", r"C:\Users\rbegum\Bradford Care Trust")
    problem = location.location_problem(r"c:\users\RBEGUM\bradford care trust\Documents\pc.db")
    assert problem is not None and "OneDrive" in problem


def test_the_local_app_data_folder_beside_onedrive_is_allowed(windows):
    windows.setenv("OneDriveCommercial", r"C:\Users\rbegum\Trust Files")
    assert location.location_problem(r"C:\Users\rbegum\AppData\Local\PainClinic\pc.db") is None
    # A sibling whose name merely starts the same is not inside the synced folder.
    assert location.location_problem(r"C:\Users\rbegum\Trust Files Old\pc.db") is None
    assert location.location_problem(r"C:\Users\rbegum\Trust Files\pc.db") is not None


def test_refusal_names_the_synced_folder_and_opens_nothing(windows):
    windows.setenv("OneDrive", r"D:\Sync")
    with pytest.raises(location.UnsafeLocation, match=r"D:\\Sync"):
        location.ensure_safe_location(r"D:\Sync\PainClinic\pc.db")


def test_onedrive_variables_mean_nothing_off_windows(monkeypatch, tmp_path):
    monkeypatch.setenv("OneDrive", str(tmp_path))
    assert location.location_problem(tmp_path / "Documents" / "pc.db") is None
