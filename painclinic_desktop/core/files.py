"""Writing files so that a crash or a flat battery leaves either the old file or the new one.

The one place files are written: write to a temporary name beside the target, flush it to the
disk, rename it over the target, then flush the folder so the rename itself survives a power
cut. Files are private (0600). A target that exists and is not an ordinary file (a folder, a
device such as /dev/null, a socket) is refused rather than replaced, and a folder that is full,
read-only or missing gets a plain message instead of a traceback; nothing is left behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import PainClinicError


class CannotWrite(PainClinicError):
    """A file could not be written where the user asked; nothing was written there."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", -1): "the disk quota is used up",
    errno.EROFS: "the drive is read-only",
    errno.EACCES: "you are not allowed to write in that folder",
    errno.EPERM: "you are not allowed to write in that folder",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "it is a folder",
}


def why(exc: OSError) -> str:
    """The reason an operating-system error gives, in plain words."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


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
    except OSError:
        pass  # some file systems refuse to flush a folder; the file itself is flushed
    finally:
        os.close(fd)


def refuse_unless_regular(path: Path) -> None:
    """CannotWrite when ``path`` exists and is not an ordinary file: renaming over it would
    replace a device, a socket or a link's target with a file of ours."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CannotWrite(f"{path} cannot be written: {why(exc)}. Nothing was written.") from exc
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not an ordinary file"
        raise CannotWrite(
            f"{path} is {kind}, so nothing was written to it. Choose a file name in a folder."
        )


def temporary_beside(path: Path, suffix: str = ".tmp") -> Path:
    """A new, private, empty file next to ``path`` (same disk, so the rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def move_into_place(temp: Path, path: Path) -> None:
    """Rename a flushed file over ``path`` and make the rename durable."""
    os.replace(temp, path)
    fsync_dir(path.parent)


def save_atomically(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Have ``write`` fill a private temporary file beside ``path``, flush it, then move it
    into place in one step. A failure at any point removes the temporary file and leaves an
    existing target untouched; an operating-system failure becomes CannotWrite."""
    target = Path(path)
    refuse_unless_regular(target)
    temp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = temporary_beside(target)
        with open(temp, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        refuse_unless_regular(target)  # not swapped for a device while we wrote
        move_into_place(temp, target)
    except OSError as exc:
        raise CannotWrite(
            f"{target.name} could not be written to {target.parent}: {why(exc)}. Nothing was "
            "written there; any earlier file of that name is unchanged."
        ) from exc
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    save_atomically(path, lambda stream: stream.write(data))


def make_private(path: Path) -> None:
    try:
        path.chmod(0o600)
    except OSError:
        pass  # e.g. a FAT-formatted portable drive has no POSIX modes
