"""Backups while the app runs: one at start and one a day, keeping the newest N.

The copies run off the UI thread (sqlite3's online backup API reads a consistent
snapshot while the window keeps writing), so start-up and the UI never wait for them.
They go through :meth:`Desk.backup_now`, inside the register's session gate: a
restore waits for a running copy (and its pruning) instead of swapping the file or
losing the chosen backup under it.

The start-up backup is the first job queued on the register's writer, before the
window's event loop runs: every write the clerk makes is queued behind it, so none
reaches the file before it is copied (and before the full integrity check the start
left for later, which :meth:`Desk.backup_now` runs first). Held back until the
待办 list is shown (or a few seconds at most), it does not compete with the start
for the machine.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ...desk import DatabaseUnavailable, Desk
from ...desk import backups as desk_backups
from ..doors.background import BackgroundTask, run_in_background
from ..doors.writer import writer_for

log = logging.getLogger("wrc.backup")
CHECK_INTERVAL_MS = 60 * 60 * 1000  # hourly: a machine left on overnight still gets its daily copy
START_HOLD_S = 10.0  # the start-up backup waits at most this long for the 待办 list to show


class BackupKeeper(QObject):
    made = Signal(object)  # the new backup's Path
    failed = Signal(str)
    # the full integrity check owed since the start failed (a DatabaseUnavailable): the
    # register refuses every session until a good backup is restored
    damaged = Signal(object)

    def __init__(
        self,
        desk: Desk,
        *,
        keep: Callable[[], int] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``keep()`` (the clerk's preference by default) is asked at each backup, so a new
        setting applies without a restart."""
        super().__init__(parent)
        self.desk = desk
        self.keep = keep or (lambda: desk.preferences().backups_kept)
        self._task: BackgroundTask | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.daily)

    @property
    def backups_dir(self) -> Path:
        return self.desk.backups_dir

    def start(self, *, hold: threading.Event | None = None) -> None:
        """Queue the start-up backup ahead of every write, then keep a daily one.

        ``hold``: the backup waits until it is set (the 待办 list shown), or
        :data:`START_HOLD_S` seconds at most; writes queued meanwhile wait behind it.
        """
        desk, keep = self.desk, self.keep()

        def work() -> Path | None:
            if hold is not None:
                hold.wait(START_HOLD_S)
            return desk.backup_now("start", keep=keep)

        self._task = BackgroundTask()
        writer_for(desk.lifetime).submit(work, self._done, self._failed)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def daily(self) -> None:
        """A backup if the newest one is a day old."""
        infos = desk_backups.infos(self.desk)
        newest = infos[0].made_at if infos else None
        if newest is None or dt.datetime.now(dt.UTC) - newest >= dt.timedelta(days=1):
            self.backup_now("daily")

    def backup_now(self, reason: str) -> None:
        if self._task is not None:
            return  # one copy at a time
        desk, keep = self.desk, self.keep()

        def work() -> Path | None:
            # Copy and prune under the register's gate, exactly as a session would.
            return desk.backup_now(reason, keep=keep)

        self._task = run_in_background(work, self._done, self._failed)

    def _done(self, path: Path) -> None:
        self._task = None
        log.info("backup %s", path)
        self.made.emit(path)

    def _failed(self, error: Exception) -> None:
        self._task = None
        if isinstance(error, DatabaseUnavailable):
            self.damaged.emit(error)
            return
        log.error("backup failed: %s", error)
        self.failed.emit(str(error))
