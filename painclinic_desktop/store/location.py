"""Refusing folders where SQLite cannot keep a database safe.

A network share can lose or tear writes (its locking is not what SQLite relies on), and a
cloud-synced folder copies the file half-written and may bring back an old copy over a new
one. Either can quietly lose saved work, so a database there is refused with an explanation.
"""

from __future__ import annotations

import ntpath
import os
import sys
from pathlib import Path

from ..core.security_errors import UnsafeLocation

# Folder names the common sync clients use (compared without case, as a prefix).
CLOUD_FOLDERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "icloud~",
    "mobile documents",
    "box sync",
    "box drive",
    "pcloud drive",
    "nextcloud",
    "owncloud",
    "megasync",
    "sync.com",
    "creative cloud files",
)
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
        "afs",
        "ncpfs",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "9p",
        "lustre",
    }
)


# Where OneDrive keeps its files on Windows, including folders moved into it by "Known Folder
# Move" (a Documents folder under a business OneDrive whose name may not say OneDrive).
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def location_problem(path: str | Path) -> str | None:
    """Why the database at ``path`` must not be used there, or None when the folder is safe."""
    synced = _onedrive_root(str(path))
    resolved = Path(os.path.abspath(path))
    if synced:
        return (
            f"The database is in a folder OneDrive syncs ({synced}). Syncing can copy it "
            "half-written or bring back an old copy, losing saved work."
        )
    for part in resolved.parts:
        name = part.casefold()
        if any(name.startswith(folder) for folder in CLOUD_FOLDERS):
            return (
                f"The database is in a cloud-synced folder ({part}). Syncing can copy it "
                "half-written or bring back an old copy, losing saved work."
            )
    if _on_network_drive(resolved):
        return (
            "The database is on a network drive. Network drives can lose or tear "
            "writes, losing saved work."
        )
    return None


def ensure_safe_location(path: str | Path) -> None:
    problem = location_problem(path)
    if problem:
        raise UnsafeLocation(
            f"{problem} Nothing has been opened. Keep the database on this computer's own "
            "disk (the default data folder) and use `painclinic backup --out` to copy it "
            "elsewhere."
        )


def _onedrive_root(path: str) -> str | None:
    """The OneDrive folder holding ``path`` on Windows (Windows path rules: any case, either
    slash)."""
    if sys.platform != "win32":
        return None
    target = ntpath.normcase(ntpath.abspath(path))
    for variable in ONEDRIVE_VARIABLES:
        root = os.environ.get(variable)
        if not root:
            continue
        folder = ntpath.normcase(ntpath.abspath(root)).rstrip("\\")
        if target == folder or target.startswith(folder + "\\"):
            return root
    return None


def _on_network_drive(path: Path) -> bool:
    if sys.platform == "win32":
        return _windows_remote(path)
    return _mount_type(path) in NETWORK_FILE_SYSTEMS


def _windows_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\"):  # \\server\share
        return True
    import ctypes

    drive_remote = 4
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
    return kernel32.GetDriveTypeW(path.anchor) == drive_remote


def _mount_type(path: Path, mounts: str = "/proc/self/mounts") -> str | None:
    """File system type of the mount holding ``path`` (Linux); None where unknown."""
    try:
        lines = Path(mounts).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, kind = "", None
    target = str(path.resolve()) if path.exists() else str(path.parent.resolve())
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind
