"""Files written for the clerk: to a temporary name first, then one rename into place.

A half-written file must never replace a good one (the app or the machine may stop
mid-write), and a temporary file may hold personal data: it is made inside the data
folder's ``tmp/`` (cleaned at start, see :func:`wrc_desktop.paths.prepare_data_dir`),
never in the system's temp folder or beside the clerk's file. When the target is on
another drive the finished file is copied beside it under a temporary name first, so
the last step is still one rename. Every module that writes a file the clerk or the
app relies on — a form, a report, a settings file, a copied scan, a case archive —
goes through :func:`write_atomically`, under a name from :func:`safe_filename`.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import paths

TEMP_PREFIX = ".~wrc-"
TEMP_SUFFIX = ".part"

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
MAX_NAME = 120  # characters, well inside Windows' 255 and leaving room for the folder path
_SHORT_EXTENSION = 8  # a name's own extension this short is kept when the name is cut


def safe_filename(
    stem: str, suffix: str = "", *, default: str = "文件", max_length: int = MAX_NAME
) -> str:
    """``stem`` + ``suffix`` as a file name Windows accepts, the same rule for every file.

    Characters Windows forbids (``<>:"/\\|?*`` and control characters) become ``_``; no
    trailing dot or space (Windows drops them), also where the name is cut; a reserved
    device name (CON, NUL, COM1…, with any extension) gets a ``_`` in front; at most
    ``max_length`` characters in all, cut in the stem so the suffix — or, without one, a
    short extension of the name itself (``报表.xlsx``) — stays. An empty name is ``default``.
    """
    text = _FORBIDDEN.sub("_", stem).strip().rstrip(". ")
    suffix = _FORBIDDEN.sub("_", suffix).rstrip(". ")
    if not suffix:
        base, dot, extension = text.rpartition(".")
        if dot and base.rstrip(". ") and 0 < len(extension) <= _SHORT_EXTENSION:
            text, suffix = base.rstrip(". "), "." + extension
    text = text or default
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
    room = max(max_length - len(suffix), 1)
    return (text[:room].rstrip(". ") or default[:room]) + suffix[: max_length - 1]


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
