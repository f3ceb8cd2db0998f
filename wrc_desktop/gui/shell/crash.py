"""What happens when something goes wrong unexpectedly.

An uncaught exception is written to a crash log in the data folder and shown
in a dialog with the log's path. Both go through the same masking as the log
(no full ID number, no SQL parameters), and the dialog says in Chinese what
happened (:func:`wrc_desktop.failures.user_message`), not the exception's text. The event loop keeps running, so an open
dialog stays open with what the clerk typed. Qt's own warnings go to the log.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from ... import __version__
from ...failures import user_message
from ...logging_setup import mask_text, private_file

log = logging.getLogger("wrc.crash")
qt_log = logging.getLogger("wrc.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class CrashHandler:
    """Installed as ``sys.excepthook``; :attr:`last_log` is the newest crash log written."""

    def __init__(self, logs_dir: Path, *, show_dialog: bool = True) -> None:
        self.logs_dir = logs_dir
        self.show_dialog = show_dialog
        self.last_log: Path | None = None
        self._showing = False

    def install(self) -> None:
        sys.excepthook = self
        qInstallMessageHandler(_qt_message)

    def uninstall(self) -> None:
        sys.excepthook = sys.__excepthook__
        qInstallMessageHandler(None)

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.last_log = self.write_log(kind, error, tb)
        log.error("uncaught exception, crash log %s", self.last_log, exc_info=(kind, error, tb))
        if self.show_dialog and QApplication.instance() is not None and not self._showing:
            self._show(error)

    def write_log(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> Path:
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now()
        path = self.logs_dir / f"crash-{now:%Y%m%d-%H%M%S-%f}.log"
        text = mask_text("".join(traceback.format_exception(kind, error, tb)))
        path.write_text(
            f"WRC Desk {__version__}  {now:%Y-%m-%d %H:%M:%S}\nPython {sys.version}\n\n{text}",
            encoding="utf-8",
        )
        private_file(path)
        return path

    def _show(self, error: BaseException) -> None:
        self._showing = True  # an error while the dialog is up must not stack dialogs
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, "程序出错", "程序遇到了意外错误。")
            box.setInformativeText(
                f"您正在编辑的窗口仍然打开，已填写的内容没有丢失；请检查后再保存。\n\n"
                f"错误信息：{mask_text(user_message(error))}\n\n错误记录已保存在：\n{self.last_log}\n\n如问题反复出现，请将该文件发给技术人员。"
            )
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.button(QMessageBox.StandardButton.Ok).setText("知道了")
            box.exec()
        finally:
            self._showing = False


def _qt_message(kind: QtMsgType, context, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)
