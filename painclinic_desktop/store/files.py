"""Writing files so that a crash or a flat battery leaves either the old file or the new one.

Write to a temporary name beside the target, flush it to the disk, rename it over the target,
then flush the folder so the rename itself survives a power cut. Files are private (0600).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fsync_file(path: Path) -> None:
    # Windows flushes only a handle opened for writing.
    fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for flushing; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A new, private, empty file next to ``path`` (same disk, so the rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def write_atomically(path: Path, data: bytes) -> None:
    temp = temporary_beside(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        move_into_place(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def move_into_place(temp: Path, path: Path) -> None:
    """Rename a flushed file over ``path`` and make the rename durable."""
    os.replace(temp, path)
    fsync_dir(path.parent)


def make_private(path: Path) -> None:
    try:
        path.chmod(0o600)
    except OSError:
        pass  # e.g. a FAT-formatted portable drive has no POSIX modes
