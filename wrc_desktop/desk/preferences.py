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
from ..rules.errors import WrcError

FILENAME = "settings.toml"
DEFAULT_BACKUPS_KEPT = 30


@dataclass(frozen=True)
class Preferences:
    case_root: Path | None = None  # None: the data folder's cases/
    use_system_fonts: bool = True  # prefer Windows' 仿宋/宋体 when installed
    extra_fonts: tuple[Path, ...] = field(default=())
    backups_kept: int = DEFAULT_BACKUPS_KEPT

    def with_changes(self, **values) -> Preferences:
        return replace(self, **values)

    def to_toml(self) -> str:
        lines = ["# WRC Desk 的设置（在“设置”页面修改；命令行与程序界面共用）", ""]
        if self.case_root is not None:
            lines.append(f"case_root = {_string(str(self.case_root))}")
        lines.append(f"use_system_fonts = {'true' if self.use_system_fonts else 'false'}")
        lines.append(f"extra_fonts = [{', '.join(_string(str(p)) for p in self.extra_fonts)}]")
        lines.append(f"backups_kept = {int(self.backups_kept)}")
        return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    # A JSON string is a valid TOML basic string (the same escapes).
    return json.dumps(text, ensure_ascii=False)


def load(data_dir: Path) -> Preferences:
    """The preferences in ``data_dir`` (the defaults where the file or a value is missing)."""
    path = Path(data_dir) / FILENAME
    if not path.is_file():
        return Preferences()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise WrcError(
            f"设置文件 {path.name} 无法读取（{error}）：请在“设置”中重新保存，或删除该文件恢复默认设置"
        ) from error
    root = str(data.get("case_root", "") or "").strip()
    fonts = data.get("extra_fonts", [])
    kept = data.get("backups_kept", DEFAULT_BACKUPS_KEPT)
    return Preferences(
        case_root=Path(root).expanduser() if root else None,
        use_system_fonts=bool(data.get("use_system_fonts", True)),
        extra_fonts=tuple(
            Path(str(p)) for p in (fonts if isinstance(fonts, list) else []) if str(p).strip()
        ),
        backups_kept=max(1, int(kept)) if isinstance(kept, int) else DEFAULT_BACKUPS_KEPT,
    )


def save(data_dir: Path, preferences: Preferences) -> Path:
    path = Path(data_dir) / FILENAME
    write_text(path, preferences.to_toml())
    return path
