"""Reading the files a clerk can edit by hand (policy, checklist, wage and calendar overrides).

Each is refused with one line naming the file and the fix when it is not what it must
be: not a regular file (a folder, ``/dev/zero``), larger than any such file is, not
UTF-8 (saved by Notepad as ANSI), or TOML nested deeper than Python can parse. Without
this, such a file ends in "发生意外错误" or reads until memory runs out.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import WrcError

MAX_CLERK_FILE_BYTES = 256 * 1024  # the largest bundled policy is under 20 KB


def read_clerk_file(path: Path) -> str:
    """The UTF-8 text of ``path``, or :class:`WrcError` saying what is wrong with the file."""
    try:
        if not path.is_file():
            raise WrcError(f"文件 {path} 不是普通文件（是文件夹或设备）；请删除或替换它")
        size = path.stat().st_size
        if size > MAX_CLERK_FILE_BYTES:
            raise WrcError(
                f"文件 {path} 有 {size // 1024} KB，大于此类文件的上限 "
                f"{MAX_CLERK_FILE_BYTES // 1024} KB；请检查是否放错了文件"
            )
        return path.read_text("utf-8")
    except UnicodeDecodeError as error:
        raise WrcError(
            f"文件 {path} 不是 UTF-8 编码（第 {error.start + 1} 个字节处）；"
            "请用记事本打开后“另存为”，编码选 UTF-8"
        ) from None
    except OSError as error:
        raise WrcError(
            f"文件 {path} 无法读取（{error.strerror or type(error).__name__}）"
        ) from None


def load_toml(text: str, what: str) -> dict[str, Any]:
    """``text`` parsed as TOML; ``what`` names the file in the message (e.g. "策略文件 x.toml")."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WrcError(f"{what} 格式错误：{error}") from None
    except RecursionError:  # [[[[…]]]] thousands deep: no such file is nested like that
        raise WrcError(f"{what} 嵌套层数过多，不是有效的 TOML 文件") from None
