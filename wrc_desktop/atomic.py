"""Files written for the clerk: to a temporary name in the same folder first, then one rename.

A half-written file must never replace a good one (the app or the machine may stop
mid-write). Every module that writes a file the clerk or the app relies on — a form, a
report, a settings file, a copied scan, a case archive — goes through this one helper.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".~wrc-"
TEMP_SUFFIX = ".part"


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and rename the finished file to ``target`` (replacing an old one).

    The temporary file sits beside ``target`` (a rename is atomic only within one file
    system) and is removed again if ``write`` or the rename fails.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.stem[:40]}.", suffix=TEMP_SUFFIX,
                                         dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        _flush_to_disk(temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    return write_atomically(target, lambda temp: temp.write_bytes(data))


def write_text(target: str | os.PathLike[str], text: str) -> Path:
    """UTF-8 with ``\\n`` line ends on every system (settings and rules files are shared)."""
    return write_atomically(target, lambda temp: temp.write_text(text, encoding="utf-8", newline="\n"))


def copy_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    return write_atomically(target, lambda temp: shutil.copyfile(source, temp))


def _flush_to_disk(path: Path) -> None:
    # The rename must not reach the disk before the data does (a power cut would leave an empty file).
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
