"""Settings that change what the app does, kept where the GUI and the CLI both read them.

They live in ``<data folder>/settings.toml`` beside the register: the folder the case
folders go to, the fonts the PDF forms use, how many backups to keep. They are the
machine's (paths differ from one computer to the next), so they are not in the register.
Window geometry and other purely visual state stay in Qt's own settings.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..atomic import write_text
from ..documents.font_files import font_file_problem
from ..rules.errors import WrcError

FILENAME = "settings.toml"
DEFAULT_BACKUPS_KEPT = 30
# 未核实: the guides give no per-file limit for the online system's attachments; the clerk
# sets what the system says when it refuses a file.
DEFAULT_UPLOAD_MAX_MB = 10.0
UPLOAD_MAX_MB_RANGE = (0.5, 100.0)


@dataclass(frozen=True)
class Preferences:
    case_root: Path | None = None  # None: the data folder's cases/
    use_system_fonts: bool = True  # prefer Windows' 仿宋/宋体 when installed
    extra_fonts: tuple[Path, ...] = field(default=())
    backups_kept: int = DEFAULT_BACKUPS_KEPT
    upload_max_mb: float = DEFAULT_UPLOAD_MAX_MB  # 未核实 (see DEFAULT_UPLOAD_MAX_MB)

    def with_changes(self, **values) -> Preferences:
        return replace(self, **values)

    def to_toml(self) -> str:
        lines = ["# WRC Desk 的设置（在“设置”页面修改；命令行与程序界面共用）", ""]
        if self.case_root is not None:
            lines.append(f"case_root = {_string(str(self.case_root))}")
        lines.append(f"use_system_fonts = {'true' if self.use_system_fonts else 'false'}")
        lines.append(f"extra_fonts = [{', '.join(_string(str(p)) for p in self.extra_fonts)}]")
        lines.append(f"backups_kept = {int(self.backups_kept)}")
        lines.append("# 网上系统每个附件的大小上限（MB）；指南未写明，默认值未核实")
        lines.append(f"upload_max_mb = {float(self.upload_max_mb):g}")
        return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    # A JSON string is a valid TOML basic string (the same escapes).
    return json.dumps(text, ensure_ascii=False)


def load(data_dir: Path) -> Preferences:
    """The preferences in ``data_dir`` (the defaults where the file or a value is missing).

    Every value is checked for its type and range: a wrong one is refused with one line
    naming the file, the key and the fix — never read as something else (``true`` as one
    backup, a device as a font).
    """
    path = Path(data_dir) / FILENAME
    if not path.is_file():
        return Preferences()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(f"文件过大（{path.stat().st_size} 字节）")
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
        raise WrcError(
            f"设置文件 {path} 无法读取（{error}）：请在“设置”中重新保存，或删除该文件恢复默认设置"
        ) from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise _bad(path, unknown[0], f"不是本程序的设置项（可用的有 {'、'.join(KEYS)}）")
    root = data.get("case_root", "")
    if not isinstance(root, str):
        raise _bad(path, "case_root", "应为文件夹路径（文字）")
    system = data.get("use_system_fonts", True)
    if not isinstance(system, bool):
        raise _bad(path, "use_system_fonts", "应为 true 或 false")
    return Preferences(
        case_root=Path(root.strip()).expanduser() if root.strip() else None,
        use_system_fonts=system,
        extra_fonts=_fonts(path, data.get("extra_fonts", [])),
        backups_kept=_backups_kept(path, data.get("backups_kept", DEFAULT_BACKUPS_KEPT)),
        upload_max_mb=_upload_max_mb(path, data.get("upload_max_mb", DEFAULT_UPLOAD_MAX_MB)),
    )


KEYS = ("case_root", "use_system_fonts", "extra_fonts", "backups_kept", "upload_max_mb")
MAX_FILE_BYTES = 64 * 1024
MAX_BACKUPS_KEPT = 1000


def _bad(path: Path, key: str, what: str) -> WrcError:
    return WrcError(f"设置文件 {path} 中的 {key} {what}；请在“设置”中重新保存，或改正、删除这一行")


def _backups_kept(path: Path, value: object) -> int:
    # bool is an int in Python: ``true`` must not mean one backup.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(
            path,
            "backups_kept",
            f"应为 1 到 {MAX_BACKUPS_KEPT} 之间的整数（现为 {json.dumps(value, ensure_ascii=False)}）",
        )
    if not 1 <= value <= MAX_BACKUPS_KEPT:
        raise _bad(path, "backups_kept", f"应在 1 到 {MAX_BACKUPS_KEPT} 之间（现为 {value}）")
    return value


def _upload_max_mb(path: Path, value: object) -> float:
    low, high = UPLOAD_MAX_MB_RANGE
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        shown = json.dumps(value, ensure_ascii=False)
        raise _bad(path, "upload_max_mb", f"应为 {low:g} 到 {high:g} 之间的数（MB；现为 {shown}）")
    return float(value)


def _fonts(path: Path, value: object) -> tuple[Path, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _bad(path, "extra_fonts", '应为字体文件路径的列表，如 ["C:/Fonts/a.ttf"]')
    fonts = tuple(Path(item.strip()).expanduser() for item in value if item.strip())
    for font in fonts:
        problem = font_file_problem(font)
        if problem:
            raise _bad(path, "extra_fonts", f"中的 {font} {problem}（可在“设置 → 表格字体”中移除）")
    return fonts


def save(data_dir: Path, preferences: Preferences) -> Path:
    path = Path(data_dir) / FILENAME
    write_text(path, preferences.to_toml())
    return path
