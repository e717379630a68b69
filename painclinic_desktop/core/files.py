"""Writing files so that a crash or a flat battery leaves either the old file or the new one.

The one place files are written: write to a temporary name beside the target, flush it to the
disk, rename it over the target, then flush the folder so the rename itself survives a power
cut. Files are private (0600). A target that exists and is not an ordinary file (a folder, a
device such as /dev/null, a socket) is refused rather than replaced, and a folder that is full,
read-only or missing gets a plain message instead of a traceback; nothing is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
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


# Windows refuses to replace a file another program has open (Excel holding last month's
# return, a PDF viewer, a virus scanner's brief look): wait a little, then say so plainly.
OPEN_ELSEWHERE_WAIT = 2.0
# Windows' path limit unless long paths are turned on for the machine.
WINDOWS_MAX_PATH = 259


def move_into_place(temp: Path, path: Path) -> None:
    """Rename a flushed file over ``path`` and make the rename durable."""
    deadline = time.monotonic() + OPEN_ELSEWHERE_WAIT
    while True:
        try:
            os.replace(temp, path)
            break
        except PermissionError as exc:
            if not on_windows() or not path.exists():
                raise
            if time.monotonic() >= deadline:
                raise CannotWrite(
                    f"{path.name} is open in another program (perhaps Excel or a PDF "
                    "viewer), so it could not be replaced. Close it there and try again; the "
                    "file is unchanged."
                ) from exc
            time.sleep(0.1)
    fsync_dir(path.parent)


def _too_long_for_windows(path: Path) -> bool:
    return on_windows() and len(os.path.abspath(path)) > WINDOWS_MAX_PATH


def on_windows() -> bool:
    """One question for the Windows branches here, so tests can ask it of a simulated one."""
    return os.name == "nt"


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
        reason = why(exc)
        if _too_long_for_windows(target):
            reason = (
                f"its full path is {len(os.path.abspath(target))} characters long, more "
                f"than Windows allows ({WINDOWS_MAX_PATH}). Choose a folder nearer the top of "
                "the drive or a shorter name"
            )
        raise CannotWrite(
            f"{target.name} could not be written to {target.parent}: {reason}. Nothing was "
            "written there; any earlier file of that name is unchanged."
        ) from exc
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    save_atomically(path, lambda stream: stream.write(data))


def posix_modes() -> bool:
    """Whether file modes protect files here. On Windows the user profile's access control
    list protects the data folder and POSIX modes mean nothing, so they are not relied on."""
    return not on_windows() and sys.platform != "win32"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and any missing parents) readable by its owner only (0700) from
    the start, never briefly open to others."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if posix_modes():
        for made in missing:
            with contextlib.suppress(OSError):
                made.chmod(0o700)  # mkdir's mode is cut by the umask and skips parents


def keep_folder_private(folder: Path) -> bool:
    """Make ``folder`` 0700 again if others can read it; True when it had to be changed."""
    if not posix_modes():
        return False
    try:
        if folder.stat().st_mode & 0o077 == 0:
            return False
        folder.chmod(0o700)
    except OSError:
        return False  # e.g. a FAT-formatted portable drive has no POSIX modes
    return True


def make_private(path: Path) -> None:
    try:
        path.chmod(0o600)
    except OSError:
        pass  # e.g. a FAT-formatted portable drive has no POSIX modes
