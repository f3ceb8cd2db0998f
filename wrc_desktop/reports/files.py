"""Writing the clerk's files safely: a temporary name first, then one rename into place.

A half-written report must never replace a good one (the app or the machine may
stop mid-write), and a name the clerk typed must be one Windows accepts. The
temporary file is written in the data folder's ``tmp`` (cleaned at start), not
beside the target, so a process killed mid-write leaves no personal data in
the clerk's folders; only when the target is on another drive is the finished
file copied next to it under a temporary name for the final rename.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .. import atomic
from ..rules.errors import WrcError


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """:func:`wrc_desktop.atomic.write_atomically`, with a clear Chinese message when the file cannot be saved."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WrcError(f"文件夹 {folder} 不存在，无法保存 {target.name}")
    try:
        return atomic.write_atomically(target, write)
    except PermissionError:
        raise WrcError(
            f"无法写入 {target}：文件可能正被其他程序（如 Excel、WPS）打开，请关闭后重试"
        ) from None
    except OSError as error:
        raise WrcError(f"无法写入 {target}：{error.strerror or error}") from None
