"""Starting the window: ``wrc-desktop`` and ``python -m wrc_desktop``.

Order matters: the data folder is chosen, logging and the crash handler are
installed, a second copy of the app on the same folder is refused, and only
then is the register opened. A file that cannot be used (corrupt, not a
database, unreadable) is never written to: the clerk is offered the newest
good backup, or told where the backups are.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_DATABASE_UNAVAILABLE = 2
EXIT_ALREADY_RUNNING = 3
ROSTER_SUFFIXES = (".xlsx", ".xlsm")
COLLECTIONS_HELD_AT_MOST_MS = 60_000


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and whatever is left for Qt (e.g. ``-platform offscreen``)."""
    parser = argparse.ArgumentParser(prog="wrc-desktop", description="工作居住证办理助手")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="数据文件夹（登记册、备份与日志所在位置）"
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="共享登记册（PostgreSQL）的地址，如 postgresql://zhangsan@192.168.1.10/wrc"
        "（默认：环境变量 WRC_DATABASE_URL 或设置中的共享登记册；都没有时使用数据文件夹中的登记册）",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="检查数据库、政策数据、字体和界面是否可用，然后退出（安装后自检）",
    )
    parser.add_argument(
        "--no-crash-dialog", action="store_true", help="出错时只写错误记录，不弹出对话框"
    )
    parser.add_argument(
        "roster",
        nargs="*",
        metavar="花名册.xlsx",
        help="打开后导入的 Excel 花名册（如拖放到桌面快捷方式上）",
    )
    args, qt_args = parser.parse_known_args(argv)
    # Only a workbook is a roster; anything else positional belongs to Qt (-platform offscreen).
    rosters = [item for item in args.roster if item.lower().endswith(ROSTER_SUFFIXES)]
    qt_args += [item for item in args.roster if item not in rosters]
    args.roster = str(Path(rosters[0]).resolve()) if rosters else None
    return args, qt_args


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(list(sys.argv[1:] if argv is None else argv))
    from . import paths

    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    if args.database_url:
        from .store.engines import set_database_url

        set_database_url(args.database_url)
    if args.self_check:
        return self_check(qt_args)

    from .gui.models.long_lived import hold_collections, release_collections

    # No cycle collection while the window starts (the imports, the window, the first due
    # list and register): a full pass on a worker holds the interpreter for ~0.1 s at 50,000
    # holders. Resumed, with everything start built frozen, once those are shown (and
    # whatever ends the start).
    hold_collections()
    try:
        return _start(args, qt_args)
    finally:
        release_collections()


def _start(args: argparse.Namespace, qt_args: list[str]) -> int:
    """The window's start after the options are read: see the module's docstring."""
    from . import paths
    from .logging_setup import keep_off_the_terminal, setup_logging

    import_core_before_qt()
    application = make_application(qt_args)
    keep_off_the_terminal()
    try:  # a data folder that is a file, a device or on a read-only disk: say so, no traceback
        paths.check_data_dir()
        setup_logging(paths.logs_dir())
    except Exception as error:  # noqa: BLE001 - every cause is told in one line
        from .failures import user_message

        _message("无法使用数据文件夹", user_message(error))
        return EXIT_DATABASE_UNAVAILABLE
    from .gui.settings import Settings, configure_location
    from .gui.shell.crash import CrashHandler
    from .gui.shell.single_instance import REFUSED_MESSAGE, InstanceLock, send_to_running

    crash = CrashHandler(paths.logs_dir(), show_dialog=not args.no_crash_dialog)
    crash.install()
    configure_location()
    settings = Settings()
    from .store.engines import configured_url, is_shared

    # One copy per SQLite data folder (two would write one file); a shared register on a
    # server is made for several copies at once.
    lock = InstanceLock(paths.data_dir())
    if not is_shared(configured_url()) and not lock.acquire():
        request = {"action": "import", "path": args.roster} if args.roster else {"action": "show"}
        if send_to_running(paths.data_dir(), request):
            crash.uninstall()
            return 0  # the running window came to the front (with the roster, if one was given)
        _message("工作居住证办理助手已在运行", REFUSED_MESSAGE.format(folder=paths.data_dir()))
        crash.uninstall()
        return EXIT_ALREADY_RUNNING
    window = None
    # 0600/0700, temporaries in the data folder, stale ones gone (also in the clerk's case folder)
    restore_private = paths.prepare_data_dir(case_roots=[settings.case_root])
    try:
        window = launch(settings=settings)
        if window is None:
            return EXIT_DATABASE_UNAVAILABLE
        _resume_collections_when_started(window)
        keeper, trays = _start_background_duties(window, settings)
        answer_second_starts(window, paths.data_dir())
        from .gui.dialogs.clerk_name import maybe_ask_clerk_name
        from .gui.shell.first_run import maybe_run_first_run

        maybe_ask_clerk_name(window.desk, window)  # once, on a shared register

        maybe_run_first_run(window, settings)
        if args.roster:
            window.import_roster(args.roster)
        status = application.exec()
        keeper.stop()
        for tray in trays:
            tray.stop()
        return status
    finally:
        if window is not None:
            settings.save_window_state("main", window.saveGeometry())
            window.close()
            window.desk.close()
            window.deleteLater()
        lock.release()
        crash.uninstall()
        restore_private()


