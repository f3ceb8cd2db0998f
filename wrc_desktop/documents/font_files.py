"""Whether a path the clerk named can be a font file, decided without reading it.

The settings' ``extra_fonts`` are read whole by the PDF library: a device such as
``/dev/zero`` would be read until memory runs out, a huge file would stall every form.
Checked when the settings are loaded and again before a font is parsed. No reportlab
here, so the settings can be checked without loading the PDF library.
"""

from __future__ import annotations

import stat
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
MAX_FONT_BYTES = 200 * 1024 * 1024  # the largest CJK font families are about 60 MB


def font_file_problem(font: Path) -> str | None:
    """Why ``font`` cannot be a font file, in a Chinese phrase; None when it may be one.

    A file that is missing is not a problem here: the forms skip it and say which
    character no font has, and the clerk may plug the drive back in.
    """
    if font.suffix.lower() not in FONT_SUFFIXES:
        return f"不是字体文件（应为 {'、'.join(FONT_SUFFIXES)} 文件）"
    try:
        status = font.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"无法读取（{error.strerror or type(error).__name__}）"
    if not stat.S_ISREG(status.st_mode):
        return "不是普通文件（是文件夹或设备）"
    if status.st_size > MAX_FONT_BYTES:
        return f"过大（{status.st_size // (1024 * 1024)} MB，字体文件不超过 {MAX_FONT_BYTES // (1024 * 1024)} MB）"
    return None
