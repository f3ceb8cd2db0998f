"""The fonts the PDF forms print with, as the settings page shows and checks them.

For each character the first font that has it is used: the clerk's extra font files, then
Windows' 仿宋/宋体 (when chosen and installed), then the bundled fonts. The clerk's choice
is a preference (:meth:`Desk.save_preferences` applies it to the next form made).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..documents.font_files import font_file_problem as file_problem
from ..documents.fonts import system_font_dirs
from ..paths import resource_path

# The first four bytes of the font files reportlab can read (TrueType outlines, or a collection).
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true", b"ttcf")


def font_config() -> dict:
    return tomllib.loads(resource_path("fonts", "fonts.toml").read_text(encoding="utf-8"))


def bundled_labels() -> list[str]:
    return [entry["label"] for entry in font_config()["bundled"]]


def system_fonts() -> list[tuple[str, Path | None]]:
    """(label, where found or None) of each Windows font the forms would use."""
    seen: dict[str, tuple[str, Path | None]] = {}
    for entries in font_config().get("system", {}).values():
        for entry in entries:
            found = next(
                (
                    folder / entry["file"]
                    for folder in system_font_dirs()
                    if (folder / entry["file"]).is_file()
                ),
                None,
            )
            seen.setdefault(entry["file"], (entry.get("label", entry["file"]), found))
    return list(seen.values())


def font_file_problem(path: Path) -> str | None:
    """Why a file the clerk adds cannot print forms, or None: the check the preferences file
    gets (a font's name, size, a regular file), then its outlines, which must be TrueType."""
    problem = file_problem(path)
    if problem:
        return problem
    try:
        with path.open("rb") as file:
            head = file.read(4)
    except OSError as error:
        return f"无法读取：{error.strerror or error}"
    if head == b"OTTO":
        return "是 CFF 轮廓的 OpenType 字体（如思源/Noto），表格程序无法嵌入，请选用 TrueType 字体（.ttf/.ttc）"
    if head not in TRUETYPE_MAGIC:
        return "不是 TrueType 字体文件（.ttf/.ttc）"
    return None
