"""Starting the window: ``wrc-desktop`` and ``python -m wrc_desktop``.

The register in the data folder is opened before any window exists. A file
that cannot be used (corrupt, not a database, unreadable) is never touched:
the clerk is told what happened and where the backups are, and the app exits
with status 2.
"""

from __future__ import annotations

import argparse
import sys

EXIT_DATABASE_UNAVAILABLE = 2


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and whatever is left for Qt (e.g. ``-platform offscreen``)."""
    parser = argparse.ArgumentParser(prog="wrc-desktop", description="工作居住证办理助手")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（登记册、备份与日志所在位置）")
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(list(sys.argv[1:] if argv is None else argv))
    application = make_application(qt_args)
    window = launch(args.data_dir)
    if window is None:
        return EXIT_DATABASE_UNAVAILABLE
    try:
        return application.exec()
    finally:
        window.close()
        window.ops.register.close()
        window.deleteLater()


def make_application(qt_args: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    application = QApplication.instance() or QApplication([sys.argv[0], *(qt_args or [])])
    application.setApplicationName("WRC Desk")
    application.setApplicationDisplayName("工作居住证办理助手")
    application.setOrganizationName("WRCDesk")
    return application


def launch(data_dir: str | None = None):
    """Open the register in the data folder and show the main window; None (after telling the clerk) if unusable."""
    from . import paths
    from .store.db import DatabaseUnavailable, open_register

    if data_dir:
        paths.set_data_dir(data_dir)
    try:
        register = open_register(paths.database_path(), paths.backups_dir())
    except DatabaseUnavailable as error:
        show_database_unavailable(error)
        return None

    from .gui.main_window import MainWindow

    window = MainWindow(register)
    window.show()
    return window


def show_database_unavailable(error: Exception) -> None:
    """A modal message in Chinese: what happened, that the file was left as it is, where the backups are."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "无法打开登记册", "无法打开登记册，程序将退出。")
    box.setInformativeText(str(error))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Close).setText("关闭")
    box.exec()


if __name__ == "__main__":
    sys.exit(main())