def import_core_before_qt() -> None:
    """Import the application core (SQLAlchemy, SQLModel, the rules) before PySide6.

    Once PySide6 is loaded, its import hook reads the source of every module imported
    after it (to look for its feature switches) and keeps it in memory: the core
    imported afterwards costs ~10 % more start-up time and ~20 MB more memory.
    """
    from . import desk  # noqa: F401
    from .desk import due, holders  # noqa: F401 - the due list and the register's rows, at start
    from .store import db  # noqa: F401


def make_application(qt_args: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from . import paths

    existing = QApplication.instance()
    # The one there is (a test's, a bench's) is a QApplication too: this app makes no other kind.
    assert existing is None or isinstance(existing, QApplication)
    application = existing or QApplication([sys.argv[0], *(qt_args or [])])
    application.setApplicationName("WRC Desk")
    application.setApplicationDisplayName("工作居住证办理助手")
    application.setOrganizationName("WRCDesk")
    application.setWindowIcon(QIcon(str(paths.resource_path("icons", "app.png"))))
    application.setQuitOnLastWindowClosed(True)
    from .gui.shell.translations import install_qt_translations

    install_qt_translations(application)
    return application


def launch(data_dir: str | None = None, *, settings=None):
    """Open the register in the data folder and show the main window; None (after telling the clerk) if unusable."""
    from . import paths
    from .rules.errors import WrcError
    from .store.backup import DatabaseAccessError
    from .store.db import DatabaseUnavailable, ServerUnavailable, open_configured
    from .store.engines import DatabaseUrlError
    from .store.migrations import NeedsAdministrator

    if data_dir:
        paths.set_data_dir(data_dir)
    try:
        # The shared server when one is set, else the folder's file: quick-checked now, the full
        # check owed until the start-up backup (or a first write) runs it on the register's writer.
        register = open_configured(full_check_later=True)
    except DatabaseAccessError as error:  # permissions, a lock, the disk: not a damaged file
        _message("无法打开登记册", str(error))
        return None
    except (ServerUnavailable, DatabaseUrlError) as error:  # the server: no file to restore
        _message("无法连接共享登记册", str(error))
        return None
    except NeedsAdministrator as error:  # a clerk's copy on a schema only the administrator changes
        _message("共享登记册需要管理员升级", str(error))
        return None
    except DatabaseUnavailable as error:
        register = _offer_restore(error)
        if register is None:
            return None
    except (
        WrcError
    ) as error:  # e.g. a register from a newer version: not damaged, nothing to restore
        _message("无法打开登记册", str(error))
        return None

    from .desk import Desk
    from .gui.shell.main_window import MAIN_WINDOW_SIZE, MainWindow

    desk = Desk(register, data_dir=paths.data_dir())
    desk.preferences()  # the clerk's fonts apply to every form from the start
    window = MainWindow(desk, settings=settings)
    if settings is not None:
        from .gui.widgets.screen_fit import restore_fitting

        geometry, _state = settings.window_state("main")
        restore_fitting(window, geometry, MAIN_WINDOW_SIZE)  # only where it still fits the screen
    window.show()
    return window


def _offer_restore(error):
    """The register is unusable: offer the newest good backup; None when the clerk declines or none exists."""
    from . import paths
    from .store import backup
    from .store.db import open_register

    good = backup.newest_good_backup(error.backups)
    if good is None:
        show_database_unavailable(error)
        return None
    info = next(i for i in backup.backup_infos(error.backups) if i.path == good)
    if not ask_restore(error, info):
        return None
    backup.restore_backup(good, paths.database_path(), paths.backups_dir())
    return open_register(paths.database_path(), paths.backups_dir())


def ask_restore(error, info) -> bool:
    """Ask whether to restore ``info`` (a BackupInfo) in place of the unusable register."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical, "无法打开登记册", "登记册数据库无法使用，原文件未被修改。"
    )
    box.setInformativeText(
        f"{error}\n\n可以恢复最新的完好备份：{info.made_at.astimezone():%Y-%m-%d %H:%M}（{info.reason_label}）。"
        "损坏的文件将被改名保留在原文件夹中，不会删除。"
    )
    restore = box.addButton("恢复此备份", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore


def answer_second_starts(window, data_dir: Path):
    """A second start on this data folder brings ``window`` forward (and opens its roster)."""
    from .gui.shell.single_instance import InstanceServer

    server = InstanceServer(data_dir, parent=window)
    server.request.connect(lambda request: bring_forward(window, request))
    return server


def bring_forward(window, request: dict) -> None:
    if window.isMinimized() or not window.isVisible():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if request.get("action") == "import" and request.get("path"):
        window.import_roster(str(request["path"]))


def _resume_collections_when_started(window) -> None:
    """The collector held by ``main`` comes back once the window's start has settled, or
    after :data:`COLLECTIONS_HELD_AT_MOST_MS` whatever happened (a read that never came)."""
    from PySide6.QtCore import QTimer

    from .gui.models.long_lived import release_collections

    window.started.connect(release_collections)
    QTimer.singleShot(COLLECTIONS_HELD_AT_MOST_MS, release_collections)


def _start_background_duties(window, settings):
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .gui.shell.tray import DueTray
    from .gui.shell.upkeep import BackupKeeper

    desk = window.desk
    keeper = BackupKeeper(desk, parent=window)
    keeper.failed.connect(lambda text: window.statusBar().showMessage(f"备份失败：{text}", 30_000))
    keeper.damaged.connect(lambda error: _damaged_after_start(window, error))
    # Queued on the writer before the event loop runs, so ahead of every write; it waits until
    # the 待办 list has shown (and its groups unfolded), not to slow the start down.
    shown = threading.Event()
    window.due_view.loaded.connect(lambda _due: QTimer.singleShot(1_000, shown.set))
    # Closed before that: the backup goes ahead at once (quitting waits for the writer's queue).
    application = QApplication.instance()
    assert isinstance(application, QApplication)  # main() made it before the window
    application.lastWindowClosed.connect(shown.set)
    keeper.start(hold=shown)
    # The tray, and its summary of the list, once the window's start has settled: counted
    # beside the register's rows arriving, the summary held the window up to 70 ms at 50,000.
    trays: list[DueTray] = []

    def start_tray() -> None:
        if not trays:  # the window starts once
            trays.append(_start_tray(window))

    window.started.connect(start_tray)
    return keeper, trays


def _start_tray(window):
    from .gui.shell.tray import DueTray

    tray = DueTray(window.due_view, icon=window.windowIcon(), parent=window)
    tray.show_due.connect(
        lambda: (
            window.show_section("待办"),
            window.showNormal(),
            window.raise_(),
            window.activateWindow(),
        )
    )
    tray.quit_requested.connect(window.close)
    tray.start()
    return tray


def _damaged_after_start(window, error) -> None:
    """The full integrity check, run after the window opened, failed: nothing was written to
    the file and nothing will be. Offer the newest good backup, restored in place; else the
    window closes, as a start on a damaged file ends."""
    from .store import backup

    good = backup.newest_good_backup(error.backups)
    if good is None:
        show_database_unavailable(error)
        window.close()
        return
    info = next(i for i in backup.backup_infos(error.backups) if i.path == good)
    if not ask_restore(error, info):
        window.close()
        return
    from .desk import restore as desk_restore

    window.ops.write(
        lambda desk: desk_restore.restore_file(desk, good),
        parent=window,
        success=lambda _safety: window.statusBar().showMessage(
            f"已恢复备份：{info.made_at.astimezone():%Y-%m-%d %H:%M}", 30_000
        ),
        failure=lambda failure: _restore_failed(window, failure),
        expected=(Exception,),
        replaces_register=True,  # the way out of a damaged file: no integrity check first
    )


def _restore_failed(window, failure: Exception) -> None:
    _message("无法恢复备份", str(failure))
    window.close()


def self_check(qt_args: list[str]) -> int:
    """Everything a bundle needs, then the window itself (offscreen is fine), then exit."""
    from .selfcheck import run_self_check

    status = run_self_check()
    try:
        application = make_application(qt_args)
        from .desk import Desk
        from .gui.shell.main_window import MainWindow

        desk = Desk.open()
        window = MainWindow(desk)
        window.show()
        application.processEvents()
        print(f"通过  界面：主窗口 {window.width()}×{window.height()}")
        window.close()
        desk.close()
    except Exception as error:  # noqa: BLE001 - reported, and the check fails
        print(f"失败  界面：{type(error).__name__}: {error}")
        status = 1
    return status


def show_database_unavailable(error: Exception) -> None:
    """A modal message in Chinese: what happened, that the file was left as it is, where the backups are."""
    _message("无法打开登记册", "无法打开登记册，程序将退出。", str(error))


def _message(title: str, text: str, detail: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    if detail:
        box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Close).setText("关闭")
    box.exec()


if __name__ == "__main__":
    sys.exit(main())
