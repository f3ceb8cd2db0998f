"""Sending finished PDFs to the printer without a PDF viewer of our own.

Windows prints a file through the program registered for it ("print" verb,
as the Explorer context menu does); elsewhere CUPS's ``lp`` does. When neither
exists the PDFs are opened for the clerk to print from the viewer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def print_files(files: Sequence[Path]) -> str:
    """Print every file; returns a sentence for the status line saying what happened."""
    if not files:
        return "没有可打印的文件"
    if sys.platform == "win32":
        for path in files:
            os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        return f"已将 {len(files)} 个文件发送到默认打印机"
    lp = shutil.which("lp")
    if lp:
        subprocess.run([lp, *map(str, files)], check=True, capture_output=True, timeout=60)
        return f"已将 {len(files)} 个文件发送到默认打印机"
    for path in files:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return "本机未找到打印服务，已打开 PDF，请在阅读器中打印"
