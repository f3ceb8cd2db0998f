"""Files written for the clerk: to a temporary name first, then one rename into place.

A half-written file must never replace a good one (the app or the machine may stop
mid-write), and a temporary file may hold personal data: it is made inside the data
folder's ``tmp/`` (cleaned at start, see :func:`wrc_desktop.paths.prepare_data_dir`),
never in the system's temp folder or beside the clerk's file. When the target is on
another drive the finished file is copied beside it under a temporary name first, so
the last step is still one rename. Every module that writes a file the clerk or the
app relies on — a form, a report, a settings file, a copied scan, a case archive —
goes through :func:`write_atomically`.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import paths

TEMP_PREFIX = ".~wrc-"
TEMP_SUFFIX = ".part"


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call ``write(temp_path)`` and move the finished file to ``target`` (replacing an old one).

    The temporary file is removed again if ``write`` or the move fails.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{target.stem[:40]}.", suffix=TEMP_SUFFIX, dir=paths.temp_dir()
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        _flush_to_disk(temp)
        _move_into_place(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    return write_atomically(target, lambda temp: temp.write_bytes(data))


def write_text(target: str | os.PathLike[str], text: str) -> Path:
    """UTF-8 with ``\\n`` line ends on every system (settings and rules files are shared)."""
    return write_atomically(
        target, lambda temp: temp.write_text(text, encoding="utf-8", newline="\n")
    )


def copy_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    return write_atomically(target, lambda temp: shutil.copyfile(source, temp))


def _move_into_place(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    # Another drive: copy beside the target under a temporary name, then one rename.
    handle, near_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{target.stem[:40]}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    os.close(handle)
    near = Path(near_name)
    try:
        shutil.copyfile(temp, near)
        _flush_to_disk(near)
        os.replace(near, target)
    finally:
        near.unlink(missing_ok=True)


def _flush_to_disk(path: Path) -> None:
    # The rename must not reach the disk before the data does (a power cut would leave an empty file).
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
