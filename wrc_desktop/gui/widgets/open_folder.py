"""打开文件夹 on every platform, or a message saying why not, with the folder's path to copy.

``QDesktopServices.openUrl`` hands the folder to the system (Explorer, Finder, or
``xdg-open`` on Linux) and answers False when nothing took it — a Linux machine without a
desktop's file manager, for one. The buttons used to ignore that answer, so nothing
happened and nothing was said. Here a folder that is missing, or one the system would not
open, is named in a message with the reason and a 复制路径 button, so the clerk can paste
the path into a file manager of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

Opener = Callable[[QUrl], bool]
COPY_PATH = "复制路径"
MISSING = "文件夹不存在（可能已被移动或删除）"
NOT_OPENED = "系统没有打开它：本机可能没有文件管理器，或没有为文件夹设置默认的打开方式"


def show_folder(
    folder: Path,
    parent: QWidget | None,
    *,
    create: bool = False,
    opener: Opener | None = None,
) -> QMessageBox | None:
    """Open ``folder`` in the file manager; None when it opened, else the message shown.

    ``create`` makes the folder first (a new install's case root or backups). ``opener``
    stands for the system's (tests pass their own; the default is looked up at each call)."""
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cannot_open(parent, folder, f"无法创建该文件夹（{error.strerror or error}）")
    if not folder.is_dir():
        return cannot_open(parent, folder, MISSING)
    hand_over = opener or QDesktopServices.openUrl
    if not hand_over(QUrl.fromLocalFile(str(folder))):
        return cannot_open(parent, folder, NOT_OPENED)
    return None


def cannot_open(parent: QWidget | None, folder: Path, reason: str) -> QMessageBox:
    """Say the folder did not open and why, with its path selectable and a 复制路径 button."""
    box = QMessageBox(parent)
    box.setObjectName("folderNotOpened")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("无法打开文件夹")
    box.setText(f"无法打开文件夹：{reason}。")
    box.setInformativeText(f"文件夹位置：{folder}")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    copy = box.addButton(COPY_PATH, QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(folder)))
    box.open()  # not blocking: the window behind stays as it was
    return box
