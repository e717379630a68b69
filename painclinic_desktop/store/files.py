"""Safe file writing lives in ``core/files.py`` (reports use it too); the names are kept here
for the store modules that import them."""

from ..core.files import (  # noqa: F401
    fsync_dir,
    fsync_file,
    make_private,
    move_into_place,
    temporary_beside,
    write_atomically,
)
