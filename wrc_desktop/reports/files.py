"""Writing the clerk's files safely: a temporary name first, then one rename into place.

A half-written report must never replace a good one (the app or the machine may
stop mid-write), and a name the clerk typed must be one Windows accepts. The
temporary file is written in the data folder's ``tmp`` (cleaned at start), not
beside the target, so a process killed mid-write leaves no personal data in
the clerk's folders; only when the target is on another drive is the finished
file copied next to it under a temporary name for the final rename.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..rules.errors import WrcError

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120


def safe_filename(name: str, default: str = "导出") -> str:
    """``name`` with characters Windows forbids replaced, reserved names avoided and length limited."""
    cleaned = _FORBIDDEN.sub("_", name).strip().rstrip(". ")
    stem, dot, suffix = cleaned.rpartition(".") if "." in cleaned else (cleaned, "", "")
    if stem.split(".")[0].upper() in _RESERVED:
        cleaned = "_" + cleaned
    if len(cleaned) > MAX_NAME:
        keep = MAX_NAME - len(dot + suffix)
        cleaned = cleaned[:keep] + dot + suffix if dot and len(suffix) <= 8 else cleaned[:MAX_NAME]
    return cleaned or default


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and rename the result to ``target`` (replacing an old file)."""
    from .. import paths

    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WrcError(f"文件夹 {folder} 不存在，无法保存 {target.name}")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=target.suffix + ".tmp",
                                         dir=paths.temp_dir())
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        _move_into_place(temp, target)
    except PermissionError:
        raise WrcError(f"无法写入 {target}：文件可能正被其他程序（如 Excel、WPS）打开，请关闭后重试") from None
    except OSError as error:
        raise WrcError(f"无法写入 {target}：{error.strerror or error}") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def _move_into_place(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    # Another drive: copy beside the target under a temporary name, then one rename.
    handle, near_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    near = Path(near_name)
    try:
        shutil.copyfile(temp, near)
        os.replace(near, target)
    finally:
        near.unlink(missing_ok=True)
